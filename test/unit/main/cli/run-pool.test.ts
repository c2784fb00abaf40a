// Unit tests for amtctl's bounded pool (main/cli/run-pool.ts).
import { describe, expect, it } from 'vitest';
import { runPool } from '../../../../main/cli/run-pool';

/** A gate the test opens by hand, so completion order is chosen by the test, not by timers. */
function deferred(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('runPool', () => {
  it('never has more than `limit` items in flight and settles every item', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    let inFlight = 0;
    let peak = 0;
    const results = await runPool(items, 5, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < (n % 4) + 1; i++) await Promise.resolve(); // uneven completion
      inFlight--;
      return n * 2;
    });
    expect(peak).toBe(5);
    expect(results).toHaveLength(40);
    expect(results.every((r, i) => r.ok && r.value === i * 2)).toBe(true);
  });

  it("records a thrown error as that item's result and carries on", async () => {
    const results = await runPool(['a', 'bad', 'c'], 2, async (s) => {
      if (s === 'bad') throw new Error('boom');
      return s.toUpperCase();
    });
    expect(results[0]).toEqual({ ok: true, value: 'A' });
    expect(results[1]?.ok).toBe(false);
    expect(results[2]).toEqual({ ok: true, value: 'C' });
  });

  it('reports in input order even when later items finish first', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const reported: number[] = [];
    const done = runPool(
      [0, 1, 2],
      3,
      async (n) => {
        await gates[n]!.promise;
        return n;
      },
      { onInOrder: (item) => reported.push(item) },
    );
    gates[2]!.open();
    gates[1]!.open();
    await new Promise((r) => setImmediate(r));
    expect(reported).toEqual([]); // item 0 still running holds back 1 and 2
    gates[0]!.open();
    await done;
    expect(reported).toEqual([0, 1, 2]);
  });

  it('handles an empty list and rejects a bad limit', async () => {
    expect(await runPool([], 3, async () => 1)).toEqual([]);
    await expect(runPool([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
