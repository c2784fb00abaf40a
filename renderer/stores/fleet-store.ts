// Fleet slice: the managing server, relays and clients as main last reported them, plus the sorted
// children index the tree derives its rows from. Loaded by fleet:snapshot, kept live by events.
import { create } from 'zustand';
import type { Client, ClientId, Relay } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { warmSearchCache } from '../model/client-filter';
import { errorWordsOf } from '../model/error-words';
import { buildFleetIndex, type FleetIndex } from '../model/tree-rows';

/** performance.mark names the bench reads (time to first render of the tree). */
export const SNAPSHOT_RECEIVED_MARK = 'amt-console:snapshot-received';
export const TREE_FIRST_RENDER_MARK = 'amt-console:tree-first-render';

// --- state -------------------------------------------------------------------------------------------
export interface FleetState {
  readonly status: 'loading' | 'ready' | 'failed';
  /** Words for the tree pane when the snapshot could not be loaded. */
  readonly error: string | null;
  readonly serverName: string;
  readonly relays: readonly Relay[];
  readonly clientsById: ReadonlyMap<ClientId, Client>;
  readonly index: FleetIndex;
  /** Bumped on every change so views can memoise on one number. */
  readonly revision: number;
}

export function initialFleet(): FleetState {
  return {
    status: 'loading',
    error: null,
    serverName: 'Managing server',
    relays: [],
    clientsById: new Map(),
    index: buildFleetIndex([], []),
    revision: 0,
  };
}

export const useFleetStore = create<FleetState>()(() => initialFleet());

// --- actions -----------------------------------------------------------------------------------------
export async function loadFleet(): Promise<void> {
  useFleetStore.setState({ status: useFleetStore.getState().revision === 0 ? 'loading' : 'ready', error: null });
  try {
    const snapshot = await amtApi().fleetSnapshot({});
    // User Timing marks for the bench: snapshot in hand → tree drawn (see views/tree-view.tsx).
    performance.mark(SNAPSHOT_RECEIVED_MARK);
    replaceFleet(snapshot.server.name, snapshot.relays, snapshot.clients);
  } catch (error) {
    useFleetStore.setState({ status: 'failed', error: errorWordsOf(error) });
  }
}

export function replaceFleet(serverName: string, relays: readonly Relay[], clients: readonly Client[]): void {
  const clientsById = new Map<ClientId, Client>();
  for (const client of clients) clientsById.set(client.id, client);
  useFleetStore.setState((s) => ({
    status: 'ready',
    error: null,
    serverName,
    relays,
    clientsById,
    index: buildFleetIndex(relays, clientsById.values()),
    revision: s.revision + 1,
  }));
  // The first search would otherwise pay for lower-casing 10,000 clients; do it while nothing happens.
  setTimeout(() => warmSearchCache(clientsById.values()), WARM_SEARCH_DELAY_MS);
}

const WARM_SEARCH_DELAY_MS = 200;

/** Applies a batch of client:changed payloads (and new clients) in one store update. */
export function applyClientsChanged(changed: readonly Client[]): void {
  if (changed.length === 0) return;
  useFleetStore.setState((s) => {
    const clientsById = new Map(s.clientsById);
    // Most events only change power or a problem: the client keeps its place in the sorted index and
    // the index is patched in place of a full re-sort of 10,000 clients.
    let patchable = true;
    for (const client of changed) {
      const before = clientsById.get(client.id);
      if (before === undefined || before.hostName !== client.hostName || before.relayId !== client.relayId)
        patchable = false;
      clientsById.set(client.id, client);
    }
    const index = patchable ? patchIndex(s.index, changed) : buildFleetIndex(s.relays, clientsById.values());
    return { clientsById, index, revision: s.revision + 1 };
  });
}

export function applyClientsRemoved(ids: readonly ClientId[]): void {
  if (ids.length === 0) return;
  useFleetStore.setState((s) => {
    const clientsById = new Map(s.clientsById);
    for (const id of ids) clientsById.delete(id);
    return { clientsById, index: buildFleetIndex(s.relays, clientsById.values()), revision: s.revision + 1 };
  });
}

function patchIndex(index: FleetIndex, changed: readonly Client[]): FleetIndex {
  const clientsByRelay = new Map(index.clientsByRelay);
  const copied = new Set<unknown>();
  for (const client of changed) {
    for (const [relayId, list] of clientsByRelay) {
      const at = list.findIndex((c) => c.id === client.id);
      if (at < 0) continue;
      const next = copied.has(relayId) ? (list as Client[]) : [...list];
      copied.add(relayId);
      next[at] = client;
      clientsByRelay.set(relayId, next);
      break;
    }
  }
  return { relaysByParent: index.relaysByParent, clientsByRelay };
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectClient(id: ClientId | null): (s: FleetState) => Client | null {
  return (s) => (id === null ? null : (s.clientsById.get(id) ?? null));
}

export function selectRelayName(s: FleetState, id: Client['relayId']): string | null {
  if (id === null) return null;
  return s.relays.find((r) => r.id === id)?.name ?? null;
}
