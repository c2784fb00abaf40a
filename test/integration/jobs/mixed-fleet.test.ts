// Must-show: a client-control job over a simulated fleet of mixed clients (AMT asleep, hibernating and off,
// Wake-on-LAN only, unreachable, wrong password, one that never comes up, one already on) ends with every
// target in the right state and reason; the devices' own counters show what each received; the audit
// log has each action; a second job shows "shut down afterwards" only for the clients it woke.
// Real sockets on 127.70.2.0/24 (own address per device), SQLite on disk.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId, JobTarget } from '../../../shared/domain';
import {
  DEFAULT_SIM_PASSWORD,
  POWER_HIBERNATE,
  POWER_OFF_SOFT,
  POWER_ON,
  POWER_SLEEP_DEEP,
  startFleet,
  type Fleet,
  type SimDevice,
} from '../../sim/index';
import { addClients, clientOf, startHarness, waitIdle, type JobHarness } from './job-harness';

const WOL_PORT = 40_709;
const OS_PORT = 40_710;
const WAIT_SEC = 3;
let fleet: Fleet;
let h: JobHarness;
let ids: ClientId[];

const ASLEEP = 0;
const HIBERNATING = 1;
const OFF = 2;
const WOL_ONLY = 3;
const WRONG_PASSWORD = 4;
const NEVER_UP = 5;
const ALREADY_ON = 6;
const OFF_FOR_SHUTDOWN = 7;
const UNREACHABLE_IP = '127.70.2.200';

function dev(i: number): SimDevice {
  return fleet.devices[i] as SimDevice;
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 8,
    seed: 'mixed-fleet',
    baseAddress: '127.70.2.1',
    ephemeralPorts: true,
    withoutAmt: [WOL_ONLY],
    wakeOnLan: true,
    wakeOnLanPort: WOL_PORT,
    osPort: OS_PORT,
    upDelayMs: { min: 100, max: 600 },
    timeScale: 0.05,
    faults: { [String(WRONG_PASSWORD)]: ['wrongPassword'], [String(NEVER_UP)]: ['neverUp'] },
    initialPowerState: POWER_OFF_SOFT,
  });
  dev(ASLEEP).setPowerState(POWER_SLEEP_DEEP);
  dev(HIBERNATING).setPowerState(POWER_HIBERNATE);
  dev(ALREADY_ON).setPowerState(POWER_ON);
  await Promise.all(fleet.devices.map((d) => d.settled()));
  h = startHarness({ name: 'mixed-fleet', wolPort: WOL_PORT });
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  ids = addClients(h.store, [
    ...fleet.devices.map((d, i) => clientOf(d, i === WRONG_PASSWORD ? { mac: null } : {})),
    {
      hostName: 'pc-unreachable',
      ip: UNREACHABLE_IP,
      amtPort: null,
      mac: '02:00:00:70:02:c8',
      subnetMask: '255.255.255.0',
      amtVersion: '16.1.25',
    },
  ]);
  await h.service.start();
}, 30_000);

afterAll(async () => {
  await h?.close();
  await fleet?.close();
});

function byHost(rows: readonly JobTarget[]): Map<string, JobTarget> {
  return new Map(rows.map((r) => [r.hostName, r]));
}

describe('a client-control job over a mixed fleet', () => {
  let rows: Map<string, JobTarget>;

  it('runs to the end with every target in its right state', async () => {
    const summary = await h.service.create(
      {
        name: 'Wake the floor',
        type: 'power-on',
        targets: { clientIds: ids.slice(0, OFF_FOR_SHUTDOWN).concat(ids[8] as ClientId) },
        schedule: { kind: 'now' },
        options: { waitSec: WAIT_SEC, retries: 1, retryIntervalSec: 0, upPort: OS_PORT },
      },
      'tester',
    );
    await waitIdle(h.service, 60_000);
    const done = await h.service.get(summary.id);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ total: 8, waiting: 0, running: 0, done: 5, failed: 3, cancelled: 0 });
    const page = await h.service.targets(done.latestRunId as never, { offset: 0, limit: 100 });
    expect(page.total).toBe(8);
    rows = byHost(page.rows);
  }, 90_000);

  it('woke the sleeping, hibernating and off AMT clients through AMT, once each', () => {
    for (const i of [ASLEEP, HIBERNATING, OFF]) {
      const t = rows.get(dev(i).hostName) as JobTarget;
      expect(t).toMatchObject({ state: 'done', wakeMethod: 'amt', wokenByJob: true, attempt: 1 });
      expect(dev(i).actionsReceived().powerOn).toBe(1);
      expect(dev(i).getPowerState()).toBe(POWER_ON);
    }
  });

  it('woke the Wake-on-LAN-only client with a magic packet and saw its OS answer', () => {
    const t = rows.get(dev(WOL_ONLY).hostName) as JobTarget;
    expect(t).toMatchObject({ state: 'done', wakeMethod: 'wake-on-lan', wokenByJob: true });
    expect(t.reason).toContain('AMT cannot be used for this client');
    // main/wol sends its default repeat count of packets for one wake-up; one wake-up step was taken.
    expect(dev(WOL_ONLY).actionsReceived().magicPackets).toBeGreaterThanOrEqual(1);
    expect(
      h.store.audit
        .list({ limit: 1000 })
        .filter((e) => e.action === 'job:wake-on-lan' && e.target === dev(WOL_ONLY).hostName),
    ).toHaveLength(1);
    expect(dev(WOL_ONLY).getPowerState()).toBe(POWER_ON);
  });

  it('left the client that was on alone', () => {
    const t = rows.get(dev(ALREADY_ON).hostName) as JobTarget;
    expect(t).toMatchObject({ state: 'done', wakeMethod: 'already-on', wokenByJob: false });
    expect(dev(ALREADY_ON).actionsReceived()).toMatchObject({ powerOn: 0, magicPackets: 0 });
  });

  it('failed the unreachable client after AMT and Wake-on-LAN, with the retry, in words', () => {
    const t = rows.get('pc-unreachable') as JobTarget;
    expect(t.state).toBe('failed');
    expect(t.attempt).toBe(2);
    expect(t.amtError).toBe('unreachable');
    expect(t.reason).toMatch(/Wake-on-LAN sent at \d\d:\d\d:\d\d to 127\.70\.2\.200:40709; no answer after 3 s/);
  });

  it('never retried the wrong password, and the client shows the problem', () => {
    const t = rows.get(dev(WRONG_PASSWORD).hostName) as JobTarget;
    expect(t).toMatchObject({ state: 'failed', attempt: 1, amtError: 'auth-failed' });
    expect(t.reason).toMatch(/password/);
    expect(t.reason).toMatch(/MAC address is not known/);
    expect(dev(WRONG_PASSWORD).failedLogins()).toBeLessThanOrEqual(2);
    expect(dev(WRONG_PASSWORD).isLockedOut()).toBe(false);
    const client = h.store.clients.get(ids[WRONG_PASSWORD] as ClientId);
    expect(client?.problem?.code).toBe('auth-failed');
    expect(client?.problem?.words).toMatch(/did not try it again/);
  });

  it('failed the client that never comes up after its wait, on both attempts', () => {
    const t = rows.get(dev(NEVER_UP).hostName) as JobTarget;
    expect(t).toMatchObject({ state: 'failed', attempt: 2, wakeMethod: 'amt' });
    expect(t.reason).toContain(`not up after ${WAIT_SEC} s`);
    expect(t.reason).toContain('attempt 1 failed');
    // One power-on per attempt: the retry of the whole target is a new attempt, never a resend within one.
    expect(dev(NEVER_UP).actionsReceived().powerOn).toBe(2);
  });

  it('wrote every action to the audit log with the job', () => {
    const entries = h.store.audit.list({ limit: 1000 });
    const actions = new Set(entries.map((e) => e.action));
    for (const a of [
      'job:create',
      'job:run-start',
      'job:power-on',
      'job:wake-on-lan',
      'job:target',
      'job:target-retry',
      'job:run-end',
    ])
      expect(actions).toContain(a);
    const powerOns = entries.filter((e) => e.action === 'job:power-on' && e.result === 'ok').map((e) => e.target);
    expect(powerOns).toEqual(expect.arrayContaining([dev(ASLEEP).hostName, dev(OFF).hostName]));
    for (const e of entries) expect(e.detail).not.toContain(DEFAULT_SIM_PASSWORD);
  });

  it('sent batched progress: fewer messages than target changes, ending with the job', async () => {
    // The last batch leaves at the next progress tick (50 ms here): wait for it, bounded.
    for (let i = 0; i < 50 && !h.progress.some((u) => u.ended.length > 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    const changes = h.progress.reduce((n, u) => n + u.targets.length, 0);
    expect(h.progress.length).toBeGreaterThan(0);
    expect(h.progress.length).toBeLessThan(changes);
    expect(h.progress.some((u) => u.ended.length === 1)).toBe(true);
  });

  it('shuts down afterwards only the clients the job itself woke', async () => {
    const summary = await h.service.create(
      {
        name: 'Inventory then off',
        type: 'collect-info',
        targets: { clientIds: [ids[ALREADY_ON] as ClientId, ids[OFF_FOR_SHUTDOWN] as ClientId] },
        schedule: { kind: 'now' },
        options: { waitSec: WAIT_SEC, retries: 0, shutdownAfter: true, upPort: OS_PORT },
      },
      'tester',
    );
    await waitIdle(h.service, 30_000);
    const page = await h.service.targets((await h.service.get(summary.id)).latestRunId as never, {
      offset: 0,
      limit: 10,
    });
    const result = byHost(page.rows);
    const woken = result.get(dev(OFF_FOR_SHUTDOWN).hostName) as JobTarget;
    expect(woken).toMatchObject({ state: 'done', wakeMethod: 'amt', wokenByJob: true });
    expect(woken.reason).toMatch(/AMT \d+\.\d+/);
    expect(woken.reason).toContain('shut down gracefully');
    expect(dev(OFF_FOR_SHUTDOWN).actionsReceived()).toMatchObject({ powerOn: 1, gracefulOff: 1, powerOff: 0 });
    const on = result.get(dev(ALREADY_ON).hostName) as JobTarget;
    expect(on).toMatchObject({ state: 'done', wakeMethod: 'already-on', wokenByJob: false });
    expect(dev(ALREADY_ON).actionsReceived()).toMatchObject({ gracefulOff: 0, powerOff: 0 });
    expect(h.store.clients.get(ids[OFF_FOR_SHUTDOWN] as ClientId)?.amtVersion).toMatch(
      new RegExp(`^${dev(OFF_FOR_SHUTDOWN).amtVersion.replace(/\./g, '\\.')}`),
    );
  }, 40_000);
});
