// Job bench (issue 7, README "Benchmarks"): one client-control power-on job over N simulated PCs (default 2,000)
// asleep in soft-off, each with a seeded come-up time, concurrency C (default 100). The console's real jobs
// service, store on disk and AMT stack run in this process; the fleet runs in its own (sim-runner), so the CPU
// and memory measured here are the scheduler's. Reported against the ideal for the same delays and limit: the
// makespan of C slots taking the targets in the scheduler's order, each slot busy exactly its target's come-up
// time (zero cost for checking power, the power-on request and noticing S0). No assertion (benches never assert).
//   node dist/bench/job-bench.mjs [--targets N] [--concurrency C] [--delay-min MS] [--delay-max MS] [--poll-ms MS]

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ClientId } from '../../shared/domain';
import { MemoryPinStore, TransportPool } from '../../main/amt/index';
import { createJobService, storeJobDeps } from '../../main/jobs/index';
import { keyFileProvider, openStore } from '../../main/store/index';
import { startSimProcess, type BenchDevice } from './sim-process';

const ROOT = resolve(import.meta.dirname, '../..');
const BASE_ADDRESS = '127.62.0.1';
const READY_TIMEOUT_MS = 300_000;
const MEMORY_SAMPLE_MS = 100;
const MIB = 1024 * 1024;

interface Args {
  readonly targets: number;
  readonly concurrency: number;
  readonly delayMin: number;
  readonly delayMax: number;
  readonly pollMs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number >= 0`);
    return n;
  };
  const args = {
    targets: value('--targets', 2_000),
    concurrency: value('--concurrency', 100),
    delayMin: value('--delay-min', 1_500),
    delayMax: value('--delay-max', 4_500),
    pollMs: value('--poll-ms', 100),
  };
  if (args.targets < 1 || args.concurrency < 1 || args.delayMax < args.delayMin || args.pollMs < 10) throw new Error('bad job bench arguments');
  return args;
}

/** The ideal makespan: C slots, targets taken in `order`, each holding a slot for exactly its duration. */
export function idealMakespanMs(durations: readonly number[], slots: number): number {
  const free = new Array<number>(Math.min(slots, durations.length)).fill(0);
  for (const d of durations) {
    let earliest = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] as number) < (free[earliest] as number)) earliest = i;
    free[earliest] = (free[earliest] as number) + d;
  }
  return Math.max(...free);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`Job bench: ${args.targets} targets, concurrency ${args.concurrency}, come-up ${args.delayMin}-${args.delayMax} ms (seeded), poll ${args.pollMs} ms`);
  const sim = await startSimProcess(args.targets, BASE_ADDRESS, READY_TIMEOUT_MS, [
    '--seed', 'job-bench', '--up-delay-min', String(args.delayMin), '--up-delay-max', String(args.delayMax), '--initial-power', 'off',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'amt-console-job-bench-'));
  const store = openStore(join(dir, 'amt-console.db'), { keyProvider: keyFileProvider(join(dir, 'vault.key')) });
  const pool = new TransportPool();
  try {
    const devices = sim.devices;
    const first = devices[0] as BenchDevice;
    store.profiles.set({ scope: 'default', targetId: null, user: first.user, password: first.password });
    const ids: ClientId[] = [];
    store.db.transaction(() => {
      for (const d of devices) {
        ids.push(store.clients.add({ hostName: d.hostName, ip: d.host, amtPort: d.httpPort, mac: d.mac, subnetMask: '255.255.255.0', amtVersion: d.amtVersion }).id);
      }
    })();
    const service = createJobService({
      ...storeJobDeps({ store, pool, pins: new MemoryPinStore(), tlsPolicy: 'http-only', amtTimeoutMs: 10_000 }),
      pollIntervalMs: args.pollMs,
    });
    let progressMessages = 0;
    let progressTargets = 0;
    service.onProgress((u) => {
      progressMessages += 1;
      progressTargets += u.targets.length;
    });
    const changes = store.db.prepare('SELECT total_changes() AS n');
    const changesBefore = (changes.get() as { n: number }).n;
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, MEMORY_SAMPLE_MS);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await service.start();
    await service.create(
      {
        name: 'Bench wake',
        type: 'power-on',
        targets: { clientIds: ids },
        schedule: { kind: 'now' },
        options: { maxConcurrent: args.concurrency, maxPerRelay: args.concurrency, waitSec: 120, retries: 0 },
      },
      'bench',
    );
    await service.idle();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    const writes = (changes.get() as { n: number }).n - changesBefore;
    const [summary] = await service.list();
    await service.stop();
    const counters = await sim.counters();

    // The scheduler takes a run's targets in host-name order (the repository's ORDER BY host_name COLLATE NOCASE).
    const nocase = (name: string): string => name.toLowerCase();
    const ordered = [...devices].sort((a, b) => (nocase(a.hostName) < nocase(b.hostName) ? -1 : nocase(a.hostName) > nocase(b.hostName) ? 1 : 0));
    const idealMs = idealMakespanMs(ordered.map((d) => d.upDelayMs ?? 0), args.concurrency);
    const report = {
      measuredAt: new Date().toISOString(),
      ...args,
      wallMs: Math.round(wallMs),
      idealMs: Math.round(idealMs),
      ratio: Math.round((wallMs / idealMs) * 1000) / 1000,
      counts: summary?.counts,
      cpuMicrosPerTarget: Math.round((cpu.user + cpu.system) / args.targets),
      sqliteRowWritesPerTarget: Math.round((writes / args.targets) * 10) / 10,
      peakRssDeltaMiB: Math.round(((peakRss - rssBefore) / MIB) * 10) / 10,
      peakHeapMiB: Math.round((peakHeap / MIB) * 10) / 10,
      progressMessages,
      progressTargetsPerMessage: progressMessages > 0 ? Math.round(progressTargets / progressMessages) : 0,
      simRequestsPerTarget: Math.round((counters.requests / args.targets) * 10) / 10,
      simPowerOnsPerTarget: counters.powerOns / args.targets,
      simPoweredOn: counters.poweredOn,
    };
    console.log('| targets | concurrency | wall s | ideal s | wall/ideal | CPU µs/target | SQLite row writes/target | peak RSS Δ MiB | WS-Man requests/target |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${args.targets} | ${args.concurrency} | ${(wallMs / 1000).toFixed(1)} | ${(idealMs / 1000).toFixed(1)} | ${report.ratio} | ${report.cpuMicrosPerTarget} | ` +
        `${report.sqliteRowWritesPerTarget} | ${report.peakRssDeltaMiB} | ${report.simRequestsPerTarget} |`,
    );
    const c = summary?.counts;
    console.log(`targets: ${c?.done ?? 0} done, ${c?.failed ?? 0} failed; devices: ${counters.powerOns} power-ons received, ${counters.poweredOn} in S0; ` +
      `${progressMessages} progress messages (${report.progressTargetsPerMessage} target changes each on average); goal wall/ideal <= 1.05: ${report.ratio <= 1.05 ? 'met' : 'NOT met'}`);
    const out = join(ROOT, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'job-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('figures: bench-results/job-bench.json');
  } finally {
    pool.closeAll();
    store.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`job bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
