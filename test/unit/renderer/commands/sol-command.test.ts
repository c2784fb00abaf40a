import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientId, SolSessionId } from '../../../../shared/domain';
import type { AmtApi, EventPayloads } from '../../../../shared/ipc';
import { setAmtApi } from '../../../../renderer/api/amt-api';
import { attachSolSink, closeSol, openSol, sendSol, startSolEvents } from '../../../../renderer/commands/sol-command';
import { initialSol, useSolStore } from '../../../../renderer/stores/sol-store';

const client = 3 as ClientId;
const session = 'sess-0001abcd' as SolSessionId;

/** A window.amt with only the SOL part, whose events the test fires by hand. */
function fakeApi(options: { beforeOpenAnswers?: (fire: FakeApi['fire']) => void; openFails?: boolean } = {}) {
  const listeners = {
    data: [] as Array<(p: EventPayloads['sol:data']) => void>,
    state: [] as Array<(p: EventPayloads['sol:state']) => void>,
  };
  const sent: Uint8Array[] = [];
  const closed: string[] = [];
  const fire = {
    data: (p: EventPayloads['sol:data']) => listeners.data.forEach((l) => l(p)),
    state: (p: EventPayloads['sol:state']) => listeners.state.forEach((l) => l(p)),
  };
  const api = {
    onSolData: (cb: (p: EventPayloads['sol:data']) => void) => (listeners.data.push(cb), () => undefined),
    onSolState: (cb: (p: EventPayloads['sol:state']) => void) => (listeners.state.push(cb), () => undefined),
    solOpen: async () => {
      options.beforeOpenAnswers?.(fire);
      if (options.openFails === true)
        throw Object.assign(new Error('AMT refused the SOL session: busy.'), { code: 'busy' });
      return { sessionId: session };
    },
    solSend: async ({ data }: { data: Uint8Array }) => (sent.push(data), { sent: data.length }),
    solClose: async ({ sessionId }: { sessionId: string }) => (closed.push(sessionId), { closed: true }),
  };
  return { api: api as unknown as AmtApi, fire, sent, closed };
}
type FakeApi = ReturnType<typeof fakeApi>;

const bytes = (text: string) => new TextEncoder().encode(text);
const decode = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

describe('sol-command', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    stop();
    useSolStore.setState(initialSol(), true);
  });

  it('delivers output that arrives before sol:open answers, and only that session’s', async () => {
    const fake = fakeApi({
      beforeOpenAnswers: (fire) => {
        fire.state({ sessionId: session, clientId: client, state: 'open', hostPoweredOn: true });
        fire.data({ sessionId: session, data: bytes('BANNER ') });
        fire.data({ sessionId: 'other-session' as SolSessionId, data: bytes('NOT OURS') });
      },
    });
    setAmtApi(fake.api);
    stop = startSolEvents(fake.api);
    const shown: Uint8Array[] = [];
    const detach = attachSolSink((d) => shown.push(d));
    await openSol(client);
    fake.fire.data({ sessionId: session, data: bytes('SETUP') });
    expect(decode(shown)).toBe('BANNER SETUP');
    expect(useSolStore.getState()).toMatchObject({ state: 'open', sessionId: session, hostPoweredOn: true });
    detach();
  });

  it('sends each key as its own sol:send while open, nothing when closed', async () => {
    const fake = fakeApi();
    setAmtApi(fake.api);
    stop = startSolEvents(fake.api);
    await openSol(client);
    fake.fire.state({ sessionId: session, clientId: client, state: 'open' });
    sendSol(bytes('\x1b[B'));
    sendSol(bytes('\r'));
    await closeSol();
    sendSol(bytes('x'));
    await Promise.resolve();
    expect(fake.sent.map((d) => new TextDecoder().decode(d))).toEqual(['\x1b[B', '\r']);
    expect(fake.closed).toEqual([session]);
    expect(useSolStore.getState().state).toBe('closed');
  });

  it('shows a refused open as failed with the words main sent', async () => {
    const fake = fakeApi({ openFails: true });
    setAmtApi(fake.api);
    stop = startSolEvents(fake.api);
    await openSol(client);
    expect(useSolStore.getState()).toMatchObject({
      state: 'failed',
      words: 'AMT refused the SOL session: busy.',
      sessionId: null,
    });
  });
});
