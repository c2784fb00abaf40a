// A relay and the relays above it in the tree, nearest first: what "a relay's subtree" means when the console looks
// up from a client (its credentials, the enrolled relay that serves it). Bounded, and a cycle in a damaged store ends it.

import type { RelayId } from '../../shared/domain';
import type { Store } from '../store/index';

/** Deeper relay trees than this are not a configuration anyone has; the walk stops there. */
export const MAX_RELAY_DEPTH = 64;

export function relayAncestry(store: Store, relayId: RelayId | null): RelayId[] {
  const chain: RelayId[] = [];
  for (let id = relayId; id !== null && chain.length < MAX_RELAY_DEPTH && !chain.includes(id);) {
    chain.push(id);
    id = store.relays.get(id)?.parentId ?? null;
  }
  return chain;
}
