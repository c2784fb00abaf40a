// The simulator's client-control features (issue 7 item 7): seeded come-up times after a power-on or a
// magic packet, an OS answer port that follows S0, the refuse / drop / neverUp fault modes, and per-device
// counters of the non-idempotent actions received. Real sockets on 127.70.1.0/24.
import dgram from 'node:dgram';
import net from 'node:net';
import { CIM } from '@device-management-toolkit/wsman-messages';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, POWER_OFF_SOFT, POWER_ON, type Fleet, type SimDevice } from './index';
import { firstText, wsmanCall } from './sim-test-client';

const cim = new CIM.Messages();
const OS_PORT = 3389;
let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

async function requestPower(device: SimDevice, value: number): Promise<number> {
  const r = await wsmanCall(
    { host: device.host, port: device.httpPort },
    device,
    cim.PowerManagementService.RequestPowerStateChange(value as never),
  );
  return Number(firstText(r.body, 'ReturnValue'));
}

function connectResult(host: string, port: number): Promise<'open' | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** Waits (bounded: 100 × 20 ms) for a condition of the simulator. */
async function until(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  return check();
}

function magicPacket(mac: string): Buffer {
  const bytes = Buffer.from(mac.split(/[:-]/).map((h) => parseInt(h, 16)));
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => bytes)]);
}

async function sendMagic(device: SimDevice): Promise<void> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(magicPacket(device.mac), device.wakeOnLanPort as number, device.host, (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  socket.close();
}

describe('simulator: client control', () => {
  it('gives each device a seeded come-up time, the same for the same seed', async () => {
    const options = {
      count: 3,
      seed: 'up',
      baseAddress: '127.70.1.1',
      ephemeralPorts: true,
      upDelayMs: { min: 50, max: 400 },
    } as const;
    fleet = await startFleet({ ...options, initialPowerState: POWER_OFF_SOFT });
    const first = fleet.devices.map((d) => d.upDelayMs);
    await fleet.close();
    fleet = await startFleet({ ...options, initialPowerState: POWER_OFF_SOFT });
    const second = fleet.devices.map((d) => d.upDelayMs);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    for (const ms of first) expect(ms).toBeGreaterThanOrEqual(50);
    const device = fleet.devices[0] as SimDevice;
    expect(await requestPower(device, POWER_ON)).toBe(0);
    expect(device.getPowerState()).toBe(POWER_OFF_SOFT); // still coming up
    expect(await until(() => device.getPowerState() === POWER_ON)).toBe(true);
  });

  it('opens the OS port only while the device is in S0', async () => {
    fleet = await startFleet({
      count: 1,
      seed: 'os',
      baseAddress: '127.70.1.10',
      ephemeralPorts: true,
      upDelayMs: 30,
      osPort: OS_PORT,
      initialPowerState: POWER_OFF_SOFT,
    });
    const device = fleet.devices[0] as SimDevice;
    expect(await connectResult(device.host, OS_PORT)).toBe('ECONNREFUSED');
    await requestPower(device, POWER_ON);
    expect(await until(() => device.getPowerState() === POWER_ON)).toBe(true);
    await device.settled();
    expect(await connectResult(device.host, OS_PORT)).toBe('open');
    device.setPowerState(POWER_OFF_SOFT);
    await device.settled();
    expect(await connectResult(device.host, OS_PORT)).toBe('ECONNREFUSED');
  });

  it('counts every power-on, off and reset it receives, accepted or refused', async () => {
    fleet = await startFleet({
      count: 1,
      seed: 'count',
      baseAddress: '127.70.1.20',
      ephemeralPorts: true,
      upDelayMs: 0,
      initialPowerState: POWER_OFF_SOFT,
    });
    const device = fleet.devices[0] as SimDevice;
    await requestPower(device, POWER_ON);
    await until(() => device.getPowerState() === POWER_ON && !device.isPowerTransitionPending());
    await requestPower(device, 10); // reset
    await requestPower(device, 10); // busy while resetting: refused, still counted
    expect(device.actionsReceived()).toMatchObject({ powerOn: 1, reset: 2, powerOff: 0, gracefulOff: 0 });
  });

  it('neverUp accepts a power-on and a magic packet but never reaches S0', async () => {
    fleet = await startFleet({
      count: 1,
      seed: 'hung',
      baseAddress: '127.70.1.30',
      ephemeralPorts: true,
      upDelayMs: 0,
      wakeOnLan: true,
      wakeOnLanPort: 0,
      faults: ['neverUp'],
      initialPowerState: POWER_OFF_SOFT,
    });
    const device = fleet.devices[0] as SimDevice;
    expect(await requestPower(device, POWER_ON)).toBe(0);
    await sendMagic(device);
    expect(await until(() => device.wakeOnLanStats()?.wakePackets === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(device.getPowerState()).toBe(POWER_OFF_SOFT);
    device.setFault('neverUp', false);
    await sendMagic(device);
    expect(await until(() => device.getPowerState() === POWER_ON)).toBe(true);
  });

  it('refuse closes the AMT ports and opens them again; drop answers nothing and ignores magic packets', async () => {
    fleet = await startFleet({
      count: 1,
      seed: 'refuse',
      baseAddress: '127.70.1.40',
      ephemeralPorts: true,
      wakeOnLan: true,
      wakeOnLanPort: 0,
      upDelayMs: 0,
      initialPowerState: POWER_OFF_SOFT,
    });
    const device = fleet.devices[0] as SimDevice;
    const port = device.httpPort;
    device.setFault('refuse', true);
    await device.settled();
    expect(await connectResult(device.host, port)).toBe('ECONNREFUSED');
    device.setFault('refuse', false);
    await device.settled();
    expect(await connectResult(device.host, port)).toBe('open');
    device.setFault('drop', true);
    await sendMagic(device);
    await until(() => (device.wakeOnLanStats()?.wakePackets ?? 0) >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(device.getPowerState()).toBe(POWER_OFF_SOFT);
  });
});
