// Bounded-concurrency runner for amtctl: at most `limit` hosts in flight, every item gets a result, and
// results are reported in input order as soon as all earlier items are done (issue spec "--concurrency").
//
// Why input order rather than completion order: a script diffing two runs, or a person scanning a
// table, expects the order they gave. Why streamed rather than all-at-the-end: with 1000 hosts and a few
// unreachable ones timing out, the JSON consumer should see the finished prefix right away. A slow host
// holds back only the lines after it, never more than `limit` hosts' worth of work.

export type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface PoolHooks<T, R> {
  /** Called once per item, in input order, as soon as it and every item before it have settled. */
  readonly onInOrder?: (item: T, result: Settled<R>, index: number) => void;
}

export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
  hooks: PoolHooks<T, R> = {},
): Promise<Settled<R>[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  const results: (Settled<R> | undefined)[] = new Array(items.length).fill(undefined);
  let nextToStart = 0;
  let nextToReport = 0;

  const report = (): void => {
    while (nextToReport < items.length) {
      const result = results[nextToReport];
      if (result === undefined) return;
      hooks.onInOrder?.(items[nextToReport] as T, result, nextToReport);
      nextToReport++;
    }
  };

  const lane = async (): Promise<void> => {
    // Each lane takes the next unstarted item until none is left: never more lanes than `limit`.
    while (nextToStart < items.length) {
      const index = nextToStart++;
      let settled: Settled<R>;
      try {
        settled = { ok: true, value: await worker(items[index] as T, index) };
      } catch (error) {
        settled = { ok: false, error };
      }
      results[index] = settled;
      report();
    }
  };

  const lanes = Array.from({ length: Math.min(limit, items.length) }, () => lane());
  await Promise.all(lanes);
  report();
  return results as Settled<R>[];
}
