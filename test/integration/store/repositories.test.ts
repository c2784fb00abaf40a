// Repositories (main/store/*-repository.ts) on an SQLite file on disk: relays, clients, credential
// profiles, audit log.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientId, ProfileId, RelayId } from '../../../shared/domain';
import type { Store } from '../../../main/store/index';
import { openTempStore, tempFolder, storeErrorCode } from './temp-store';

const folder = tempFolder('repositories');
let store: Store;
let counter = 0;
beforeEach(() => {
  store?.close();
  store = openTempStore(folder, `repo-${counter++}.db`);
});
afterAll(() => {
  store?.close();
  folder.remove();
});

describe('relays', () => {
  it('adds, lists by name, finds by name in any case, refuses a duplicate, removes', () => {
    const manager = store.relays.add({ name: 'HQ manager', kind: 'relay-manager', host: '10.0.0.2' });
    const system = store.relays.add({
      name: 'Branch 7',
      kind: 'relay-system',
      host: '10.7.0.2',
      parentId: manager.id,
      os: 'Windows 11',
      agentVersion: '3.1',
    });
    expect(system).toMatchObject({
      name: 'Branch 7',
      kind: 'relay-system',
      parentId: manager.id,
      os: 'Windows 11',
      agentVersion: '3.1',
    });
    expect(store.relays.list().map((r) => r.name)).toEqual(['Branch 7', 'HQ manager']);
    expect(store.relays.getByName('branch 7')?.id).toBe(system.id);
    expect(storeErrorCode(() => store.relays.add({ name: 'BRANCH 7', kind: 'relay-system', host: 'x' }))).toBe(
      'duplicate',
    );
    expect(
      storeErrorCode(() =>
        store.relays.add({ name: 'orphan', kind: 'relay-system', host: 'x', parentId: 999 as RelayId }),
      ),
    ).toBe('not-found');
    expect(store.relays.remove(manager.id)).toBe(true);
    expect(store.relays.get(system.id)?.parentId).toBeNull();
  });
});

describe('clients', () => {
  it('adds a client with every field and reads it back', () => {
    const relay = store.relays.add({ name: 'R1', kind: 'relay-system', host: '10.0.0.3' });
    const client = store.clients.add({
      hostName: 'pc-001',
      ip: '10.1.0.1',
      amtPort: 17000,
      mac: 'a4:ae:11:1c:02:4d',
      subnetMask: '255.255.255.0',
      relayId: relay.id,
      os: 'Windows 10',
      agentVersion: '2.0',
      dhcp: true,
      amtVersion: '16.1.25',
    });
    expect(store.clients.get(client.id)).toEqual({
      id: client.id,
      hostName: 'pc-001',
      ip: '10.1.0.1',
      amtPort: 17000,
      mac: 'a4:ae:11:1c:02:4d',
      subnetMask: '255.255.255.0',
      relayId: relay.id,
      os: 'Windows 10',
      agentVersion: '2.0',
      dhcp: true,
      amtVersion: '16.1.25',
      power: 'unknown',
      lastSeenAt: null,
      problem: null,
      legacyTls: false,
    });
  });

  it('keeps the host name unique in any case and upserts by it', () => {
    const first = store.clients.add({ hostName: 'PC-002', ip: '10.1.0.2', os: 'Windows 10', amtVersion: null });
    expect(storeErrorCode(() => store.clients.add({ hostName: 'pc-002', ip: '10.1.0.9' }))).toBe('duplicate');
    const upserted = store.clients.upsertByHostName({ hostName: 'pc-002', ip: '10.1.0.22', amtVersion: '12.0.67' });
    expect(upserted.created).toBe(false);
    expect(upserted.client).toMatchObject({
      id: first.id,
      hostName: 'PC-002',
      ip: '10.1.0.22',
      os: 'Windows 10',
      amtVersion: '12.0.67',
    });
    const fresh = store.clients.upsertByHostName({ hostName: 'pc-003', ip: '10.1.0.3' });
    expect(fresh.created).toBe(true);
    expect(store.clients.count()).toBe(2);
  });

  it('records power, last seen and a problem, and clears the problem', () => {
    const client = store.clients.add({ hostName: 'pc-004', ip: '10.1.0.4' });
    const seen = store.clients.update(client.id, {
      power: 'soft-off',
      lastSeenAt: '2026-01-02T03:04:05.000Z',
      problem: { code: 'auth-failed', words: 'Wrong user name or password.', at: '2026-01-02T03:04:05.000Z' },
    });
    expect(seen).toMatchObject({
      power: 'soft-off',
      lastSeenAt: '2026-01-02T03:04:05.000Z',
      problem: { code: 'auth-failed', words: 'Wrong user name or password.' },
    });
    expect(store.clients.update(client.id, { problem: null }).problem).toBeNull();
    expect(store.clients.get(client.id)?.power).toBe('soft-off');
  });

  it('refuses an unknown relay, an unknown id and a rename onto a taken name', () => {
    const a = store.clients.add({ hostName: 'pc-a', ip: '10.1.0.5' });
    store.clients.add({ hostName: 'pc-b', ip: '10.1.0.6' });
    expect(storeErrorCode(() => store.clients.add({ hostName: 'pc-c', ip: '10.1.0.7', relayId: 77 as RelayId }))).toBe(
      'not-found',
    );
    expect(storeErrorCode(() => store.clients.update(9999 as ClientId, { os: 'x' }))).toBe('not-found');
    expect(storeErrorCode(() => store.clients.update(a.id, { hostName: 'PC-B' }))).toBe('duplicate');
    expect(storeErrorCode(() => store.clients.add({ hostName: '  ', ip: '10.1.0.8' }))).toBe('bad-input');
  });

  it('finds clients by address and removes several at once', () => {
    const a = store.clients.add({ hostName: 'pc-x', ip: '10.2.0.1' });
    const b = store.clients.add({ hostName: 'pc-y', ip: '10.2.0.2' });
    expect(store.clients.findByIp('10.2.0.2').map((c) => c.id)).toEqual([b.id]);
    expect(store.clients.remove([a.id, b.id, 12345 as ClientId])).toBe(2);
    expect(store.clients.list()).toEqual([]);
  });

  it('sets the relay to null when the relay is removed', () => {
    const relay = store.relays.add({ name: 'gone', kind: 'relay-system', host: 'h' });
    const client = store.clients.add({ hostName: 'pc-z', ip: '10.3.0.1', relayId: relay.id });
    store.relays.remove(relay.id);
    expect(store.clients.get(client.id)?.relayId).toBeNull();
  });
});

describe('credential profiles', () => {
  it('sets one profile per scope and target, views carry hasPassword and never the password', () => {
    const relay = store.relays.add({ name: 'R', kind: 'relay-system', host: 'h' });
    const client = store.clients.add({ hostName: 'pc-p', ip: '10.4.0.1' });
    const def = store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: 'Default-Pass1!' });
    store.profiles.set({ scope: 'relay', targetId: relay.id, user: 'admin', password: 'Relay-Pass1!' });
    store.profiles.set({ scope: 'client', targetId: client.id, user: 'root', password: 'Client-Pass1!' });
    const replaced = store.profiles.set({
      scope: 'default',
      targetId: null,
      user: 'admin2',
      password: 'Default-Pass2!',
    });
    expect(replaced.id).toBe(def.id);
    const views = store.profiles.list();
    expect(views.map((v) => [v.scope, v.targetId, v.user, v.hasPassword])).toEqual([
      ['default', null, 'admin2', true],
      ['relay', relay.id, 'admin', true],
      ['client', client.id, 'root', true],
    ]);
    expect(JSON.stringify(views)).not.toMatch(/Pass\d!/);
    expect(store.profiles.decryptCredentials('default', null)).toMatchObject({
      user: 'admin2',
      password: 'Default-Pass2!',
    });
    expect(store.profiles.decryptCredentials('client', client.id)?.password).toBe('Client-Pass1!');
  });

  it('changes the user name alone, clears a password, refuses bad targets', () => {
    const set = store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: 'Secret-Pass1!' });
    store.profiles.set({ scope: 'default', targetId: null, user: 'operator' });
    expect(store.profiles.decryptCredentials('default', null)).toMatchObject({
      user: 'operator',
      password: 'Secret-Pass1!',
    });
    store.profiles.set({ scope: 'default', targetId: null, user: 'operator', password: '' });
    expect(store.profiles.find('default', null)?.hasPassword).toBe(false);
    expect(store.profiles.decryptCredentials('default', null)).toBeUndefined();
    expect(storeErrorCode(() => store.profiles.set({ scope: 'relay', targetId: 4242, user: 'a', password: 'b' }))).toBe(
      'not-found',
    );
    expect(
      storeErrorCode(() => store.profiles.set({ scope: 'client', targetId: null, user: 'a', password: 'b' })),
    ).toBe('bad-input');
    expect(storeErrorCode(() => store.profiles.set({ scope: 'default', targetId: 3, user: 'a', password: 'b' }))).toBe(
      'bad-input',
    );
    expect(store.profiles.remove(set.id)).toBe(true);
    expect(store.profiles.remove(set.id as ProfileId)).toBe(false);
  });

  it('a password moved to another profile row does not decrypt there', () => {
    const relay = store.relays.add({ name: 'R2', kind: 'relay-system', host: 'h' });
    store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: 'Default-Pass1!' });
    store.profiles.set({ scope: 'relay', targetId: relay.id, user: 'admin', password: 'Other-Pass1!' });
    store.db
      .prepare(
        "UPDATE credential_profiles SET password_blob = (SELECT password_blob FROM credential_profiles WHERE scope = 'default') WHERE scope = 'relay'",
      )
      .run();
    expect(storeErrorCode(() => store.profiles.decryptCredentials('relay', relay.id))).toBe('vault-corrupt');
  });

  it('goes away with its client', () => {
    const client = store.clients.add({ hostName: 'pc-gone', ip: '10.4.0.2' });
    store.profiles.set({ scope: 'client', targetId: client.id, user: 'a', password: 'Some-Pass1!' });
    store.clients.remove([client.id]);
    expect(store.profiles.list()).toEqual([]);
  });
});

describe('audit log', () => {
  it('records entries and lists them newest first, by target, bounded', () => {
    for (let i = 0; i < 5; i++) {
      store.audit.record({
        actor: 'alice',
        action: 'power:on',
        target: i % 2 === 0 ? 'pc-1' : 'pc-2',
        result: i === 4 ? 'failed' : 'ok',
        detail: `step ${i}`,
      });
    }
    const pc1 = store.audit.list({ target: 'pc-1', limit: 10 });
    expect(pc1.map((e) => e.detail)).toEqual(['step 4', 'step 2', 'step 0']);
    expect(pc1[0]).toMatchObject({ actor: 'alice', action: 'power:on', target: 'pc-1', result: 'failed' });
    expect(pc1[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(store.audit.list({ limit: 2 }).map((e) => e.detail)).toEqual(['step 4', 'step 3']);
    expect(store.audit.list({ limit: 1_000_000 }).length).toBe(5);
  });

  it('refuses an entry without actor, action or target', () => {
    expect(
      storeErrorCode(() => store.audit.record({ actor: '', action: 'power:on', target: 'pc', result: 'ok' })),
    ).toBe('bad-input');
  });
});
