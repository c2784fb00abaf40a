// Which AMT credentials a client is reached with (mission M7): its own override, else its relay's profile,
// else the managing side's default ("AMT Linkage" settings). For main's use only; never for an IPC reply.

import type { ClientId, ProfileScope, RelayId } from '../../shared/domain';
import type { Store } from '../store/index';

export interface ResolvedCredentials {
  readonly user: string;
  readonly password: string;
  /** Which profile supplied them (shown as "using the relay's credentials" etc.). */
  readonly source: ProfileScope;
}

/** Credentials for a client; undefined when no profile on its chain has a password (problem 'no-credentials'). */
export function resolveCredentials(store: Store, clientId: ClientId): ResolvedCredentials | undefined {
  const client = store.clients.get(clientId);
  if (!client) return undefined;
  return (
    pick(store, 'client', clientId) ??
    (client.relayId !== null ? pick(store, 'relay', client.relayId) : undefined) ??
    pick(store, 'default', null)
  );
}

/** Credentials for an address not yet a client (discovery): the relay's profile, else the default. */
export function resolveCredentialsForRelay(store: Store, relayId: RelayId | null): ResolvedCredentials | undefined {
  return (relayId !== null ? pick(store, 'relay', relayId) : undefined) ?? pick(store, 'default', null);
}

function pick(store: Store, scope: ProfileScope, targetId: number | null): ResolvedCredentials | undefined {
  const found = store.profiles.decryptCredentials(scope, targetId);
  return found ? { user: found.user, password: found.password, source: scope } : undefined;
}
