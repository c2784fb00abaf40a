// Must-show (issue 7): crash safety for real. The scheduler runs in a child process (`amtctl job run` over a
// console data folder on disk) and is killed with SIGKILL at many points of running jobs — each kill aimed at a
// state of the per-target machine, or at the window between an action's journalled intent and its outcome —
// then started again on the same store. In the end no target is lost, none is stuck, and no simulated device
// received a non-idempotent action (power-on, reset, power-off, graceful off) twice in one job: counted by the
// devices themselves, not by the scheduler. Real sockets on 127.70.9.0/24, SQLite on disk.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_TARGET_STATES, TARGET_STATES, type TargetState } from '../../../shared/domain';
import { runCli } from '../../../main/cli/run-cli';
import {
  DEFAULT_SIM_PASSWORD,
  POWER_HIBERNATE,
  POWER_OFF_SOFT,
  POWER_ON,
  POWER_SLEEP_DEEP,
  startFleet,
  type ActionsReceived,
  type Fleet,
  type SimDevice,
} from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';
import { clientOf, openHarnessStore } from './job-harness';

const ROOT = resolve(import.meta.dirname, '../../..');
const AMTCTL = join(ROOT, 'bin/amtctl.mjs');
const BUNDLE = join(ROOT, 'dist/cli/amtctl.mjs');
const WOL_PORT = 40_749;
const OS_PORT = 40_750;
const MIN_KILLS = 50;
/** Bounds of the whole drive: jobs, kills, and the time one aim may take before the kill happens anyway. */
const MAX_JOBS = 30;
const MAX_KILLS = 200;
const CHILD_LIMIT_MS = 60_000;
const DRIVE_LIMIT_MS = 150_000;
const POLL_MS = 4;

/** The initial power state of each simulated device before every job (index = device). */
const NO_AMT = 3;
/** Slow devices answer every request after slowDelayMs: their steps last long enough to be killed inside. */
const SLOW = [5, 6, 8, 9];
const INITIAL_POWER = [
  POWER_OFF_SOFT,
  POWER_SLEEP_DEEP,
  POWER_HIBERNATE,
  POWER_OFF_SOFT,
  POWER_ON,
  POWER_OFF_SOFT,
  POWER_ON,
  POWER_OFF_SOFT,
  POWER_HIBERNATE,
  POWER_SLEEP_DEEP,
];
/** Types in turn: collect-info wakes, works and shuts down afterwards; restart resets the ones that were on. */
const JOB_TYPES = ['collect-info', 'restart', 'power-on'] as const;

/** What a kill is aimed at: a target in one of the machine's working states, or an action's open intent. */
const WORKING_STATES = TARGET_STATES.filter((s) => !FINAL_TARGET_STATES.has(s));
type Aim = TargetState | 'open-intent';
const AIMS: readonly Aim[] = [...WORKING_STATES, 'open-intent'];

interface KillPoint {
  readonly job: number;
  readonly aim: Aim;
  /** What the store held when the process died. */
  readonly states: readonly TargetState[];
  readonly openIntents: number;
}

let fleet: Fleet;
let dir: string;
let db: Database.Database;
const children = new Set<ChildProcess>();
const log: string[] = [];

function dev(i: number): SimDevice {
  return fleet.devices[i] as SimDevice;
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error('dist/ is not built: run npm run build first');
  fleet = await startFleet({
    count: INITIAL_POWER.length,
    seed: 'crash-safety',
    baseAddress: '127.70.9.1',
    ephemeralPorts: true,
    withoutAmt: [NO_AMT],
    wakeOnLan: true,
    wakeOnLanPort: WOL_PORT,
    osPort: OS_PORT,
    upDelayMs: { min: 150, max: 700 },
    timeScale: 0.05,
    slowDelayMs: 150,
    faults: Object.fromEntries(SLOW.map((i) => [String(i), ['slow'] as const])),
    initialPowerState: POWER_OFF_SOFT,
  });
  dir = mkdtempSync(join(tmpdir(), 'amt-console-crash-'));
  const store = openHarnessStore(dir);
  store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  for (const d of fleet.devices) store.clients.add(clientOf(d));
  store.close();
  db = new Database(join(dir, 'amt-console.db'), { readonly: true, fileMustExist: true });
}, 30_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  db?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function amtctl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingCliIo({}, 'no prompt in tests');
  const code = await runCli(['job', ...argv, '--data', dir], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** `amtctl job run --until-idle` as its own process; resolves with its exit when it ends (or is killed). */
function startScheduler(): { child: ChildProcess; exited: Promise<number | null> } {
  const argv = [
    'job',
    'run',
    '--data',
    dir,
    '--until-idle',
    '--poll-ms',
    '50',
    '--wol-port',
    String(WOL_PORT),
    '--wol-to-client',
    '--tls-policy',
    'http-only',
  ];
  const child = spawn(process.execPath, [AMTCTL, ...argv], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  const limit = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS);
  const exited = new Promise<number | null>((done) => {
    child.on('exit', (code) => {
      clearTimeout(limit);
      children.delete(child);
      done(code);
    });
  });
  return { child, exited };
}

const latestRun = (jobId: number): number | undefined =>
  (db.prepare('SELECT MAX(id) AS id FROM job_runs WHERE job_id = ?').get(jobId) as { id: number | null }).id ??
  undefined;
const statesOf = (runId: number): TargetState[] =>
  (db.prepare('SELECT state FROM job_targets WHERE run_id = ?').all(runId) as { state: TargetState }[]).map(
    (r) => r.state,
  );
const openIntentsOf = (runId: number): number =>
  (
    db.prepare("SELECT COUNT(*) AS n FROM job_actions WHERE run_id = ? AND status = 'intent'").get(runId) as {
      n: number;
    }
  ).n;

/**
 * Is the aim in sight, reached by this scheduler process (a row it wrote since `sinceIso`)? What an earlier
 * process left behind does not count, or every kill would land before the new process did anything.
 * 'queued' counts only while some other target is already being worked on.
 */
function inSight(runId: number, aim: Aim, sinceIso: string): boolean {
  if (aim === 'open-intent') {
    const q = "SELECT COUNT(*) AS n FROM job_actions WHERE run_id = ? AND status = 'intent' AND intent_at >= ?";
    return (db.prepare(q).get(runId, sinceIso) as { n: number }).n > 0;
  }
  const fresh = (
    db.prepare('SELECT state FROM job_targets WHERE run_id = ? AND updated_at >= ?').all(runId, sinceIso) as {
      state: TargetState;
    }[]
  ).map((r) => r.state);
  if (aim === 'queued') return statesOf(runId).includes('queued') && fresh.some((s) => s !== 'queued');
  return fresh.includes(aim);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function resetDevices(): Promise<void> {
  await Promise.all(fleet.devices.map((d) => d.settled()));
  INITIAL_POWER.forEach((power, i) => dev(i).setPowerState(power));
  await Promise.all(fleet.devices.map((d) => d.settled()));
}

function diff(after: ActionsReceived, before: ActionsReceived): ActionsReceived {
  const out = {} as Record<keyof ActionsReceived, number>;
  for (const key of Object.keys(after) as (keyof ActionsReceived)[]) out[key] = after[key] - before[key];
  return out;
}

describe('the scheduler killed with SIGKILL at every state of running jobs', () => {
  const kills: KillPoint[] = [];
  const received: { job: number; type: string; device: string; got: ActionsReceived }[] = [];
  const ended: { job: number; states: TargetState[]; reasons: (string | null)[] }[] = [];
  const killsAt = (aim: Aim): number => kills.filter((k) => k.aim === aim).length;

  it(
    `is killed at least ${MIN_KILLS} times, every working state and an open intent among the kill points`,
    async () => {
      const started = Date.now();
      const hosts = fleet.devices.flatMap((d) => ['--client', d.hostName]);
      for (let job = 1; job <= MAX_JOBS && Date.now() - started < DRIVE_LIMIT_MS; job++) {
        const coveredAll = AIMS.every((aim) => kills.some((k) => k.aim === aim));
        if (kills.length >= MIN_KILLS && coveredAll) break;
        await resetDevices();
        const before = fleet.devices.map((d) => d.actionsReceived());
        const type = JOB_TYPES[(job - 1) % JOB_TYPES.length] as string;
        const created = await amtctl(
          'create',
          '--name',
          `Crash ${job}`,
          '--type',
          type,
          ...hosts,
          '--wait-sec',
          '6',
          '--retries',
          '0',
          '--max-concurrent',
          '3',
          '--up-port',
          String(OS_PORT),
          ...(type === 'collect-info' ? ['--shutdown-after'] : []),
          '--json',
        );
        expect(created.err).toBe('');
        expect(created.code).toBe(0);
        const jobId = (JSON.parse(created.out) as { id: number }).id;
        // Bounded: each pass either kills the scheduler at a fresh sight of its aim or lets it end the job. An aim
        // not in sight within AIM_LIMIT_MS gives way to the next one without a kill, so every kill follows progress.
        for (let pass = 0; pass < MAX_KILLS; pass++) {
          // Past the drive's limit, the scheduler is left to end the job (its targets are still checked below).
          const killing = Date.now() - started < DRIVE_LIMIT_MS;
          const sinceIso = new Date().toISOString();
          const { child, exited } = startScheduler();
          let done = false;
          void exited.then(() => (done = true));
          let aim: Aim | undefined;
          if (!killing) await exited;
          for (let polls = 0; !done && polls < CHILD_LIMIT_MS / POLL_MS; polls++) {
            const runId = latestRun(jobId);
            // The first fresh sight of an aim that has fewer kills than its share: rare aims are taken when they come.
            const share = Math.floor(kills.length / AIMS.length) + 1;
            aim = runId === undefined ? undefined : AIMS.find((a) => killsAt(a) < share && inSight(runId, a, sinceIso));
            if (aim !== undefined) break;
            await sleep(POLL_MS);
          }
          if (aim === undefined) {
            const code = await exited;
            expect(code, log.join('')).toBe(0);
            break; // the scheduler ended the job by itself
          }
          child.kill('SIGKILL');
          await exited;
          const runId = latestRun(jobId) as number;
          kills.push({ job, aim, states: statesOf(runId), openIntents: openIntentsOf(runId) });
        }
        const runId = latestRun(jobId) as number;
        const rows = db
          .prepare('SELECT state, reason FROM job_targets WHERE run_id = ? ORDER BY client_id')
          .all(runId) as { state: TargetState; reason: string | null }[];
        ended.push({ job, states: rows.map((r) => r.state), reasons: rows.map((r) => r.reason) });
        await Promise.all(fleet.devices.map((d) => d.settled()));
        fleet.devices.forEach((d, i) =>
          received.push({
            job,
            type,
            device: d.hostName,
            got: diff(d.actionsReceived(), before[i] as ActionsReceived),
          }),
        );
      }
      const summary = AIMS.map((aim) => `${aim}: ${killsAt(aim)}`).join(', ');
      console.log(
        `crash-safety: ${kills.length} kills over ${ended.length} jobs in ${Date.now() - started} ms (${summary})`,
      );
      expect(kills.length).toBeGreaterThanOrEqual(MIN_KILLS);
      for (const aim of AIMS) expect(killsAt(aim), `no kill while ${aim}`).toBeGreaterThan(0);
      // What the store held at the moment of death covers every working state too.
      for (const state of WORKING_STATES)
        expect(
          kills.some((k) => k.states.includes(state)),
          `never died in ${state}`,
        ).toBe(true);
    },
    DRIVE_LIMIT_MS + 60_000,
  );

  it('lost no target and left none stuck: every job ended with all its targets final and a reason', () => {
    expect(ended.length).toBeGreaterThan(0);
    for (const { job, states, reasons } of ended) {
      expect(states, `job ${job}`).toHaveLength(INITIAL_POWER.length);
      for (const s of states) expect(FINAL_TARGET_STATES.has(s), `job ${job}: a target left in ${s}`).toBe(true);
      for (const r of reasons) expect(r ?? '', `job ${job}`).not.toBe('');
    }
  });

  it('sent no device a non-idempotent action twice in one job (the devices counted)', () => {
    expect(received.length).toBe(ended.length * INITIAL_POWER.length);
    for (const { job, type, device, got } of received) {
      const where = `job ${job} (${type}) on ${device}: ${JSON.stringify(got)}`;
      expect(got.powerOn, where).toBeLessThanOrEqual(1);
      expect(got.reset, where).toBeLessThanOrEqual(1);
      expect(got.powerOff + got.gracefulOff, where).toBeLessThanOrEqual(1);
      expect(got.cycle + got.gracefulReset, where).toBe(0);
    }
    // The drive did wake, reset and shut down devices (the counts above are not vacuous).
    const total = received.reduce(
      (sum, r) => ({
        on: sum.on + r.got.powerOn,
        reset: sum.reset + r.got.reset,
        off: sum.off + r.got.gracefulOff + r.got.powerOff,
      }),
      { on: 0, reset: 0, off: 0 },
    );
    expect(total.on).toBeGreaterThan(0);
    expect(total.reset).toBeGreaterThan(0);
    expect(total.off).toBeGreaterThan(0);
  });

  it('the journal agrees with the devices: every action recorded as sent was received', () => {
    const sent = db
      .prepare(
        'SELECT a.action, t.host_name AS host, r.job_id AS job FROM job_actions a JOIN job_runs r ON r.id = a.run_id ' +
          "JOIN job_targets t ON t.run_id = a.run_id AND t.client_id = a.client_id WHERE a.status = 'sent'",
      )
      .all() as { action: string; host: string; job: number }[];
    const field: Record<string, (g: ActionsReceived) => number> = {
      'power-on': (g) => g.powerOn,
      reset: (g) => g.reset,
      'power-off': (g) => g.powerOff,
      'graceful-off': (g) => g.gracefulOff,
    };
    for (const s of sent) {
      const count = field[s.action];
      if (count === undefined) continue; // the magic packet: idempotent, counted separately by the device
      const got = received.find((r) => r.job === s.job && r.device === s.host);
      expect(got, `job ${s.job} ${s.host}`).toBeDefined();
      expect(count((got as (typeof received)[number]).got), `job ${s.job} ${s.host} ${s.action}`).toBe(1);
    }
  });
});
