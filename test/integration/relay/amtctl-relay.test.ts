// `amtctl relay` as its own process (the built dist/): enrols with the console's one-time code, carries work
// for a client below it (AMT power state of a simulated PC), stops on SIGTERM with exit 0, resumes from its
// data folder with only --data, and exits 3 with the console's words when it is revoked. Bad input exits 2
// naming the option. The console side is the relay service on loopback in this test process.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ClientId, RelayId } from '../../../shared/domain';
import { DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../../support/spawn-amtctl';
import { startRelayHarness, until, type RelayHarness } from './relay-harness';

let fleet: Fleet;
let h: RelayHarness;
let east: RelayId;
let device: SimDevice;
let clientId: ClientId;
let dataDir: string;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    seed: 'amtctl-relay',
    baseAddress: '127.74.0.1',
    ephemeralPorts: true,
    initialPowerState: POWER_OFF_SOFT,
  });
  device = fleet.devices[0] as SimDevice;
  h = await startRelayHarness('amtctl-relay');
  east = h.addRelay('East');
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  clientId = h.store.clients.add({
    hostName: device.hostName,
    ip: device.host,
    amtPort: device.httpPort,
    relayId: east,
    amtVersion: device.amtVersion,
  }).id;
  dataDir = join(h.dir, 'relay-process');
}, 30_000);

afterAll(async () => {
  killAmtctlChildren();
  await h?.close();
  await fleet?.close();
});

/** stderr so far, as the child writes it. */
function stderrOf(run: AmtctlRun): () => string {
  let text = '';
  run.child.stderr?.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

function powerState() {
  const target = {
    clientId,
    hostName: device.hostName,
    ip: device.host,
    mac: device.mac,
    subnetMask: null,
    amt: { host: device.host, httpPort: device.httpPort, tlsPort: device.httpPort + 1, usable: true, legacyTls: false },
  };
  return h.service.request(east, { jobId: null, perRelayLimit: 1, op: 'power-state', target }, 5_000);
}

describe('amtctl relay', () => {
  it('refuses bad input with exit 2, naming the option', async () => {
    const noData = await spawnAmtctl(['relay'], {}).result;
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('amtctl relay: --data: amtctl relay needs --data DIR');
    const badSubnet = await spawnAmtctl(['relay', '--data', dataDir, '--subnet', '10.0.0.0/33'], {}).result;
    expect(badSubnet.code).toBe(2);
    expect(badSubnet.stderr).toContain('--subnet needs an IPv4 subnet like 192.168.20.0/24 (got 10.0.0.0/33)');
    const notEnrolled = await spawnAmtctl(['relay', '--data', dataDir], {}).result;
    expect(notEnrolled.code).toBe(2);
    expect(notEnrolled.stderr).toContain('holds no enrolment yet: give --console HOST:PORT and --code CODE');
  });

  it('enrols with the code, works for its client, and stops on SIGTERM', async () => {
    const { code } = h.service.issueEnrolmentCode(east, 'tester');
    const run = spawnAmtctl(
      [
        'relay',
        '--data',
        dataDir,
        '--console',
        `127.0.0.1:${h.port}`,
        '--code',
        code,
        '--tls-policy',
        'http-only',
        '--subnet',
        '127.74.0.0/24',
      ],
      {},
      { limitMs: 30_000 },
    );
    const stderr = stderrOf(run);
    await until(() => h.service.status(east) === 'online', 15_000, 'the relay process coming online');
    expect(await powerState()).toEqual({ op: 'power-state', state: 'soft-off' });
    expect(h.service.registry.get(east)?.subnets).toEqual(['127.74.0.0/24']);
    run.child.kill('SIGTERM');
    const result = await run.result;
    expect(result.code).toBe(0);
    expect(stderr()).toMatch(/relay: enrolled as "East" \(#\d+\); console certificate [0-9a-f:]{95} pinned/);
    expect(stderr()).toContain('relay: stopped by SIGTERM');
    expect(stderr()).not.toContain(DEFAULT_SIM_PASSWORD);
  }, 40_000);

  it('resumes from its data folder alone, and exits 3 when revoked', async () => {
    const run = spawnAmtctl(['relay', '--data', dataDir, '--tls-policy', 'http-only'], {}, { limitMs: 30_000 });
    const stderr = stderrOf(run);
    await until(() => h.service.status(east) === 'online', 15_000, 'the relay process coming back');
    expect(await powerState()).toEqual({ op: 'power-state', state: 'soft-off' });
    h.service.revoke(east, 'tester');
    const result = await run.result;
    expect(result.code).toBe(3);
    expect(stderr()).toMatch(/relay: refused: revoked: the relay "East" was revoked at .* by tester/);
  }, 40_000);
});
