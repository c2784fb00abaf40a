// Client control's power-on step (mission M1) against the simulator over loopback: AMT power-on, already on,
// Wake-on-LAN for a client without AMT and after a wrong password, no way at all, and the wait timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore, TransportPool, type AmtCredentials } from '../../../main/amt/index';
import {
  createAmtPowerOps,
  createTcpIsUp,
  powerOnForJob,
  systemControlClock,
  type PowerOnDeps,
  type PowerOnOptions,
  type PowerOnTarget,
} from '../../../main/control/index';
import { parseMacOrThrow, wake } from '../../../main/wol/index';
import { POWER_OFF_SOFT, POWER_ON, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { expectAmtError } from '../../support/expect-amt-error';

const PASSWORD = 'Control-Pass1!';
const WRONG_PASSWORD = 'Wrong-Pass9!';
const pools: TransportPool[] = [];
let fleet: Fleet;
let slowFleet: Fleet;

function depsFor(device: SimDevice): PowerOnDeps {
  const pool = new TransportPool();
  pools.push(pool);
  return {
    amt: createAmtPowerOps({ pool, pins: new MemoryPinStore(), tlsPolicy: 'tls-only', timeoutMs: 2_000 }),
    wake,
    clock: systemControlClock,
    isUp: async () => device.getPowerState() === POWER_ON,
  };
}

function targetOf(device: SimDevice, overrides: Partial<PowerOnTarget> = {}): PowerOnTarget {
  return {
    hostName: device.hostName,
    amtEndpoint: { host: device.host, httpPort: device.httpPort, tlsPort: device.tlsPort },
    credentials: { user: device.user, password: PASSWORD } satisfies AmtCredentials,
    mac: parseMacOrThrow(device.mac),
    ip: device.host,
    subnetMask: '255.255.255.0',
    ...overrides,
  };
}

/** Loopback has no broadcast: the magic packet goes to the device's own address and its receiver's port. */
function wolTo(device: SimDevice): PowerOnOptions {
  return {
    waitSec: 10,
    pollIntervalMs: 20,
    wolDestination: { kind: 'address', address: device.host },
    wolPort: device.wakeOnLanPort,
  };
}

function device(f: Fleet, index: number): SimDevice {
  const d = f.devices[index];
  if (!d) throw new Error(`no simulated device ${index}`);
  return d;
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 6,
    baseAddress: '127.170.0.1',
    ephemeralPorts: true,
    password: PASSWORD,
    timeScale: 0.01,
    initialPowerState: POWER_OFF_SOFT,
    withoutAmt: [2, 4],
    wakeOnLan: true,
    wakeOnLanPort: 0,
  });
  // Powering on takes 4 s here, so a 1 s wait ends first.
  slowFleet = await startFleet({
    count: 1,
    baseAddress: '127.170.1.1',
    ephemeralPorts: true,
    password: PASSWORD,
    timeScale: 1,
    initialPowerState: POWER_OFF_SOFT,
  });
});

afterAll(async () => {
  for (const pool of pools) pool.closeAll();
  await fleet?.close();
  await slowFleet?.close();
});

describe('powerOnForJob against the simulator', () => {
  it('powers a soft-off client on through AMT and waits until it is on', async () => {
    const d = device(fleet, 0);
    const outcome = await powerOnForJob(targetOf(d), depsFor(d), { waitSec: 10, pollIntervalMs: 20 });
    expect(outcome).toMatchObject({ hostName: d.hostName, method: 'amt', up: true, reachedState: 'on' });
    expect(outcome.reason).toBeUndefined();
    expect(outcome.tookMs).toBeGreaterThanOrEqual(0);
    expect(d.getPowerState()).toBe(POWER_ON);
    expect(d.wakeOnLanStats()?.datagrams).toBe(0);
  });

  it('reports a client that is on already as already-on, without a power request', async () => {
    const d = device(fleet, 1);
    d.setPowerState(POWER_ON);
    const boots = d.bootHistory().length;
    const outcome = await powerOnForJob(targetOf(d), depsFor(d), { waitSec: 10, pollIntervalMs: 20 });
    expect(outcome).toMatchObject({ method: 'already-on', up: true, reachedState: 'on' });
    expect(d.bootHistory().length).toBe(boots);
  });

  it('wakes a client whose AMT firmware version is N/A with Wake-on-LAN', async () => {
    const d = device(fleet, 2);
    expect(d.hasAmt).toBe(false);
    const outcome = await powerOnForJob(targetOf(d, { amtEndpoint: null }), depsFor(d), wolTo(d));
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: true, reachedState: 'on' });
    expect(outcome.reason).toContain('N/A');
    expect(outcome.amtError).toBeUndefined();
    expect(d.wakeOnLanStats()?.wakePackets).toBeGreaterThanOrEqual(1);
    expect(d.getPowerState()).toBe(POWER_ON);
  });

  it('falls back to Wake-on-LAN after a wrong password, with exactly one failed login on the device', async () => {
    const d = device(fleet, 3);
    const before = d.stats.unauthorized;
    const target = targetOf(d, { credentials: { user: d.user, password: WRONG_PASSWORD } });
    const outcome = await powerOnForJob(target, depsFor(d), { ...wolTo(d), retries: 5, retryGapMs: 0 });
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: true, amtError: 'auth-failed' });
    expect(outcome.reason).toContain('wrong user name or password');
    expect(outcome.reason).not.toContain(WRONG_PASSWORD);
    // The unauthenticated first request is answered with a challenge; the one login with the wrong password is the only failure.
    expect(d.failedLogins()).toBe(1);
    expect(d.stats.unauthorized - before).toBe(2);
    expect(d.getPowerState()).toBe(POWER_ON);
  });

  it("gives 'none' with both reasons when AMT does not answer and the MAC is unknown", async () => {
    const d = device(fleet, 4);
    const outcome = await powerOnForJob(targetOf(d, { mac: null }), depsFor(d), { waitSec: 10, pollIntervalMs: 20 });
    expect(outcome).toMatchObject({ method: 'none', up: false, reachedState: 'unknown', amtError: 'unreachable' });
    expect(outcome.reason).toContain(
      `AMT power-on failed: no AMT answers at 127.170.0.5 (nothing listens on ${d.httpPort}/${d.tlsPort})`,
    );
    expect(outcome.reason).toContain("Wake-on-LAN is not possible (the client's MAC address is not known)");
    expect(d.getPowerState()).toBe(POWER_OFF_SOFT);
  });

  it('ends with the wait-time reason when the client is not on in time', async () => {
    const d = device(slowFleet, 0);
    const outcome = await powerOnForJob(targetOf(d), depsFor(d), { waitSec: 1, pollIntervalMs: 50 });
    expect(outcome).toMatchObject({ method: 'amt', up: false, reachedState: 'soft-off' });
    expect(outcome.reason).toContain('power state was still Soft off (S5) when the 1 s wait time ended');
  });

  it('the TCP isUp probe says up where a port answers and not where none does', async () => {
    const d = device(fleet, 0);
    expect(await createTcpIsUp({ port: d.httpPort, timeoutMs: 2_000 })(targetOf(d))).toBe(true);
    const silent = device(fleet, 4); // no AMT: nothing listens at its address
    expect(await createTcpIsUp({ port: silent.httpPort, timeoutMs: 2_000 })(targetOf(silent))).toBe(false);
    expect(await createTcpIsUp({ port: d.httpPort, timeoutMs: 2_000 })(targetOf(d, { ip: null }))).toBe(false);
  });

  it('refuses a wait time outside 0–1800 s with bad-input before touching the device', async () => {
    const d = device(fleet, 5);
    const requests = d.stats.requests;
    for (const waitSec of [-1, 1801, 2.5]) {
      const error = await expectAmtError(powerOnForJob(targetOf(d), depsFor(d), { waitSec }));
      expect(error.code).toBe('bad-input');
      expect(error.message).toContain('wait time');
    }
    expect(d.stats.requests).toBe(requests);
  });
});
