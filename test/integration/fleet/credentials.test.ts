// Credential resolution (mission M7, main/fleet/credentials.ts): client override → the nearest relay above it with a
// profile (a relay's profile covers its subtree) → default; and where a client's credentials come from, without them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/domain';
import { effectiveProfile, resolveCredentials, resolveCredentialsForRelay } from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const folder = tempFolder('credentials');
let store: Store;
beforeAll(() => {
  store = openTempStore(folder);
});
afterAll(() => {
  store.close();
  folder.remove();
});

describe('resolveCredentials', () => {
  it('picks the most specific profile with a password', () => {
    const relay = store.relays.add({ name: 'R', kind: 'relay-system', host: 'h' });
    const plain = store.clients.add({ hostName: 'plain', ip: '10.0.0.1' });
    const underRelay = store.clients.add({ hostName: 'under-relay', ip: '10.0.0.2', relayId: relay.id });
    const overridden = store.clients.add({ hostName: 'overridden', ip: '10.0.0.3', relayId: relay.id });

    expect(resolveCredentials(store, plain.id)).toBeUndefined();
    store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: 'Default-Pass1!' });
    store.profiles.set({ scope: 'relay', targetId: relay.id, user: 'relay-admin', password: 'Relay-Pass1!' });
    store.profiles.set({ scope: 'client', targetId: overridden.id, user: 'own', password: 'Own-Pass1!' });

    expect(resolveCredentials(store, plain.id)).toEqual({
      user: 'admin',
      password: 'Default-Pass1!',
      source: 'default',
      relayId: null,
    });
    expect(resolveCredentials(store, underRelay.id)).toEqual({
      user: 'relay-admin',
      password: 'Relay-Pass1!',
      source: 'relay',
      relayId: relay.id,
    });
    expect(resolveCredentials(store, overridden.id)).toEqual({
      user: 'own',
      password: 'Own-Pass1!',
      source: 'client',
      relayId: null,
    });
    expect(resolveCredentialsForRelay(store, relay.id)?.source).toBe('relay');
    expect(resolveCredentialsForRelay(store, null)?.source).toBe('default');

    // A profile without a password does not stop the chain: the next one applies.
    store.profiles.set({ scope: 'client', targetId: overridden.id, user: 'own', password: '' });
    expect(resolveCredentials(store, overridden.id)?.source).toBe('relay');
    expect(resolveCredentials(store, 4242 as ClientId)).toBeUndefined();
  });

  it("applies a relay's profile to its whole subtree, the nearest relay with one first", () => {
    const manager = store.relays.add({ name: 'Manager', kind: 'relay-manager', host: 'm' });
    const system = store.relays.add({ name: 'System', kind: 'relay-system', host: 's', parentId: manager.id });
    const deep = store.relays.add({ name: 'Deep', kind: 'relay-system', host: 'd', parentId: system.id });
    const pc = store.clients.add({ hostName: 'deep-pc', ip: '10.0.1.1', relayId: deep.id });
    expect(resolveCredentials(store, pc.id)).toMatchObject({ source: 'default' });
    expect(effectiveProfile(store, pc.id)).toEqual({ source: 'default', relayId: null, user: 'admin' });

    store.profiles.set({ scope: 'relay', targetId: manager.id, user: 'east-admin', password: 'East-Pass1!' });
    expect(resolveCredentials(store, pc.id)).toEqual({
      user: 'east-admin',
      password: 'East-Pass1!',
      source: 'relay',
      relayId: manager.id,
    });
    expect(resolveCredentialsForRelay(store, deep.id)).toMatchObject({ source: 'relay', relayId: manager.id });
    expect(effectiveProfile(store, pc.id)).toEqual({ source: 'relay', relayId: manager.id, user: 'east-admin' });

    store.profiles.set({ scope: 'relay', targetId: system.id, user: 'branch', password: 'Branch-Pass1!' });
    expect(effectiveProfile(store, pc.id)).toEqual({ source: 'relay', relayId: system.id, user: 'branch' });
    store.profiles.set({ scope: 'client', targetId: pc.id, user: 'own', password: 'Own-Pass2!' });
    expect(effectiveProfile(store, pc.id)).toEqual({ source: 'client', relayId: null, user: 'own' });
    expect(JSON.stringify(effectiveProfile(store, pc.id))).not.toContain('Pass');
  });

  it('says none when no profile on the chain has a password, and nothing for an unknown client', () => {
    const lone = tempFolder('credentials-none');
    const empty = openTempStore(lone);
    try {
      const pc = empty.clients.add({ hostName: 'lone', ip: '10.0.2.1' });
      expect(effectiveProfile(empty, pc.id)).toEqual({ source: 'none', relayId: null, user: null });
      expect(effectiveProfile(empty, 999 as ClientId)).toBeUndefined();
    } finally {
      empty.close();
      lone.remove();
    }
  });

  it('stops at a cycle in the relay tree instead of looping', () => {
    const a = store.relays.add({ name: 'Loop A', kind: 'relay-system', host: 'a' });
    const b = store.relays.add({ name: 'Loop B', kind: 'relay-system', host: 'b', parentId: a.id });
    // A cycle cannot be made through the repository's API; written as a damaged store would hold it.
    store.db.prepare('UPDATE relays SET parent_id = ? WHERE id = ?').run(b.id, a.id);
    const pc = store.clients.add({ hostName: 'loop-pc', ip: '10.0.3.1', relayId: b.id });
    expect(resolveCredentials(store, pc.id)).toMatchObject({ source: 'default' });
  });
});
