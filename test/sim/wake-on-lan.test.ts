// The simulator's Wake-on-LAN receiver: its magic-packet check, and a device that powers on from a datagram
// for its MAC but not from one for another MAC or a broken one. Opt-in: a fleet without it has no receiver.
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POWER_OFF_SOFT, POWER_ON } from './constants';
import { startFleet, type Fleet } from './fleet';
import { isMagicPacketFor, macToBytes } from './wake-on-lan-listener';

function magic(mac: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => mac)]);
}

function send(payload: Buffer, address: string, port: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) =>
    socket.send(payload, port, address, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}

async function until(check: () => boolean, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited <= limitMs; waited += 10) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

describe('isMagicPacketFor', () => {
  const mac = macToBytes('00-1b-21-0a-0b-0c');
  it('accepts 6xFF + 16xMAC, with a SecureOn tail or a header before it', () => {
    expect(isMagicPacketFor(magic(mac), mac)).toBe(true);
    expect(isMagicPacketFor(Buffer.concat([magic(mac), Buffer.from([1, 2, 3, 4])]), mac)).toBe(true);
    expect(isMagicPacketFor(Buffer.concat([Buffer.from('hdr'), magic(mac)]), mac)).toBe(true);
  });
  it('refuses another MAC, a short packet, a broken sync or a wrong repeat', () => {
    expect(isMagicPacketFor(magic(macToBytes('00:1b:21:0a:0b:0d')), mac)).toBe(false);
    expect(isMagicPacketFor(magic(mac).subarray(0, 101), mac)).toBe(false);
    const badSync = magic(mac);
    badSync[2] = 0xfe;
    expect(isMagicPacketFor(badSync, mac)).toBe(false);
    const badRepeat = magic(mac);
    badRepeat[6 + 15 * 6 + 5] = 0;
    expect(isMagicPacketFor(badRepeat, mac)).toBe(false);
  });
  it('refuses a malformed MAC text', () => {
    expect(() => macToBytes('00-1b-21-0a-0b')).toThrow(/invalid MAC/);
  });
});

describe('simulated device woken by Wake-on-LAN', () => {
  let fleet: Fleet;
  let plain: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      count: 2,
      baseAddress: '127.170.2.1',
      ephemeralPorts: true,
      timeScale: 0.01,
      initialPowerState: POWER_OFF_SOFT,
      withoutAmt: [1],
      wakeOnLan: true,
      wakeOnLanPort: 0,
    });
    plain = await startFleet({ count: 1, baseAddress: '127.170.3.1', ephemeralPorts: true });
  });
  afterAll(async () => {
    await fleet?.close();
    await plain?.close();
  });

  it('ignores a packet for another MAC and a broken one, then powers on from its own', async () => {
    const [a, b] = fleet.devices;
    if (!a || !b) throw new Error('fleet too small');
    const port = a.wakeOnLanPort as number;
    await send(magic(macToBytes(b.mac)), a.host, port);
    const broken = magic(macToBytes(a.mac));
    broken[0] = 0;
    await send(broken.subarray(0, 60), a.host, port);
    expect(await until(() => a.wakeOnLanStats()?.datagrams === 2, 2_000)).toBe(true);
    expect(a.wakeOnLanStats()?.wakePackets).toBe(0);
    expect(a.getPowerState()).toBe(POWER_OFF_SOFT);
    await send(magic(macToBytes(a.mac)), a.host, port);
    expect(await until(() => a.getPowerState() === POWER_ON, 2_000)).toBe(true);
    expect(a.wakeOnLanStats()?.wakePackets).toBe(1);
  });

  it('wakes a device without AMT as well', async () => {
    const b = fleet.devices[1];
    if (!b) throw new Error('fleet too small');
    expect(b.hasAmt).toBe(false);
    await send(magic(macToBytes(b.mac)), b.host, b.wakeOnLanPort as number);
    expect(await until(() => b.getPowerState() === POWER_ON, 2_000)).toBe(true);
  });

  it('has no receiver unless asked for', () => {
    expect(plain.devices[0]?.wakeOnLanPort).toBeUndefined();
    expect(plain.devices[0]?.wakeOnLanStats()).toBeUndefined();
  });

  it('refuses wakeOnLan in single-address mode', async () => {
    await expect(startFleet({ count: 1, singleAddress: '127.170.4.1', basePort: 0, wakeOnLan: true })).rejects.toThrow(
      /own-address/,
    );
  });
});
