// The client tree as a flat list of rows (managing server → relays, nested → clients), derived from the
// fleet, the collapsed nodes and the filter. Flat so the virtual list can draw any slice of it in O(1).
import type { Client, ClientId, Relay, RelayId } from '../../shared/domain';
import type { ClientMatcher } from './client-filter';

export const SERVER_KEY = 'server';
export type RowKey = string;

interface RowBase {
  readonly key: RowKey;
  readonly depth: number;
  readonly parentKey: RowKey | null;
}
export interface ServerRow extends RowBase {
  readonly kind: 'server';
  readonly label: string;
  readonly expanded: boolean;
  readonly hasChildren: boolean;
  /** Clients in the whole tree (matching ones while a filter is on). */
  readonly clientCount: number;
}
export interface RelayRow extends RowBase {
  readonly kind: 'relay';
  readonly relay: Relay;
  readonly expanded: boolean;
  readonly hasChildren: boolean;
  readonly clientCount: number;
}
export interface ClientRow extends RowBase {
  readonly kind: 'client';
  readonly client: Client;
}
export type TreeRow = ServerRow | RelayRow | ClientRow;

export function relayKey(id: RelayId): RowKey {
  return `r:${id}`;
}
export function clientKey(id: ClientId): RowKey {
  return `c:${id}`;
}
/** The client id behind a row key, or null for server and relay rows. */
export function clientIdOfKey(key: RowKey): ClientId | null {
  return key.startsWith('c:') ? (Number(key.slice(2)) as ClientId) : null;
}

/** Children lists by parent, sorted once per fleet change (not per filter keystroke). */
export interface FleetIndex {
  readonly relaysByParent: ReadonlyMap<RelayId | null, readonly Relay[]>;
  readonly clientsByRelay: ReadonlyMap<RelayId | null, readonly Client[]>;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function buildFleetIndex(relays: readonly Relay[], clients: Iterable<Client>): FleetIndex {
  const known = new Map(relays.map((r) => [r.id, r] as const));
  const relaysByParent = new Map<RelayId | null, Relay[]>();
  for (const relay of relays) {
    // A relay whose parent is unknown or part of a loop hangs under the server rather than vanishing.
    const parent =
      relay.parentId !== null && known.has(relay.parentId) && !inParentLoop(relay, known) ? relay.parentId : null;
    const list = relaysByParent.get(parent) ?? [];
    list.push(relay);
    relaysByParent.set(parent, list);
  }
  const clientsByRelay = new Map<RelayId | null, Client[]>();
  for (const client of clients) {
    const parent = client.relayId !== null && known.has(client.relayId) ? client.relayId : null;
    const list = clientsByRelay.get(parent) ?? [];
    list.push(client);
    clientsByRelay.set(parent, list);
  }
  for (const list of relaysByParent.values()) list.sort((a, b) => byName.compare(a.name, b.name));
  for (const list of clientsByRelay.values())
    list.sort((a, b) => byName.compare(a.hostName, b.hostName) || a.id - b.id);
  return { relaysByParent, clientsByRelay };
}

function inParentLoop(relay: Relay, known: ReadonlyMap<RelayId, Relay>): boolean {
  const seen = new Set<RelayId>([relay.id]);
  let parent = relay.parentId;
  while (parent !== null) {
    if (seen.has(parent)) return true;
    seen.add(parent);
    parent = known.get(parent)?.parentId ?? null;
  }
  return false;
}

export interface TreeRowsInput {
  readonly serverName: string;
  readonly index: FleetIndex;
  /** Keys of collapsed server/relay rows; everything else is expanded. */
  readonly collapsed: ReadonlySet<RowKey>;
  /** null: no filter. Otherwise only matching clients and their ancestors are kept. */
  readonly match: ClientMatcher | null;
  /** While filtering, a relay whose own name matches stays visible even without matching clients. */
  readonly relayMatch?: ((relay: Relay) => boolean) | null;
}

interface Subtree {
  readonly rows: TreeRow[];
  readonly clientCount: number;
  readonly visible: boolean;
}

/** Depth-first rows of the tree; collapsed nodes keep their row and drop their descendants. */
export function deriveTreeRows(input: TreeRowsInput): TreeRow[] {
  const { index, collapsed, match } = input;
  const relayMatch = match === null ? null : (input.relayMatch ?? null);
  const visited = new Set<RelayId | null>();

  // Children of one node (relays first, then clients), appended to `out` when the node is expanded.
  function children(
    parent: RelayId | null,
    parentKey: RowKey,
    depth: number,
    expanded: boolean,
    out: TreeRow[],
  ): { count: number; any: boolean } {
    if (visited.has(parent)) return { count: 0, any: false };
    visited.add(parent);
    let count = 0;
    let any = false;
    for (const relay of index.relaysByParent.get(parent) ?? []) {
      const sub = relaySubtree(relay, parentKey, depth);
      count += sub.clientCount;
      if (sub.visible) {
        any = true;
        if (expanded) for (const row of sub.rows) out.push(row);
      }
    }
    for (const client of index.clientsByRelay.get(parent) ?? []) {
      if (match !== null && !match(client)) continue;
      count += 1;
      any = true;
      if (expanded) out.push({ kind: 'client', key: clientKey(client.id), depth, parentKey, client });
    }
    return { count, any };
  }

  function relaySubtree(relay: Relay, parentKey: RowKey, depth: number): Subtree {
    const key = relayKey(relay.id);
    const expanded = !collapsed.has(key);
    const rows: TreeRow[] = [];
    const placeholder = rows.length;
    rows.push(undefined as unknown as TreeRow); // filled in once the children are known
    const { count, any } = children(relay.id, key, depth + 1, expanded, rows);
    const hasChildren = any || (match === null && hasAnyChild(relay.id));
    rows[placeholder] = { kind: 'relay', key, depth, parentKey, relay, expanded, hasChildren, clientCount: count };
    const visible = match === null || any || (relayMatch !== null && relayMatch(relay));
    return { rows, clientCount: count, visible };
  }

  function hasAnyChild(id: RelayId): boolean {
    return (index.relaysByParent.get(id)?.length ?? 0) > 0 || (index.clientsByRelay.get(id)?.length ?? 0) > 0;
  }

  const serverExpanded = !collapsed.has(SERVER_KEY);
  const rows: TreeRow[] = [];
  rows.push(undefined as unknown as TreeRow);
  const { count, any } = children(null, SERVER_KEY, 1, serverExpanded, rows);
  rows[0] = {
    kind: 'server',
    key: SERVER_KEY,
    depth: 0,
    parentKey: null,
    label: input.serverName,
    expanded: serverExpanded,
    hasChildren: any,
    clientCount: count,
  };
  return rows;
}
