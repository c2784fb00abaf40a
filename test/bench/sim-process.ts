// Parent side of the bench simulator: spawns dist/bench/sim-runner.mjs as its own process (so the client's CPU and
// memory are measured alone), reads the device list, waits for the ready line (bounded), asks for request counters.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchDevice {
  readonly host: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  readonly user: string;
  readonly password: string;
  readonly realm: string;
  readonly hostName: string;
  readonly mac: string;
  readonly amtVersion: string;
  /** The device's seeded come-up time after a power-on, when the fleet was started with one. */
  readonly upDelayMs: number | null;
}

export interface SimCounters {
  readonly requests: number;
  readonly unauthorized: number;
  readonly connections: number;
  /** Power-on requests the devices received, and how many are in S0 now. */
  readonly powerOns: number;
  readonly poweredOn: number;
}

export interface SimProcess {
  readonly devices: readonly BenchDevice[];
  counters(): Promise<SimCounters>;
  /** Every device back in soft-off (the job bench's next phase); resolves with the counters after. */
  powerOffAll(): Promise<SimCounters>;
  stop(): Promise<void>;
}

const STATS_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** Starts the fleet in a child process; rejects if it is not ready within `readyTimeoutMs`. */
export function startSimProcess(
  count: number,
  baseAddress: string,
  readyTimeoutMs: number,
  extraArgs: readonly string[] = [],
): Promise<SimProcess> {
  // Beside this module once bundled (dist/bench/); from the source tree (tsx), the built runner in dist/bench/.
  const besides = fileURLToPath(new URL('./sim-runner.mjs', import.meta.url));
  const runner = existsSync(besides)
    ? besides
    : fileURLToPath(new URL('../../dist/bench/sim-runner.mjs', import.meta.url));
  const child = spawn(
    process.execPath,
    [runner, '--count', String(count), '--base-address', baseAddress, ...extraArgs],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const devices: BenchDevice[] = [];
  const statsWaiters: ((c: SimCounters) => void)[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });

  return new Promise<SimProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(child);
      reject(
        new Error(
          `the simulator did not report ready within ${readyTimeoutMs} ms (${devices.length} devices listed) ${stderr.trim()}`,
        ),
      );
    }, readyTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited before it was ready (code ${code}, signal ${signal}): ${stderr.trim()}`));
    });
    lines.on('line', (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // not a JSON line: ignore
      }
      if (record['stats']) {
        statsWaiters.shift()?.(record['stats'] as SimCounters);
      } else if (record['ready'] === true) {
        clearTimeout(timer);
        resolve({
          devices,
          counters: () => askCounters(child, statsWaiters, 'stats'),
          powerOffAll: () => askCounters(child, statsWaiters, 'power-off-all'),
          stop: () => stop(child),
        });
      } else if (typeof record['host'] === 'string') {
        devices.push(record as unknown as BenchDevice);
      }
    });
  });
}

function askCounters(
  child: ChildProcess,
  waiters: ((c: SimCounters) => void)[],
  command: 'stats' | 'power-off-all',
): Promise<SimCounters> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the simulator did not answer "${command}" within ${STATS_TIMEOUT_MS} ms`)),
      STATS_TIMEOUT_MS,
    );
    waiters.push((c) => {
      clearTimeout(timer);
      resolve(c);
    });
    child.stdin?.write(`${command}\n`);
  });
}

/** Asks the child to quit, then SIGKILLs it if it is still there after a grace period. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end('quit\n');
    child.kill('SIGTERM');
  });
}
