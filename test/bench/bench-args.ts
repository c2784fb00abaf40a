// Command-line options of `npm run bench` (power sweep): --count, --runs, --concurrency, --no-tls, --deadline-ms.

export interface BenchArgs {
  readonly count: number;
  readonly runs: number;
  readonly concurrency: number;
  readonly tls: boolean;
  /** Overall deadline of one sweep; a stuck sweep aborts the bench with a clear message. */
  readonly sweepDeadlineMs: number;
}

export const MIN_DEVICES_FOR_TARGET = 1000;
/**
 * 64 hosts in flight: enough to keep both 2-core processes busy (one request in flight per device, so the
 * sweep's parallelism is across hosts only) while staying far below fd limits and the simulator's listen backlog.
 */
export const DEFAULT_CONCURRENCY = 64;
const MAX_DEVICES = 10_000;
/** Five alternated runs: the machine is shared (2 cores), and the median of five rides out a busy moment. */
const DEFAULT_RUNS = 5;

const USAGE =
  'usage: node dist/bench/power-sweep.mjs [--count N (1000)] [--runs R (5)] [--concurrency C (64)] [--no-tls] [--deadline-ms MS (120000)]';

function positiveInt(name: string, text: string | undefined, max: number): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${name} must be an integer from 1 to ${max}\n${USAGE}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let count = MIN_DEVICES_FOR_TARGET;
  let runs = DEFAULT_RUNS;
  let concurrency = DEFAULT_CONCURRENCY;
  let tls = true;
  let sweepDeadlineMs = 120_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--no-tls') tls = false;
    else if (arg === '--count') count = positiveInt(arg, value, MAX_DEVICES);
    else if (arg === '--runs') runs = positiveInt(arg, value, 50);
    else if (arg === '--concurrency') concurrency = positiveInt(arg, value, 1024);
    else if (arg === '--deadline-ms') sweepDeadlineMs = positiveInt(arg, value, 3_600_000);
    else throw new Error(`unknown argument '${String(arg)}'\n${USAGE}`);
    if (arg !== '--no-tls') i++; // the option's value
  }
  return { count, runs, concurrency, tls, sweepDeadlineMs };
}
