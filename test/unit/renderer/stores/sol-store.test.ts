import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientId, SolSessionId } from '../../../../shared/domain';
import {
  applySolSession,
  applySolState,
  beginSolSession,
  initialSol,
  selectIsLive,
  selectStateLine,
  useSolStore,
} from '../../../../renderer/stores/sol-store';

const client = 7 as ClientId;
const session = 'session-abc123' as SolSessionId;

describe('sol-store', () => {
  beforeEach(() => useSolStore.setState(initialSol(), true));

  it('starts idle on the details tab with VT100+ and CP437', () => {
    const s = useSolStore.getState();
    expect([s.state, s.paneTab, s.profile, s.charset]).toEqual(['idle', 'details', 'vt100+', 'cp437']);
    expect(selectStateLine(s)).toBe('Not connected');
  });

  it('shows the terminal tab and Connecting… when a session begins', () => {
    beginSolSession(client);
    const s = useSolStore.getState();
    expect([s.paneTab, s.clientId, s.state]).toEqual(['terminal', client, 'connecting']);
    expect(selectStateLine(s)).toBe('Connecting…');
    expect(selectIsLive(s)).toBe(true);
  });

  it('says the host power once open', () => {
    beginSolSession(client);
    applySolSession(session);
    applySolState({ state: 'open', hostPoweredOn: false });
    expect(selectStateLine(useSolStore.getState())).toBe('Connected — host power off');
  });

  it('keeps the words of a failure and forgets the session', () => {
    beginSolSession(client);
    applySolSession(session);
    applySolState({ state: 'failed', words: 'Another console holds the SOL session.' });
    const s = useSolStore.getState();
    expect(selectStateLine(s)).toBe('Failed: Another console holds the SOL session.');
    expect(s.sessionId).toBeNull();
    expect(selectIsLive(s)).toBe(false);
  });

  it('closes without words', () => {
    beginSolSession(client);
    applySolSession(session);
    applySolState({ state: 'closed' });
    expect(selectStateLine(useSolStore.getState())).toBe('Closed');
  });
});
