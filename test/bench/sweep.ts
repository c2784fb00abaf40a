// One timed sweep: every host once through `perHost`, at most `concurrency` hosts in flight, under an overall deadline.
// Samples memory every few ms (peak over the pre-sweep value) and the process CPU time, so two clients compare fairly.

export interface SweepMeasure {
  readonly hosts: number;
  readonly failures: number;
  /** First failure message, for the report (never contains credentials: both clients only name the host). */
  readonly firstFailure: string | undefined;
  readonly wallMs: number;
  readonly hostsPerSecond: number;
  readonly peakRssDeltaBytes: number;
  readonly peakHeapDeltaBytes: number;
  readonly cpuMicrosPerHost: number;
}

const MEMORY_SAMPLE_MS = 20;

export class SweepTimeoutError extends Error {}

export async function runSweep(
  label: string,
  hosts: readonly string[],
  concurrency: number,
  deadlineMs: number,
  perHost: (host: string) => Promise<unknown>,
): Promise<SweepMeasure> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.(); // start each sweep from a collected heap when node runs with --expose-gc
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = (): void => {
    const now = process.memoryUsage();
    if (now.rss > peakRss) peakRss = now.rss;
    if (now.heapUsed > peakHeap) peakHeap = now.heapUsed;
  };
  const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
  sampler.unref();

  let next = 0;
  let done = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const host = hosts[next++] as string;
      try {
        await perHost(host);
      } catch (error) {
        failures += 1;
        firstFailure ??= `${host}: ${error instanceof Error ? error.message : String(error)}`;
      }
      done += 1;
    }
  };
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    deadline = setTimeout(
      () =>
        reject(
          new SweepTimeoutError(
            `${label}: the sweep did not finish within ${deadlineMs} ms (${done} of ${hosts.length} hosts done); aborting the bench`,
          ),
        ),
      deadlineMs,
    );
  });
  try {
    const workers = Array.from({ length: Math.min(concurrency, hosts.length) }, () => worker());
    await Promise.race([Promise.all(workers), timedOut]);
  } finally {
    clearTimeout(deadline);
    clearInterval(sampler);
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  sample();
  return {
    hosts: hosts.length,
    failures,
    firstFailure,
    wallMs,
    hostsPerSecond: hosts.length / (wallMs / 1000),
    peakRssDeltaBytes: peakRss - before.rss,
    peakHeapDeltaBytes: peakHeap - before.heapUsed,
    cpuMicrosPerHost: (cpu.user + cpu.system) / hosts.length,
  };
}
