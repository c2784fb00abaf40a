// Issue 12 item 6: "boot to X" from S3. A power-on resumes the OS from memory without BIOS POST, so the one-shot
// boot setting is not used and stays armed for a later reboot. The simulator models that (resume from S3 runs no
// POST; S4 and S5 do), and bootTo refuses while the PC sleeps, before setting anything. Over loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryPinStore,
  WsmanClient,
  bootTo,
  createWsmanTransport,
  getPowerState,
  requestPowerAction,
  setNextBoot,
} from '../../../main/amt/index';
import { POWER_HIBERNATE, POWER_ON, POWER_SLEEP_DEEP, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { expectAmtError } from '../../support/expect-amt-error';

const BASE = '127.80.5.1';
const POLL_LIMIT = 200;
const POLL_INTERVAL_MS = 25;

let fleet: Fleet;

function device(i: number): SimDevice {
  const d = fleet.devices[i];
  if (!d) throw new Error(`no device ${i}`);
  return d;
}

function clientOf(d: SimDevice): WsmanClient {
  return new WsmanClient(
    createWsmanTransport({
      endpoint: { host: d.host, httpPort: d.httpPort, tlsPort: d.tlsPort },
      credentials: { user: d.user, password: d.password },
      tlsPolicy: 'tls-only',
      pins: new MemoryPinStore(),
      connectTimeoutMs: 3000,
      readTimeoutMs: 3000,
    }),
  );
}

async function settled(d: SimDevice): Promise<void> {
  for (let i = 0; i < POLL_LIMIT && d.isPowerTransitionPending(); i++)
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  expect(d.isPowerTransitionPending()).toBe(false);
}

beforeAll(async () => {
  fleet = await startFleet({ count: 2, baseAddress: BASE, timeScale: 0.01 });
});

afterAll(async () => {
  await fleet?.close();
});

describe('boot to a target from sleep', () => {
  it('the simulator: a power-on from S3 resumes without POST and leaves the boot setting armed', async () => {
    const d = device(0);
    const client = clientOf(d);
    d.setPowerState(POWER_ON);
    d.setPowerState(POWER_SLEEP_DEEP);
    const boots = d.bootHistory().length;
    // What bootTo did from S3 before the fix: set the boot, then power on.
    await setNextBoot(client, 'pxe');
    await requestPowerAction(client, 'on');
    await settled(d);
    expect((await getPowerState(client)).state).toBe('on');
    expect(d.bootHistory().length).toBe(boots); // no boot happened
    expect(d.nextBoot().target).toBe('pxe'); // still armed
    // A later reset consumes it: the surprise the product must not cause.
    await requestPowerAction(client, 'reset');
    await settled(d);
    expect(d.lastBoot()?.plan.target).toBe('pxe');
  });

  it('bootTo refuses from S3 with a reason, and sets nothing', async () => {
    const d = device(1);
    const client = clientOf(d);
    d.setPowerState(POWER_ON);
    d.setPowerState(POWER_SLEEP_DEEP);
    const boots = d.bootHistory().length;
    const error = await expectAmtError(bootTo(client, 'pxe'));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/Sleep \(S3\).*without BIOS POST.*PXE \(network\).*Nothing was changed/);
    expect(d.nextBoot().target).toBe('default');
    await settled(d);
    expect(d.getPowerState()).toBe(POWER_SLEEP_DEEP);
    expect(d.bootHistory().length).toBe(boots);
  });

  it('bootTo from S4 powers on, and the boot setting is used (resume from hibernation runs POST)', async () => {
    const d = device(1);
    const client = clientOf(d);
    d.setPowerState(POWER_ON);
    d.setPowerState(POWER_HIBERNATE);
    const result = await bootTo(client, 'pxe');
    expect(result.powerAction).toBe('on');
    await settled(d);
    expect(d.lastBoot()?.plan.target).toBe('pxe');
    expect(d.nextBoot().target).toBe('default');
  });
});
