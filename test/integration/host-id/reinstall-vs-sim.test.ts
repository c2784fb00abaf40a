// The re-install story (mission M4) against the simulator, through discovery and the store on disk: a client
// registers, its host ID is written to AMT storage, the PC is re-installed (new OS identity, same hardware and
// flash), it registers again and is the same asset with both periods in its history and its audit entries kept.
// Without 3PDS the platform UUID is the key, with a note; unusable storage gets a new ID and says so.
// Loopback range of this file: 127.100.20.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/domain';
import { CONSOLE_STORAGE_APPLICATION, MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { HOST_ID_BLOCK_NAME, createFleetService, decodeHostIdRecord, discoverClients } from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { DEFAULT_SIM_PASSWORD, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const BASE = '127.100.20.1';
const WITH_STORAGE = 0;
const NO_STORAGE = 1;
const GARBLED = 2;
const folder = tempFolder('reinstall');
const pool = new TransportPool();
const pins = new MemoryPinStore();
let flashDir: string;
let fleet: Fleet;
let store: Store;

const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;
const discover = async (i: number) => {
  const result = await discoverClients(store, {
    range: device(i).host,
    pool,
    pins,
    timeoutMs: 2000,
    tlsPolicy: 'http-only',
  });
  expect(result.found).toHaveLength(1);
  return result.found[0]!;
};
const storedIdOn = (d: SimDevice): string | undefined => {
  const block = d
    .storageBlocks()
    .find((b) => b.vendor === CONSOLE_STORAGE_APPLICATION.vendorName && b.name === HOST_ID_BLOCK_NAME);
  const decoded = block ? decodeHostIdRecord(block.data) : undefined;
  return decoded?.kind === 'record' ? decoded.hostId : undefined;
};

beforeAll(async () => {
  flashDir = mkdtempSync(join(tmpdir(), 'reinstall-flash-'));
  fleet = await startFleet({
    count: 3,
    baseAddress: BASE,
    seed: 'reinstall-test',
    timeScale: 0.01,
    storageDir: flashDir,
    faults: { [String(NO_STORAGE)]: ['noThirdPartyStorage'] },
    keyPoolSize: 1,
  });
  store = openTempStore(folder);
  store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
});

afterAll(async () => {
  pool.closeAll();
  store?.close();
  await fleet?.close();
  folder.remove();
  rmSync(flashDir, { recursive: true, force: true });
});

describe('re-registration with the host ID kept in AMT', () => {
  it('registers a client, writes its host ID to AMT storage, and after a re-install attaches it to the same asset', async () => {
    const d = device(WITH_STORAGE);
    const firstName = d.hostName;
    const first = await discover(WITH_STORAGE);
    expect(first.hostName).toBe(firstName);
    const identity = store.hostIds.get(first.id);
    expect(identity).toMatchObject({ kept: 'amt-storage', note: null, platformUuid: d.uuid });
    expect(storedIdOn(d)).toBe(identity?.hostId);
    store.audit.record({ actor: 'admin', action: 'power:on', target: firstName, result: 'ok' });

    // Same record again: nothing new written, no history.
    const writesBefore = d.storageBlocks()[0]?.writes;
    await discover(WITH_STORAGE);
    expect(d.storageBlocks()[0]?.writes).toBe(writesBefore);
    expect(store.hostIds.history(first.id)).toEqual([]);

    const os = d.reinstall();
    const again = await discover(WITH_STORAGE);
    expect(again.id).toBe(first.id);
    expect(again.hostName).toBe(os.hostName);
    expect(store.clients.count()).toBe(1);
    expect(store.hostIds.get(first.id)?.hostId).toBe(identity?.hostId);
    const history = store.hostIds.history(first.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ hostName: firstName, ip: d.host });
    expect(history[0]?.reason).toMatch(
      new RegExp(
        `re-installed \\(host name ${firstName} → ${os.hostName}\\); recognised by its host ID in AMT storage`,
      ),
    );
    // Audit entries of the earlier name are still there, and the re-attachment itself is audited.
    expect(store.audit.list({ target: firstName, limit: 10 }).map((e) => e.action)).toContain('power:on');
    const registered = store.audit
      .list({ target: os.hostName, limit: 10 })
      .find((e) => e.action === 'host-id:register');
    expect(registered?.detail).toMatch(/Re-installed client recognised: attached to its existing asset/);
    // What clients:details shows: the asset's audit under both names, and one earlier period.
    const service = createFleetService({ store, pool, pins, serverName: 'console' });
    expect(service.assetAudit(first.id, 20).map((e) => [e.target, e.action])).toEqual(
      expect.arrayContaining([
        [firstName, 'power:on'],
        [os.hostName, 'host-id:register'],
      ]),
    );
    expect(service.clientHistory(first.id).map((h) => h.hostName)).toEqual([firstName]);
  });

  it('falls back to the platform UUID, with a note, on a device without Third Party Data Storage', async () => {
    const d = device(NO_STORAGE);
    const first = await discover(NO_STORAGE);
    const identity = store.hostIds.get(first.id);
    expect(identity).toMatchObject({ kept: 'platform-uuid', hostId: d.uuid });
    expect(identity?.note).toMatch(/no Third Party Data Storage: its platform UUID serves as the host ID/);
    d.reinstall({ hostName: 'kiosk-reborn' });
    const again = await discover(NO_STORAGE);
    expect(again.id).toBe(first.id);
    expect(again.hostName).toBe('kiosk-reborn');
    expect(store.hostIds.history(first.id)[0]?.reason).toMatch(/recognised by its platform UUID/);
  });

  it("writes a new ID over its own garbled block, says so, and leaves another application's block byte-identical", async () => {
    const d = device(GARBLED);
    const owner = {
      uuid: CONSOLE_STORAGE_APPLICATION.uuid,
      vendor: CONSOLE_STORAGE_APPLICATION.vendorName,
      application: CONSOLE_STORAGE_APPLICATION.applicationName,
    };
    d.plantStorageBlock(owner, HOST_ID_BLOCK_NAME, Buffer.alloc(4096, 0x33));
    const foreign = Buffer.from('asset-tag=XK-99;'.repeat(64), 'latin1');
    d.plantStorageBlock(
      { uuid: 'ABCDEFABCDEFABCDEFABCDEFABCDEF12', vendor: 'Other Vendor', application: 'asset-tags' },
      'tags',
      foreign,
    );
    const client = await discover(GARBLED);
    const identity = store.hostIds.get(client.id as ClientId);
    expect(identity?.kept).toBe('amt-storage');
    expect(storedIdOn(d)).toBe(identity?.hostId);
    const entry = store.audit.list({ target: client.hostName, limit: 5 }).find((e) => e.action === 'host-id:register');
    expect(entry?.detail).toMatch(/AMT storage held unusable data .*marker.*; overwritten/);
    expect(
      d
        .storageBlocks()
        .find((b) => b.vendor === 'Other Vendor')
        ?.data.equals(foreign),
    ).toBe(true);
  });
});
