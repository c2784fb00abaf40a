// registerOsRecord (main/fleet/host-id/registration.ts) on a store on disk, with the device's identity given as
// data (the AMT side is covered against the simulator in reinstall-vs-sim.test.ts): a new OS install date under
// the same host name is a re-install too; a name taken by another client is not merged and the audit says so.
import { afterAll, describe, expect, it } from 'vitest';
import { asHostId } from '../../../shared/domain';
import { registerOsRecord, type DeviceIdentity } from '../../../main/fleet/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const folder = tempFolder('register-os-record');
const store = openTempStore(folder);
afterAll(() => {
  store.close();
  folder.remove();
});

const ID = asHostId('5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f');
const stored: DeviceIdentity = {
  kind: 'storage',
  platformUuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  stored: { state: 'stored', hostId: ID },
};
const writes: string[] = [];
const write = async (hostId: string): Promise<void> => {
  writes.push(hostId);
};

describe('registerOsRecord', () => {
  it('adopts the stored ID for a new asset, then treats a new OS install date as a re-install', async () => {
    const first = await registerOsRecord(
      store,
      { hostName: 'pc-7', ip: '10.0.0.7', osInstalledAt: '2025-01-07T08:00:00.000Z' },
      stored,
      write,
      { actor: 'agent' },
    );
    expect(first.outcome).toMatchObject({ kind: 'new-asset', hostId: ID, kept: 'amt-storage', wrote: false });
    expect(first.outcome.words).toMatch(/Restored from AMT storage/);
    const same = await registerOsRecord(
      store,
      { hostName: 'pc-7', ip: '10.0.0.7', osInstalledAt: '2025-01-07T08:00:00.000Z' },
      stored,
      write,
      { actor: 'agent' },
    );
    expect(same.outcome.kind).toBe('same-record');
    const again = await registerOsRecord(
      store,
      { hostName: 'pc-7', ip: '10.0.0.8', osInstalledAt: '2026-03-01T09:00:00.000Z' },
      stored,
      write,
      { actor: 'agent' },
    );
    expect(again.client.id).toBe(first.client.id);
    expect(again.outcome.kind).toBe('reattached');
    const history = store.hostIds.history(first.client.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ hostName: 'pc-7', ip: '10.0.0.7', osInstalledAt: '2025-01-07T08:00:00.000Z' });
    expect(history[0]?.reason).toMatch(/OS installed 2026-03-01T09:00:00.000Z/);
    expect(store.hostIds.get(first.client.id)?.osInstalledAt).toBe('2026-03-01T09:00:00.000Z');
    expect(writes).toEqual([]);
  });

  it('does not merge into a host name another client already has, and audits the refusal', async () => {
    store.clients.add({ hostName: 'pc-taken', ip: '10.0.0.9' });
    const result = await registerOsRecord(store, { hostName: 'pc-taken', ip: '10.0.0.10' }, stored, write, {
      actor: 'agent',
    });
    expect(result.client.hostName).toBe('pc-7');
    expect(result.outcome.words).toMatch(/Not renamed: the new host name pc-taken is already used by client #\d+/);
    expect(store.audit.list({ target: 'pc-7', limit: 5 })[0]).toMatchObject({
      action: 'host-id:register',
      result: 'failed',
    });
  });

  it('generates and writes a new ID when the device has nothing to restore, and says so', async () => {
    const blank: DeviceIdentity = { kind: 'storage', platformUuid: null, stored: { state: 'blank' } };
    const result = await registerOsRecord(store, { hostName: 'pc-new', ip: '10.0.0.11' }, blank, write, {
      actor: 'agent',
    });
    expect(result.outcome).toMatchObject({ kind: 'new-asset', kept: 'amt-storage', wrote: true });
    expect(writes).toEqual([result.outcome.hostId]);
    const unread: DeviceIdentity = { kind: 'unread', platformUuid: null, why: 'the storage registration was refused' };
    const later = await registerOsRecord(store, { hostName: 'pc-unread', ip: '10.0.0.12' }, unread, write, {
      actor: 'agent',
    });
    expect(later.outcome.kept).toBe('console');
    expect(store.hostIds.get(later.client.id)?.note).toMatch(/Kept in the console only: AMT storage could not be read/);
  });
});
