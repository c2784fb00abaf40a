// Which AMT credentials a client is reached with (mission M7): its own override, else the profile of the nearest
// relay above it that has one (a relay's profile covers its subtree, relays below relays included), else the
// managing side's default ("AMT Linkage" settings). Passwords are for main's use only, never for an IPC reply.

import type { ClientId, EffectiveProfile, ProfileScope, RelayId } from '../../shared/domain';
import type { Store } from '../store/index';
import { relayAncestry } from './relay-ancestry';

export interface ResolvedCredentials {
  readonly user: string;
  readonly password: string;
  /** Which profile supplied them (shown as "using the relay's credentials" etc.). */
  readonly source: ProfileScope;
  /** The relay whose profile it is, for source 'relay'. */
  readonly relayId: RelayId | null;
}

/** Credentials for a client; undefined when no profile on its chain has a password (problem 'no-credentials'). */
export function resolveCredentials(store: Store, clientId: ClientId): ResolvedCredentials | undefined {
  const client = store.clients.get(clientId);
  if (!client) return undefined;
  return pick(store, 'client', clientId) ?? resolveCredentialsForRelay(store, client.relayId);
}

/** Credentials for an address not yet a client (discovery): the relay subtree's profile, else the default. */
export function resolveCredentialsForRelay(store: Store, relayId: RelayId | null): ResolvedCredentials | undefined {
  for (const id of relayAncestry(store, relayId)) {
    const found = pick(store, 'relay', id);
    if (found) return found;
  }
  return pick(store, 'default', null);
}

/** Where a client's credentials come from, without the password (the details pane shows it). */
export function effectiveProfile(store: Store, clientId: ClientId): EffectiveProfile | undefined {
  const client = store.clients.get(clientId);
  if (!client) return undefined;
  const has = (scope: ProfileScope, targetId: number | null): string | undefined => {
    const view = store.profiles.find(scope, targetId);
    return view?.hasPassword === true ? view.user : undefined;
  };
  const own = has('client', clientId);
  if (own !== undefined) return { source: 'client', relayId: null, user: own };
  for (const id of relayAncestry(store, client.relayId)) {
    const user = has('relay', id);
    if (user !== undefined) return { source: 'relay', relayId: id, user };
  }
  const fallback = has('default', null);
  return fallback !== undefined
    ? { source: 'default', relayId: null, user: fallback }
    : { source: 'none', relayId: null, user: null };
}

function pick(store: Store, scope: ProfileScope, targetId: number | null): ResolvedCredentials | undefined {
  const found = store.profiles.decryptCredentials(scope, targetId);
  return found
    ? {
        user: found.user,
        password: found.password,
        source: scope,
        relayId: scope === 'relay' ? (targetId as RelayId) : null,
      }
    : undefined;
}
