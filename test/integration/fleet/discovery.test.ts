// Discovery (main/fleet/discovery.ts) against the AMT simulator on loopback (127.140.x.y, this suite's range):
// AMT devices become clients with their firmware version and host name, an address without AMT is skipped,
// a device refusing the password is added with an auth problem, re-scans update rather than duplicate.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { discoverClients, createFleetService } from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { DEFAULT_SIM_PASSWORD, startFleet, type Fleet } from '../../sim/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const BASE = '127.140.0.1';
const RANGE = '127.140.0.1-6'; // 5 devices plus one address where nothing is set up
const NO_AMT = 1;
const WRONG_PASSWORD = 3;
const TIMEOUT_MS = 2000;

const folder = tempFolder('discovery');
let fleet: Fleet;
let store: Store;
const pool = new TransportPool();
const pins = new MemoryPinStore();

beforeAll(async () => {
  fleet = await startFleet({
    count: 5,
    baseAddress: BASE,
    seed: 'discovery-test',
    timeScale: 0.01,
    withoutAmt: [NO_AMT],
    faults: { [String(WRONG_PASSWORD)]: ['wrongPassword'] },
    keyPoolSize: 1,
  });
  store = openTempStore(folder);
});

afterAll(async () => {
  pool.closeAll();
  store?.close();
  await fleet?.close();
  folder.remove();
});

describe('discoverClients', () => {
  it('without any credential profile, records AMT hosts with a no-credentials problem', async () => {
    const result = await discoverClients(store, { range: '127.140.0.1', pool, pins, timeoutMs: TIMEOUT_MS });
    expect(result.scanned).toBe(1);
    expect(result.found).toHaveLength(1);
    expect(result.found[0]).toMatchObject({
      hostName: '127.140.0.1',
      amtVersion: null,
      problem: { code: 'no-credentials' },
    });
  });

  it('finds the AMT devices with version and host name, skips no-AMT, flags the wrong password', async () => {
    store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
    const seen: string[] = [];
    const result = await discoverClients(store, {
      range: RANGE,
      pool,
      pins,
      timeoutMs: TIMEOUT_MS,
      concurrency: 3,
      onClient: (c) => seen.push(c.ip),
    });
    expect(result.scanned).toBe(6);

    const byIp = new Map(result.found.map((c) => [c.ip, c]));
    expect(result.found).toHaveLength(4);
    expect(seen.sort()).toEqual([...byIp.keys()].sort());
    for (const [index, device] of fleet.devices.entries()) {
      const client = byIp.get(device.host);
      if (index === NO_AMT) {
        expect(client).toBeUndefined();
      } else if (index === WRONG_PASSWORD) {
        expect(client).toMatchObject({ hostName: device.host, amtVersion: null, problem: { code: 'auth-failed' } });
        expect(client?.problem?.words).toMatch(/credential profile/);
        expect(client?.problem?.words).not.toContain(DEFAULT_SIM_PASSWORD);
      } else {
        expect(client).toMatchObject({
          hostName: device.hostName,
          amtVersion: expect.stringMatching(new RegExp(`^${device.profile.amtVersion.replace(/\./g, '\\.')}`)),
          power: 'on',
          problem: null,
        });
        expect(client?.lastSeenAt).not.toBeNull();
      }
    }
    // The host first recorded under its address (no credentials then) now carries its AMT host name.
    expect(store.clients.getByHostName('127.140.0.1')).toBeUndefined();
    expect(store.clients.count()).toBe(4);
  });

  it('a second scan updates the same clients instead of adding duplicates', async () => {
    const before = store.clients
      .list()
      .map((c) => c.id)
      .sort();
    const result = await discoverClients(store, { range: RANGE, pool, pins, timeoutMs: TIMEOUT_MS });
    expect(result.found).toHaveLength(4);
    expect(
      store.clients
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual(before);
  });

  it('uses the relay profile for a scan under a relay and puts the found clients below it', async () => {
    const relay = store.relays.add({ name: 'Sim relay', kind: 'relay-system', host: '127.0.0.1' });
    store.profiles.set({ scope: 'relay', targetId: relay.id, user: 'admin', password: 'Not-The-Pass1!' });
    const service = createFleetService({ store, pool, pins, serverName: 'console', discoveryTimeoutMs: TIMEOUT_MS });
    const result = await service.discover('127.140.0.3', { relayId: relay.id });
    expect(result.found).toHaveLength(1);
    // The relay's (wrong) password is what was tried: the default would have worked.
    expect(result.found[0]).toMatchObject({ relayId: relay.id, problem: { code: 'auth-failed' } });
  });

  it('gives a known client at an address where nothing answers a no-amt problem, without adding anything', async () => {
    const known = store.clients.add({ hostName: 'imported-no-amt', ip: '127.140.0.2', amtVersion: null });
    const changed: string[] = [];
    const result = await discoverClients(store, {
      range: '127.140.0.2',
      pool,
      pins,
      timeoutMs: TIMEOUT_MS,
      onClient: (c) => changed.push(c.hostName),
    });
    expect(result.found).toEqual([]);
    expect(changed).toEqual(['imported-no-amt']);
    expect(store.clients.get(known.id)?.problem).toMatchObject({
      code: 'no-amt',
      words: expect.stringMatching(/no Intel AMT/),
    });
  });

  it('stops handing out addresses once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await discoverClients(store, {
      range: RANGE,
      pool,
      pins,
      timeoutMs: TIMEOUT_MS,
      signal: controller.signal,
    });
    expect(result).toEqual({ scanned: 0, found: [] });
  });

  it('refuses a malformed or too-wide range before touching the network', async () => {
    await expect(discoverClients(store, { range: '127.140.0.x', pool, pins })).rejects.toMatchObject({
      code: 'bad-input',
    });
    await expect(discoverClients(store, { range: '127.140.0.0/16', pool, pins })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/limit is 1024/),
    });
  });
});
