// Fleet start-up of the simulator: address allocation, standard ports per address, single-address mode, devices
// without AMT, deterministic data, a 1,000-device sweep, and the CLI entry.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDeviceProfile, isValidAmtPassword } from './device-profile';
import { allocateAddresses, startDevice, startFleet, type Fleet } from './index';
import { ACTIONS, NS, firstText, requestEnvelope, wsmanCall } from './sim-test-client';

const fleets: Fleet[] = [];
afterAll(async () => {
  await Promise.all(fleets.map((f) => f.close()));
});

async function started(options: Parameters<typeof startFleet>[0]): Promise<Fleet> {
  const fleet = await startFleet(options);
  fleets.push(fleet);
  return fleet;
}

const getSettings = requestEnvelope({
  action: ACTIONS.get,
  resourceUri: `${NS.amt}AMT_GeneralSettings`,
  messageId: '1',
});

function connectionRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

describe('simulator fleet', () => {
  it('allocates loopback addresses upward, skipping .0 and .255', () => {
    expect(allocateAddresses('127.20.0.253', 4)).toEqual(['127.20.0.253', '127.20.0.254', '127.20.1.1', '127.20.1.2']);
    expect(() => allocateAddresses('127.255.255.254', 3)).toThrow(/127\.0\.0\.0\/8/);
    expect(() => allocateAddresses('10.0.0.1', 1)).toThrow(/127\.0\.0\.0\/8/);
  });

  it('puts each device on its own address at 16992/16993; devices without AMT have nothing listening', async () => {
    const fleet = await started({ count: 4, seed: 'own', baseAddress: '127.20.6.1', withoutAmt: [2] });
    expect(fleet.devices.map((d) => [d.host, d.httpPort, d.tlsPort])).toEqual([
      ['127.20.6.1', 16992, 16993],
      ['127.20.6.2', 16992, 16993],
      ['127.20.6.3', 16992, 16993],
      ['127.20.6.4', 16992, 16993],
    ]);
    expect(fleet.devices.map((d) => d.hasAmt)).toEqual([true, true, false, true]);
    expect(fleet.amtDevices).toHaveLength(3);
    expect(await connectionRefused('127.20.6.3', 16992)).toBe(true);
    expect(await connectionRefused('127.20.6.3', 16993)).toBe(true);
    expect(await connectionRefused('127.20.6.3', 16994)).toBe(true); // no AMT: no redirection port either
    expect(await connectionRefused('127.20.6.1', 16994)).toBe(false); // the redirection (SOL) port of an AMT device
    const d = fleet.devices[1]!;
    const r = await wsmanCall({ host: d.host, port: 16992 }, d, getSettings);
    expect(firstText(r.body, 'HostName')).toBe(d.hostName);
  });

  it('puts all devices on one address with consecutive ports in single-address mode', async () => {
    const fleet = await started({ count: 3, seed: 'single', singleAddress: '127.20.7.1', basePort: 41000 });
    expect(fleet.devices.map((d) => [d.host, d.httpPort, d.tlsPort])).toEqual([
      ['127.20.7.1', 41000, 41001],
      ['127.20.7.1', 41004, 41005],
      ['127.20.7.1', 41008, 41009],
    ]);
    const d = fleet.devices[2]!;
    const r = await wsmanCall({ host: d.host, port: d.tlsPort, tls: true }, d, getSettings);
    expect(firstText(r.body, 'HostName')).toBe(d.hostName);
  });

  it('fails clearly when an address is taken, and leaves nothing listening', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(41100, '127.20.7.2', () => r()));
    try {
      await expect(
        startFleet({ count: 2, seed: 'clash', singleAddress: '127.20.7.2', basePort: 41096 }),
      ).rejects.toThrow(/cannot listen on 127\.20\.7\.2:41100/);
      expect(await connectionRefused('127.20.7.2', 41096)).toBe(true);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('generates the same devices from the same seed and valid, distinct identities', async () => {
    const a = generateDeviceProfile({ seed: 's1', index: 7 });
    expect(generateDeviceProfile({ seed: 's1', index: 7 })).toEqual(a);
    expect(generateDeviceProfile({ seed: 's2', index: 7 }).realm).not.toBe(a.realm);
    expect(a.realm).toMatch(/^Digest:[0-9A-F]{32}$/);
    expect(isValidAmtPassword(a.password)).toBe(true);
    await expect(startFleet({ count: 1, password: 'weak', baseAddress: '127.20.8.200' })).rejects.toThrow(/AMT rules/);
    const versions = new Set(
      Array.from({ length: 200 }, (_, i) =>
        generateDeviceProfile({ seed: 'mix', index: i }).amtVersion.split('.').slice(0, 2).join('.'),
      ),
    );
    expect([...versions].sort()).toEqual(['11.8', '12.0', '15.0', '16.1']);
  });

  it('startDevice gives one device with the identity the same index has in a fleet of the same seed', async () => {
    const single = await startDevice({ seed: 'same', index: 3, baseAddress: '127.20.9.1', ephemeralPorts: true });
    try {
      expect(single.hasAmt).toBe(true);
      expect(single.hostName).toBe(generateDeviceProfile({ seed: 'same', index: 3 }).hostName);
      const r = await wsmanCall({ host: single.host, port: single.httpPort }, single, getSettings);
      expect(firstText(r.body, 'HostName')).toBe(single.hostName);
    } finally {
      await single.close();
    }
  });

  it('starts 1,000 devices on their own addresses and answers a 401-then-digest sweep from every one', async () => {
    const startedAtMs = performance.now();
    const fleet = await started({ count: 1000, seed: 'scale', baseAddress: '127.21.0.1' });
    console.log(`sim: 1000 devices listening after ${Math.round(performance.now() - startedAtMs)} ms`);
    let next = 0;
    let answered = 0;
    const hostNames = new Set<string>();
    const worker = async (): Promise<void> => {
      while (next < fleet.devices.length) {
        const d = fleet.devices[next++]!;
        const r = await wsmanCall({ host: d.host, port: d.httpPort }, d, getSettings);
        if (r.status === 200 && firstText(r.body, 'HostName') === d.hostName) answered += 1;
        hostNames.add(d.hostName);
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    expect(answered).toBe(1000);
    expect(fleet.devices.reduce((n, d) => n + d.stats.unauthorized, 0)).toBe(1000);
    expect(new Set(fleet.devices.map((d) => d.mac)).size).toBe(1000);
    expect(new Set(fleet.devices.map((d) => d.realm)).size).toBe(1000);
    expect(new Set(fleet.devices.map((d) => d.certificateFingerprint())).size).toBe(1000);
  });

  it('runs from the CLI: one JSON line per device, a ready line, and a clean exit on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/sim/cli.ts',
        '--count',
        '3',
        '--json',
        '--base-address',
        '127.20.8.1',
        '--ephemeral-ports',
        '--without-amt-list',
        '1',
        '--seed',
        'cli',
      ],
      { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CLI not ready; output so far: ${out}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('"ready":true')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`CLI exited early: ${out}`)));
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toEqual({ ready: true, devices: 3, withAmt: 2 });
    for (const key of ['host', 'httpPort', 'tlsPort', 'user', 'password', 'mac', 'amtVersion', 'hasAmt'])
      expect(lines[0]).toHaveProperty(key);
    expect(lines[1]).toMatchObject({ host: '127.20.8.2', hasAmt: false, httpPort: 16992, tlsPort: 16993 });
    expect(await connectionRefused('127.20.8.2', 16992)).toBe(true);
    const first = lines[0] as { host: string; httpPort: number; user: string; password: string; hostName: string };
    const r = await wsmanCall({ host: first.host, port: first.httpPort }, first, getSettings);
    expect(firstText(r.body, 'HostName')).toBe(first.hostName);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
