import { beforeEach, describe, expect, it } from 'vitest';
import {
  beginBatch,
  failBatch,
  initialActionResults,
  MAX_BATCHES,
  selectPendingCount,
  settleBatch,
  useActionResultsStore,
} from '../../../../renderer/stores/action-results-store';
import type { ClientId } from '../../../../shared/domain';

const t = (n: number) => ({ id: n as ClientId, hostName: `pc-${n}` });

describe('action results store', () => {
  beforeEach(() => useActionResultsStore.setState(initialActionResults(), true));

  it('marks every target pending, then settles each with its own outcome in words', () => {
    const batch = beginBatch('on', [t(1), t(2)]);
    expect(selectPendingCount(useActionResultsStore.getState())).toBe(2);
    settleBatch(batch, [
      { id: 1 as ClientId, ok: true, power: 'on' },
      {
        id: 2 as ClientId,
        ok: false,
        error: { code: 'auth-failed', message: 'AMT refused the user name or password.' },
      },
    ]);
    const s = useActionResultsStore.getState();
    expect(s.byClient.get(1 as ClientId)?.state).toBe('ok');
    expect(s.byClient.get(2 as ClientId)).toMatchObject({
      state: 'failed',
      words: 'AMT refused the user name or password.',
    });
    expect(selectPendingCount(s)).toBe(0);
  });

  it('ignores a late result for a client a newer batch has taken over', () => {
    const first = beginBatch('on', [t(1)]);
    beginBatch('off', [t(1)]);
    settleBatch(first, [{ id: 1 as ClientId, ok: true }]);
    expect(useActionResultsStore.getState().byClient.get(1 as ClientId)).toMatchObject({
      action: 'off',
      state: 'pending',
    });
  });

  it('a refused request fails every pending target of its batch with the same words', () => {
    const batch = beginBatch('reset', [t(1), t(2)]);
    failBatch(batch, { code: 'bad-input', message: 'Destructive actions need a confirmation.' });
    const states = [...useActionResultsStore.getState().byClient.values()].map((r) => [r.state, r.words]);
    expect(states).toEqual([
      ['failed', 'Destructive actions need a confirmation.'],
      ['failed', 'Destructive actions need a confirmation.'],
    ]);
  });

  it('keeps at most MAX_BATCHES batches, newest first', () => {
    for (let i = 0; i < MAX_BATCHES + 5; i += 1) beginBatch('refresh', [t(i)]);
    const batches = useActionResultsStore.getState().batches;
    expect(batches).toHaveLength(MAX_BATCHES);
    expect(batches[0]!.id).toBeGreaterThan(batches[1]!.id);
  });
});
