// Shows one client in the tree from elsewhere (a line of the results panel): clears the search, opens
// its relay and the relays above it, selects it; the tree then scrolls it into view.
import type { ClientId } from '../../shared/domain';
import { clientKey, relayKey, SERVER_KEY, type RowKey } from '../model/tree-rows';
import { clearFilter } from '../stores/filter-store';
import { useFleetStore } from '../stores/fleet-store';
import { clickRow } from '../stores/selection-store';
import { expandAll } from '../stores/tree-store';

/** Relay nesting is shallow; the bound only guards against a parent loop in bad data. */
const MAX_RELAY_DEPTH = 64;

export function revealClient(id: ClientId): void {
  const { clientsById, relays } = useFleetStore.getState();
  const client = clientsById.get(id);
  if (client === undefined) return;
  const ancestors: RowKey[] = [SERVER_KEY];
  let relayId = client.relayId;
  for (let depth = 0; relayId !== null && depth < MAX_RELAY_DEPTH; depth += 1) {
    ancestors.push(relayKey(relayId));
    relayId = relays.find((r) => r.id === relayId)?.parentId ?? null;
  }
  clearFilter();
  expandAll(ancestors);
  const key = clientKey(id);
  clickRow([key], key, { ctrl: false, shift: false });
}
