// Credential resolution (mission M7, main/fleet/credentials.ts): client override → relay profile → default.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/domain';
import { resolveCredentials, resolveCredentialsForRelay } from '../../../main/fleet/index';
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

    expect(resolveCredentials(store, plain.id)).toEqual({ user: 'admin', password: 'Default-Pass1!', source: 'default' });
    expect(resolveCredentials(store, underRelay.id)).toEqual({ user: 'relay-admin', password: 'Relay-Pass1!', source: 'relay' });
    expect(resolveCredentials(store, overridden.id)).toEqual({ user: 'own', password: 'Own-Pass1!', source: 'client' });
    expect(resolveCredentialsForRelay(store, relay.id)?.source).toBe('relay');
    expect(resolveCredentialsForRelay(store, null)?.source).toBe('default');

    // A profile without a password does not stop the chain: the next one applies.
    store.profiles.set({ scope: 'client', targetId: overridden.id, user: 'own', password: '' });
    expect(resolveCredentials(store, overridden.id)?.source).toBe('relay');
    expect(resolveCredentials(store, 4242 as ClientId)).toBeUndefined();
  });
});
