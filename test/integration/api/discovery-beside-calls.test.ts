// Issue 12 item 4: discovery and the console's client calls on the same device share one transport (one
// digest state, per-call timeouts) and go through the same per-device gate. Before the fix, discovery's 3 s
// timeout and the API's 5 s timeout made each pool.get() close the other's transport mid-request, and
// discovery talked to the device beside a running call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import { startFleet, DEFAULT_SIM_PASSWORD, type Fleet } from '../../sim';

const BASE = '127.80.4.1';

let fleet: Fleet;
let core: Core;
let dir: string;

async function call(
  channel: string,
  request: unknown,
): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  return (await core.router.handle(channel, request, { transport: 'test' })) as never;
}

beforeAll(async () => {
  // 'slow' keeps every request in flight for a while, so the calls below overlap on the wire.
  fleet = await startFleet({ count: 1, baseAddress: BASE, timeScale: 0.01, slowDelayMs: 150, faults: ['slow'] });
  dir = mkdtempSync(join(tmpdir(), 'discovery-beside-calls-'));
  // Default timeouts on purpose: the API's (5 s) differs from discovery's (3 s), as in the product.
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'test',
    serverName: 'console-test',
  });
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD }))
      .ok,
  ).toBe(true);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('discovery beside client calls on one device', () => {
  it('neither closes the other, and the device never has two requests in flight', async () => {
    const device = fleet.devices[0];
    if (!device) throw new Error('no device');
    const added = await call('clients:add', {
      hostName: device.hostName,
      ip: device.host,
      amtVersion: device.amtVersion,
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const id = added.value.id;
    const [refreshA, discovered, refreshB] = await Promise.all([
      call('clients:refresh', { ids: [id] }),
      call('clients:discover', { range: device.host }),
      call('clients:refresh', { ids: [id] }),
    ]);
    for (const reply of [refreshA, refreshB]) {
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      expect(reply.value.results[0], JSON.stringify(reply.value.results)).toMatchObject({ ok: true });
    }
    expect(discovered.ok, JSON.stringify(discovered)).toBe(true);
    expect(discovered.value.found).toHaveLength(1);
    expect(discovered.value.found[0].problem, JSON.stringify(discovered.value.found[0])).toBeNull();
    expect(device.stats.maxInFlight).toBe(1);
    // One transport for the device: its digest state survived, so only the first contact earned a 401.
    expect(device.stats.unauthorized).toBe(1);
  });
});
