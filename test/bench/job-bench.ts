// Job bench (issues 7 and 8, README "Benchmarks"): one client-control power-on job over N simulated PCs (default
// 2,000) asleep in soft-off, each with a seeded come-up time, concurrency C (default 100) — first with the console
// reaching them itself, then the same job through one relay (a relay agent enrolled over TLS on loopback, in this
// process) against the same fleet asleep again. The console's real jobs service, store on disk and AMT stack run
// here; the fleet runs in its own process (sim-runner). Reported against the ideal for the same delays and limit:
// the makespan of C slots taking the targets in the scheduler's order, each slot busy exactly its target's come-up
// time (zero cost for checking power, the power-on request and noticing S0). No assertion (benches never assert).
//   node dist/bench/job-bench.mjs [--targets N] [--concurrency C] [--delay-min MS] [--delay-max MS] [--poll-ms MS]
//                                 [--no-relay]

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ClientId, JobCounts, RelayId } from '../../shared/domain';
import { MemoryPinStore, TransportPool } from '../../main/amt/index';
import { createJobService, storeJobDeps } from '../../main/jobs/index';
import {
  createConsoleRelayService,
  createRelayAgent,
  loadOrCreateIdentity,
  relayChannelFor,
  type ConsoleRelayService,
} from '../../main/relay/index';
import { keyFileProvider, openStore, type Store } from '../../main/store/index';
import { startSimProcess, type BenchDevice, type SimProcess } from './sim-process';

const ROOT = resolve(import.meta.dirname, '../..');
const BASE_ADDRESS = '127.62.0.1';
const READY_TIMEOUT_MS = 300_000;
const MEMORY_SAMPLE_MS = 100;
const MIB = 1024 * 1024;
const RELAY_NAME = 'Bench relay';
const ENROL_LIMIT_MS = 30_000;

interface Args {
  readonly targets: number;
  readonly concurrency: number;
  readonly delayMin: number;
  readonly delayMax: number;
  readonly pollMs: number;
  readonly relay: boolean;
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
    relay: !argv.includes('--no-relay'),
  };
  if (args.targets < 1 || args.concurrency < 1 || args.delayMax < args.delayMin || args.pollMs < 10)
    throw new Error('bad job bench arguments');
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

interface PhaseFigures {
  readonly phase: 'direct' | 'relay';
  readonly wallMs: number;
  readonly counts: JobCounts | undefined;
  readonly cpuMicrosPerTarget: number;
  readonly sqliteRowWritesPerTarget: number;
  readonly peakRssDeltaMiB: number;
  readonly peakHeapMiB: number;
  readonly progressMessages: number;
  readonly progressTargetsPerMessage: number;
  readonly simRequestsPerTarget: number;
  readonly simPowerOnsPerTarget: number;
  readonly simPoweredOn: number;
  /** Through the relay only: relay-channel messages and bytes per target, both directions. */
  readonly relayMessagesPerTarget?: number;
  readonly relayBytesPerTarget?: number;
}

interface Bench {
  readonly args: Args;
  readonly sim: SimProcess;
  readonly store: Store;
  readonly pool: TransportPool;
  readonly relays: ConsoleRelayService;
  readonly ids: readonly ClientId[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** One power-on job over every client, from the fleet asleep to all targets final, measured. */
async function runPhase(bench: Bench, phase: PhaseFigures['phase']): Promise<PhaseFigures> {
  const { args, sim, store, pool, relays, ids } = bench;
  const before = await sim.powerOffAll();
  const relayBefore = relays.counters();
  const service = createJobService({
    ...storeJobDeps({
      store,
      pool,
      pins: new MemoryPinStore(),
      tlsPolicy: 'http-only',
      amtTimeoutMs: 10_000,
      relayChannel: relayChannelFor(relays),
    }),
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
  const job = await service.create(
    {
      name: `Bench wake (${phase})`,
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
  const summary = await service.get(job.id);
  await service.stop();
  const after = await sim.counters();
  const relayAfter = relays.counters();
  const n = args.targets;
  const relayMessages =
    relayAfter.messagesIn + relayAfter.messagesOut - relayBefore.messagesIn - relayBefore.messagesOut;
  const relayBytes = relayAfter.bytesIn + relayAfter.bytesOut - relayBefore.bytesIn - relayBefore.bytesOut;
  return {
    phase,
    wallMs: Math.round(wallMs),
    counts: summary.counts,
    cpuMicrosPerTarget: Math.round((cpu.user + cpu.system) / n),
    sqliteRowWritesPerTarget: round1(writes / n),
    peakRssDeltaMiB: round1((peakRss - rssBefore) / MIB),
    peakHeapMiB: round1(peakHeap / MIB),
    progressMessages,
    progressTargetsPerMessage: progressMessages > 0 ? Math.round(progressTargets / progressMessages) : 0,
    simRequestsPerTarget: round1((after.requests - before.requests) / n),
    simPowerOnsPerTarget: (after.powerOns - before.powerOns) / n,
    simPoweredOn: after.poweredOn,
    ...(phase === 'relay'
      ? { relayMessagesPerTarget: round1(relayMessages / n), relayBytesPerTarget: Math.round(relayBytes / n) }
      : {}),
  };
}

/** Enrols a relay agent (this process, its own data folder) for the relay every client is below; resolves once online. */
async function enrolRelay(relays: ConsoleRelayService, relayId: RelayId, port: number, dir: string) {
  const { code } = relays.issueEnrolmentCode(relayId, 'bench');
  const agent = createRelayAgent({
    dataDir: join(dir, 'relay'),
    consoleHost: '127.0.0.1',
    consolePort: port,
    enrolmentCode: code,
    hostName: 'bench-relay',
    tlsPolicy: 'http-only',
    amtTimeoutMs: 10_000,
  });
  await agent.start();
  const online = await relays.whenOnline(relayId, ENROL_LIMIT_MS);
  if (!online.ok) throw new Error(`the bench relay did not come online: ${online.words}`);
  return agent;
}

function printPhases(phases: readonly PhaseFigures[], idealMs: number, args: Args): void {
  console.log(
    '| path | targets | concurrency | wall s | ideal s | wall/ideal | CPU µs/target | SQLite row writes/target | peak RSS Δ MiB | WS-Man requests/target | relay msgs/target | relay bytes/target |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of phases) {
    console.log(
      `| ${p.phase === 'direct' ? 'console to PCs' : 'through one relay'} | ${args.targets} | ${args.concurrency} | ${(p.wallMs / 1000).toFixed(1)} | ${(idealMs / 1000).toFixed(1)} | ` +
        `${(p.wallMs / idealMs).toFixed(3)} | ${p.cpuMicrosPerTarget} | ${p.sqliteRowWritesPerTarget} | ${p.peakRssDeltaMiB} | ${p.simRequestsPerTarget} | ` +
        `${p.relayMessagesPerTarget ?? '—'} | ${p.relayBytesPerTarget ?? '—'} |`,
    );
  }
  for (const p of phases) {
    const c = p.counts;
    console.log(
      `${p.phase}: ${c?.done ?? 0} done, ${c?.failed ?? 0} failed; devices: ${p.simPowerOnsPerTarget} power-ons per target, ${p.simPoweredOn} in S0; ${p.progressMessages} progress messages`,
    );
  }
  const direct = phases.find((p) => p.phase === 'direct');
  const relay = phases.find((p) => p.phase === 'relay');
  if (direct) console.log(`goal wall/ideal <= 1.05 (direct): ${direct.wallMs / idealMs <= 1.05 ? 'met' : 'NOT met'}`);
  if (direct && relay)
    console.log(`through the relay / direct, same run: wall ${(relay.wallMs / direct.wallMs).toFixed(3)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(
    `Job bench: ${args.targets} targets, concurrency ${args.concurrency}, come-up ${args.delayMin}-${args.delayMax} ms (seeded), poll ${args.pollMs} ms`,
  );
  const sim = await startSimProcess(args.targets, BASE_ADDRESS, READY_TIMEOUT_MS, [
    '--seed',
    'job-bench',
    '--up-delay-min',
    String(args.delayMin),
    '--up-delay-max',
    String(args.delayMax),
    '--initial-power',
    'off',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'amt-console-job-bench-'));
  const store = openStore(join(dir, 'amt-console.db'), { keyProvider: keyFileProvider(join(dir, 'vault.key')) });
  const pool = new TransportPool();
  const relays = createConsoleRelayService({
    store,
    identity: loadOrCreateIdentity(join(dir, 'console'), 'bench-console', 'amt-console bench'),
    port: 0,
  });
  let agent: Awaited<ReturnType<typeof enrolRelay>> | undefined;
  try {
    const { port } = await relays.listen();
    const devices = sim.devices;
    const first = devices[0] as BenchDevice;
    store.profiles.set({ scope: 'default', targetId: null, user: first.user, password: first.password });
    // Every client is below one relay; until that relay is enrolled the console reaches them itself.
    const relayId = store.relays.add({ name: RELAY_NAME, kind: 'relay-system', host: 'bench-relay' }).id;
    const ids: ClientId[] = [];
    store.db.transaction(() => {
      for (const d of devices) {
        ids.push(
          store.clients.add({
            hostName: d.hostName,
            ip: d.host,
            amtPort: d.httpPort,
            mac: d.mac,
            subnetMask: '255.255.255.0',
            amtVersion: d.amtVersion,
            relayId,
          }).id,
        );
      }
    })();
    const bench: Bench = { args, sim, store, pool, relays, ids };
    const phases: PhaseFigures[] = [await runPhase(bench, 'direct')];
    if (args.relay) {
      agent = await enrolRelay(relays, relayId, port, dir);
      phases.push(await runPhase(bench, 'relay'));
    }

    // The scheduler takes a run's targets in host-name order (the repository's ORDER BY host_name COLLATE NOCASE).
    const nocase = (name: string): string => name.toLowerCase();
    const ordered = [...devices].sort((a, b) =>
      nocase(a.hostName) < nocase(b.hostName) ? -1 : nocase(a.hostName) > nocase(b.hostName) ? 1 : 0,
    );
    const idealMs = idealMakespanMs(
      ordered.map((d) => d.upDelayMs ?? 0),
      args.concurrency,
    );
    printPhases(phases, idealMs, args);
    const report = { measuredAt: new Date().toISOString(), ...args, idealMs: Math.round(idealMs), phases };
    const out = join(ROOT, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'job-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('figures: bench-results/job-bench.json');
  } finally {
    await agent?.stop();
    await relays.close();
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
