// Issue 8 must-show: a client-control job over clients below the console, below an online relay, below an
// offline relay, below a relay that reconnects mid-job (a reply lost in a connection cut, then a relay restart
// after it acted) and below a relay revoked mid-job ends with every target in the right state and reason.
// The simulated devices count what they received: no power-on arrived twice. The online relay woke its
// Wake-on-LAN-only client with its own magic packet and held the job's per-relay limit itself.
// Real sockets: the simulator on 127.72.0.0/24, the relay channel over TLS on 127.0.0.1, SQLite on disk.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId, JobTarget, RelayId } from '../../../shared/domain';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { createJobService, storeJobDeps, type JobService } from '../../../main/jobs/index';
import { relayChannelFor, WORK_FILE, type RelayAgent, type WorkMessage } from '../../../main/relay/index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SIM_PASSWORD,
  POWER_OFF_SOFT,
  POWER_ON,
  startFleet,
  type Fleet,
  type SimDevice,
} from '../../sim/index';
import { clientOf, waitIdle } from '../jobs/job-harness';
import { startRelayHarness, until, type RelayHarness } from './relay-harness';

const WOL_PORT = 40_721;
const OS_PORT = 40_722;
const CONSOLE_WOL_PORT = 40_723;
const WAIT_SEC = 3;
const CONSOLE = [0, 1];
const ONLINE = [2, 3, 4];
const WOL_ONLY = 4;
const OFFLINE = [5, 6];
const RECONNECTING = [7, 8];
const REVOKED = [9, 10];

let fleet: Fleet;
let h: RelayHarness;
let jobs: JobService;
let pool: TransportPool;
const relays: Record<'online' | 'offline' | 'reconnecting' | 'revoked', RelayId> = {} as never;
const agents: Record<string, RelayAgent> = {};
let rows: Map<string, JobTarget>;

function dev(i: number): SimDevice {
  return fleet.devices[i] as SimDevice;
}

function agentOptions() {
  return {
    wolPort: WOL_PORT,
    wolDestination: (device: { ip: string }) => ({ kind: 'address' as const, address: device.ip }),
  };
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 11,
    seed: 'relay-job',
    baseAddress: '127.72.0.1',
    ephemeralPorts: true,
    withoutAmt: [WOL_ONLY],
    wakeOnLan: true,
    wakeOnLanPort: WOL_PORT,
    osPort: OS_PORT,
    upDelayMs: { min: 200, max: 500 },
    timeScale: 0.05,
    initialPowerState: POWER_OFF_SOFT,
  });
  await Promise.all(fleet.devices.map((d) => d.settled()));
  h = await startRelayHarness('relay-job');
  relays.online = h.addRelay('Online');
  relays.offline = h.addRelay('Offline');
  relays.reconnecting = h.addRelay('Reconnecting');
  relays.revoked = h.addRelay('Revoked');
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  const relayOf = (i: number): RelayId | null =>
    ONLINE.includes(i)
      ? relays.online
      : OFFLINE.includes(i)
        ? relays.offline
        : RECONNECTING.includes(i)
          ? relays.reconnecting
          : REVOKED.includes(i)
            ? relays.revoked
            : null;
  for (const [i, d] of fleet.devices.entries()) h.store.clients.add(clientOf(d, { relayId: relayOf(i) }));
  for (const [name, id] of Object.entries(relays)) agents[name] = await h.enrol(id, name, agentOptions());
  // The offline relay was enrolled and then went away before the job.
  await agents['offline']?.stop();
  await until(() => h.service.status(relays.offline) === 'offline', 5_000, 'the console seeing the relay go');
  pool = new TransportPool();
  jobs = createJobService({
    ...storeJobDeps({
      store: h.store,
      pool,
      pins: new MemoryPinStore(),
      tlsPolicy: 'http-only',
      amtTimeoutMs: 2_000,
      // The console's own packets go where no device listens: only a relay's packet can wake a client below it.
      wolPort: CONSOLE_WOL_PORT,
      wolDestination: (device) => ({ kind: 'address', address: device.ip }),
      relayChannel: relayChannelFor(h.service),
    }),
    pollIntervalMs: 100,
    schedulerTickMs: 200,
    progressTickMs: 50,
  });
  await jobs.start();
}, 60_000);

afterAll(async () => {
  await jobs?.stop();
  pool?.closeAll();
  await h?.close();
  await fleet?.close();
});

/** The reconnecting relay loses its first power-on reply in a connection cut, and restarts after its second. */
function cutAndRestartOnPowerOn(): Promise<void> {
  const agent = agents['reconnecting'] as RelayAgent;
  let powerOns = 0;
  let restarted: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (restarted = resolve));
  const run = agent.runner.run.bind(agent.runner);
  agent.runner.run = async (work: WorkMessage) => {
    const outcome = await run(work);
    if (work.op !== 'power') return outcome;
    powerOns += 1;
    if (powerOns === 1) agent.dropConnection();
    if (powerOns === 2) {
      // The relay process dies after acting and before replying; a new one starts on the same data folder.
      await agent.stop();
      setTimeout(() => {
        const again = h.agent('reconnecting', agentOptions());
        agents['reconnecting-2'] = again;
        void again.start().then(restarted);
      }, 300);
    }
    return outcome;
  };
  return done;
}

describe('a job over clients below the console and below relays', () => {
  it('runs to the end', async () => {
    const restarted = cutAndRestartOnPowerOn();
    const summary = await jobs.create(
      {
        name: 'Wake through relays',
        type: 'power-on',
        targets: { clientIds: h.store.clients.list().map((c) => c.id as ClientId) },
        schedule: { kind: 'now' },
        options: { waitSec: WAIT_SEC, retries: 0, retryIntervalSec: 0, upPort: OS_PORT, maxPerRelay: 1 },
      },
      'tester',
    );
    // Revoke the last relay once its first target is being worked on.
    const revokedHosts = REVOKED.map((i) => dev(i).hostName);
    await until(
      () =>
        dev(REVOKED[0] as number).actionsReceived().powerOn > 0 ||
        dev(REVOKED[1] as number).actionsReceived().powerOn > 0,
      20_000,
      'a power-on through the relay to be revoked',
    );
    h.service.revoke(relays.revoked, 'tester');
    await waitIdle(jobs, 60_000);
    await restarted;
    const done = await jobs.get(summary.id);
    const page = await jobs.targets(done.latestRunId as never, { offset: 0, limit: 100 });
    rows = new Map(page.rows.map((r) => [r.hostName, r]));
    expect(page.total).toBe(11);
    expect(revokedHosts.every((host) => rows.has(host))).toBe(true);
  }, 90_000);

  it('woke the clients below the console and below the online relay through AMT, once each', () => {
    for (const i of [...CONSOLE, 2, 3]) {
      expect(rows.get(dev(i).hostName)).toMatchObject({ state: 'done', wakeMethod: 'amt', wokenByJob: true });
      expect(dev(i).actionsReceived().powerOn).toBe(1);
      expect(dev(i).getPowerState()).toBe(POWER_ON);
    }
  });

  it("woke the online relay's Wake-on-LAN-only client with the relay's magic packet", () => {
    const t = rows.get(dev(WOL_ONLY).hostName);
    expect(t).toMatchObject({ state: 'done', wakeMethod: 'wake-on-lan' });
    expect(dev(WOL_ONLY).actionsReceived().magicPackets).toBeGreaterThanOrEqual(1);
    expect(t?.reason).toMatch(/Wake-on-LAN sent at \d\d:\d\d:\d\d to 127\.72\.0\.5:40721/);
  });

  it('held the per-relay limit of 1 at the relay too', () => {
    expect(agents['online']?.runner.maxActiveOf(1)).toBe(1);
  });

  it("failed the offline relay's clients after the job's wait, with that reason, sending them nothing", () => {
    for (const i of OFFLINE) {
      const t = rows.get(dev(i).hostName);
      expect(t?.state).toBe('failed');
      expect(t?.reason).toMatch(/^the relay "Offline" is offline since \d{4}-.*; waited 3 s for it$/);
      expect(dev(i).actionsReceived()).toMatchObject({ powerOn: 0, magicPackets: 0 });
    }
  });

  it("finished the reconnecting relay's clients with one power-on each, across a cut and a restart", () => {
    for (const i of RECONNECTING) {
      expect(rows.get(dev(i).hostName)).toMatchObject({ state: 'done', wakeMethod: 'amt' });
      expect(dev(i).actionsReceived().powerOn).toBe(1);
    }
    expect(h.logs.filter((l) => l.startsWith('console: relays: "Reconnecting" online')).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(agents['reconnecting-2']?.state).toBe('online');
    // The relay's work record holds both power-ons, each written started then done once; the repeats were
    // answered from it (a second 'started' line for a request id would mean it was sent again).
    const lines = readFileSync(join(h.dir, 'relays', 'reconnecting', WORK_FILE), 'utf8')
      .trim()
      .split('\n');
    const power = lines.map((l) => JSON.parse(l) as { requestId: string; op: string; outcome: { ok: boolean } | null });
    const written = power.filter((e) => e.op === 'power');
    expect(written.map((e) => e.outcome?.ok ?? 'started')).toEqual(['started', true, 'started', true]);
    expect(new Set(written.map((e) => e.requestId)).size).toBe(2);
  });

  it('shows each relay as the console knows it, with nothing left in hand, and counts the channel', () => {
    const views = new Map(h.service.list().map((v) => [v.name, v]));
    expect(views.get('Online')).toMatchObject({
      status: 'online',
      version: '0.1.0',
      lastAddress: '127.0.0.1',
      workInHand: 0,
    });
    expect(views.get('Online')?.fingerprint).toBe(agents['online']?.identity.fingerprint);
    expect(views.get('Offline')).toMatchObject({
      status: 'offline',
      lastError: 'offline: closed by the peer',
      workInHand: 0,
    });
    expect(views.get('Revoked')).toMatchObject({ status: 'revoked', workInHand: 0 });
    expect(views.get('Revoked')?.revokedAt).not.toBeNull();
    const counters = h.service.counters();
    // Every step is one WORK out and one RESULT in, plus the credentials asked; frames carry at least their header.
    expect(counters.messagesOut).toBeGreaterThanOrEqual(20);
    expect(counters.messagesIn).toBeGreaterThanOrEqual(counters.messagesOut - 10);
    expect(counters.bytesOut).toBeGreaterThan(counters.messagesOut * 8);
    expect(counters.bytesIn).toBeGreaterThan(counters.messagesIn * 8);
  });

  it("failed the revoked relay's clients with the revocation as their reason", () => {
    for (const i of REVOKED) {
      const t = rows.get(dev(i).hostName);
      expect(t?.state).toBe('failed');
      expect(t?.reason).toMatch(/the relay "Revoked" was revoked (at \S+ )?by tester$/);
      expect(dev(i).actionsReceived().powerOn).toBeLessThanOrEqual(1);
    }
  });
});
