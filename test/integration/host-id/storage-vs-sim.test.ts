// Third Party Data Storage (main/amt third-party-storage + main/fleet host-id block) against the simulator over
// loopback: fragments no larger than the device's MTU, the flash kept across power cycles, simulator restarts and
// a re-install, and every bad case (no 3PDS, garbage, another application's block, wrong size, a service that
// faults midway, the write limit, a full store) as a clear StorageError with nothing overwritten that should not be.
// Loopback range of this file: 127.100.10.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asHostId } from '../../../shared/domain';
import {
  CONSOLE_STORAGE_APPLICATION,
  MemoryPinStore,
  StorageError,
  WsmanClient,
  createWsmanTransport,
  getGeneralSettings,
  type WsmanTransport,
} from '../../../main/amt/index';
import {
  HOST_ID_BLOCK_BYTES,
  HOST_ID_BLOCK_NAME,
  clearHostId,
  readStoredHostId,
  writeHostId,
} from '../../../main/fleet/index';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';

const PASSWORD = 'Sim-Store-Pass7!';
const HOST_ID = asHostId('0b6f3c2e-8d41-4f7a-9e25-6c1d2a3b4c5d');
const OTHER_ID = asHostId('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d');
const CONSOLE_OWNER = {
  uuid: CONSOLE_STORAGE_APPLICATION.uuid,
  vendor: CONSOLE_STORAGE_APPLICATION.vendorName,
  application: CONSOLE_STORAGE_APPLICATION.applicationName,
};
const FOREIGN_OWNER = {
  uuid: '11112222333344445555666677778888',
  vendor: 'Other Vendor',
  application: 'inventory-agent',
};

const opened: WsmanTransport[] = [];
const fleets: Fleet[] = [];
let stateDir: string;

function client(d: SimDevice): WsmanClient {
  const transport = createWsmanTransport({
    endpoint: { host: d.host, httpPort: d.httpPort, tlsPort: d.tlsPort },
    credentials: { user: d.user, password: PASSWORD },
    tlsPolicy: 'http-only',
    pins: new MemoryPinStore(),
    connectTimeoutMs: 2_000,
    readTimeoutMs: 2_000,
  });
  opened.push(transport);
  return new WsmanClient(transport);
}

async function fleetAt(
  baseAddress: string,
  extra: Parameters<typeof startFleet>[0] extends infer O ? Partial<O> : never = {},
): Promise<Fleet> {
  const fleet = await startFleet({ count: 1, baseAddress, password: PASSWORD, seed: baseAddress, ...extra });
  fleets.push(fleet);
  return fleet;
}

function only(fleet: Fleet): SimDevice {
  return fleet.devices[0] as SimDevice;
}

async function storageError(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

function bytesOf(d: SimDevice, vendor: string, name: string): Buffer | undefined {
  return d.storageBlocks().find((b) => b.vendor === vendor && b.name === name)?.data;
}

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'sim-3pds-'));
});

afterEach(async () => {
  for (const t of opened.splice(0)) t.close();
  await Promise.all(fleets.splice(0).map((f) => f.close()));
});

afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

describe('Third Party Data Storage against the simulator', () => {
  it('writes and reads the host ID in fragments no larger than the MTU, and finds it again by name', async () => {
    const d = only(await fleetAt('127.100.10.1', { storageLimits: { mtu: 256 } }));
    expect(await readStoredHostId(client(d))).toEqual({ state: 'no-block' });
    const written = await writeHostId(client(d), HOST_ID);
    expect(written).toMatchObject({ allocated: true, unchanged: false, before: { state: 'no-block' } });
    // A 4096-byte block with a 256-byte MTU: the simulator refuses any fragment above 256, so success means 16 fragments.
    const block = d.storageBlocks().find((b) => b.name === HOST_ID_BLOCK_NAME);
    expect(block?.data.length).toBe(HOST_ID_BLOCK_BYTES);
    expect(block?.writes).toBe(HOST_ID_BLOCK_BYTES / 256);
    expect(block?.vendor).toBe(CONSOLE_STORAGE_APPLICATION.vendorName);
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: HOST_ID });
    expect(await writeHostId(client(d), HOST_ID)).toMatchObject({ unchanged: true });
    // Another ID is not written over a record without being asked to.
    const refused = await storageError(writeHostId(client(d), OTHER_ID));
    expect(refused.reason).toBe('bad-record');
    expect(refused.message).toContain(HOST_ID);
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: HOST_ID });
    await writeHostId(client(d), OTHER_ID, { replaceOther: true });
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: OTHER_ID });
    expect(await clearHostId(client(d))).toBe(true);
    expect(await clearHostId(client(d))).toBe(false);
    expect(await readStoredHostId(client(d))).toEqual({ state: 'no-block' });
  });

  it('keeps the flash across a power cycle, a re-install and a simulator restart', async () => {
    const dir = join(stateDir, 'restart');
    const first = only(await fleetAt('127.100.10.2', { storageDir: dir, timeScale: 0 }));
    const originalName = first.hostName;
    await writeHostId(client(first), HOST_ID);
    first.setPowerState(8);
    first.setPowerState(2);
    const os = first.reinstall();
    expect(os.hostName).not.toBe(originalName);
    expect(os.reinstalls).toBe(1);
    expect((await getGeneralSettings(client(first))).hostName).toBe(os.hostName);
    expect(await readStoredHostId(client(first))).toEqual({ state: 'stored', hostId: HOST_ID });
    for (const t of opened.splice(0)) t.close();
    await Promise.all(fleets.splice(0).map((f) => f.close()));

    const again = only(await fleetAt('127.100.10.2', { storageDir: dir }));
    expect(again.uuid).toBe(first.uuid);
    expect(again.hostName).toBe(os.hostName);
    expect(await readStoredHostId(client(again))).toEqual({ state: 'stored', hostId: HOST_ID });
  });

  it('says "no Third Party Data Storage" for firmware without the service', async () => {
    const d = only(await fleetAt('127.100.10.3', { faults: ['noThirdPartyStorage'] }));
    const error = await storageError(readStoredHostId(client(d)));
    expect(error.reason).toBe('not-available');
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/no Third Party Data Storage/);
  });

  it("never touches another application's block: ours is written beside it and it stays byte-identical", async () => {
    const d = only(await fleetAt('127.100.10.4'));
    const foreign = Buffer.from('inventory v2\u0000'.repeat(40), 'latin1');
    // The other program even uses our block name: the name is only unique per application.
    d.plantStorageBlock(FOREIGN_OWNER, HOST_ID_BLOCK_NAME, foreign);
    expect(await readStoredHostId(client(d))).toEqual({ state: 'no-block' });
    await writeHostId(client(d), HOST_ID);
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: HOST_ID });
    expect(bytesOf(d, FOREIGN_OWNER.vendor, HOST_ID_BLOCK_NAME)?.equals(foreign)).toBe(true);
  });

  it('reports garbage in its own block as unusable and overwrites it only when asked', async () => {
    const d = only(await fleetAt('127.100.10.5'));
    const garbage = Buffer.alloc(HOST_ID_BLOCK_BYTES, 0x5a);
    d.plantStorageBlock(CONSOLE_OWNER, HOST_ID_BLOCK_NAME, garbage);
    const reading = await readStoredHostId(client(d));
    expect(reading.state).toBe('unusable');
    if (reading.state === 'unusable') expect(reading.error.message).toMatch(/not a host ID record.*marker/);
    const refused = await storageError(writeHostId(client(d), HOST_ID));
    expect(refused.reason).toBe('bad-record');
    expect(bytesOf(d, CONSOLE_OWNER.vendor, HOST_ID_BLOCK_NAME)?.equals(garbage)).toBe(true);
    await writeHostId(client(d), HOST_ID, { replaceUnreadable: true });
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: HOST_ID });
  });

  it('refuses a block of the wrong size and leaves it as it is', async () => {
    const d = only(await fleetAt('127.100.10.6'));
    const odd = Buffer.alloc(2048, 0x11);
    d.plantStorageBlock(CONSOLE_OWNER, HOST_ID_BLOCK_NAME, odd);
    const reading = await readStoredHostId(client(d));
    expect(reading.state === 'unusable' && reading.error.reason).toBe('wrong-block-size');
    const refused = await storageError(
      writeHostId(client(d), HOST_ID, { replaceUnreadable: true, replaceOther: true }),
    );
    expect(refused.reason).toBe('wrong-block-size');
    expect(refused.message).toContain('2048 bytes');
    expect(bytesOf(d, CONSOLE_OWNER.vendor, HOST_ID_BLOCK_NAME)?.equals(odd)).toBe(true);
  });

  it('turns a service that faults midway into a partial-write error, and a later write repairs the block', async () => {
    const d = only(await fleetAt('127.100.10.7', { faults: ['storageFaultMidway'] }));
    const error = await storageError(writeHostId(client(d), HOST_ID));
    expect(error.reason).toBe('partial-write');
    expect(error.message).toMatch(/1024 of 4096 bytes written/);
    d.setFault('storageFaultMidway', false);
    const torn = await readStoredHostId(client(d));
    // The first fragment (the record) landed; the rest is the firmware's half-written fragment and old 0xFF bytes.
    expect(['stored', 'unusable']).toContain(torn.state);
    await writeHostId(client(d), HOST_ID, { replaceUnreadable: true });
    expect(await readStoredHostId(client(d))).toEqual({ state: 'stored', hostId: HOST_ID });
  });

  it('stops at the write-erase limit with the block unchanged', async () => {
    const d = only(await fleetAt('127.100.10.8', { storageLimits: { writeEraseLimit: 10 } }));
    await writeHostId(client(d), HOST_ID);
    const before = bytesOf(d, CONSOLE_OWNER.vendor, HOST_ID_BLOCK_NAME);
    d.setStorageWriteCount(10);
    const error = await storageError(writeHostId(client(d), OTHER_ID, { replaceOther: true }));
    expect(error.reason).toBe('write-limit');
    expect(error.detail.returnValue).toBe(0x26);
    expect(bytesOf(d, CONSOLE_OWNER.vendor, HOST_ID_BLOCK_NAME)?.equals(before as Buffer)).toBe(true);
  });

  it('says the storage is full when no block can be allocated', async () => {
    const d = only(await fleetAt('127.100.10.9', { storageLimits: { maxBlocks: 1 } }));
    const foreign = Buffer.alloc(1024, 0x42);
    d.plantStorageBlock(FOREIGN_OWNER, 'their-data', foreign);
    const error = await storageError(writeHostId(client(d), HOST_ID));
    expect(error.reason).toBe('storage-full');
    expect(d.storageBlocks()).toHaveLength(1);
    expect(bytesOf(d, FOREIGN_OWNER.vendor, 'their-data')?.equals(foreign)).toBe(true);
  });
});
