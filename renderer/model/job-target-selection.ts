// What "New job for selected…" targets: the tree's selected rows as a JobTargetSelection. A selected relay
// means its whole subtree (main resolves it when the job is created, so clients added later below it in a
// daily job's next run are main's business); the server row means every client. Pure, unit tested.
import type { ClientId, JobTargetSelection, RelayId } from '../../shared/domain';
import { SERVER_KEY, clientIdOfKey, type FleetIndex, type RowKey } from './tree-rows';

export interface SelectedTargets {
  readonly selection: JobTargetSelection;
  /** Clients the selection covers now, for the form's summary and its "nothing selected" check. */
  readonly clientCount: number;
  /** "Relay Manager East", "pc-17", "3 clients", "2 relays and 5 clients": the job's default name ends so. */
  readonly words: string;
}

function relayIdOfKey(key: RowKey): RelayId | null {
  return key.startsWith('r:') ? (Number(key.slice(2)) as RelayId) : null;
}

/** Every client below a relay, its sub-relays' too (bounded by the index: a relay tree has no cycles). */
function subtreeClients(index: FleetIndex, relayId: RelayId, into: Set<ClientId>): void {
  const stack: RelayId[] = [relayId];
  const seen = new Set<RelayId>();
  while (stack.length > 0) {
    const id = stack.pop() as RelayId;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const client of index.clientsByRelay.get(id) ?? []) into.add(client.id);
    for (const relay of index.relaysByParent.get(id) ?? []) stack.push(relay.id);
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function selectedTargetsOf(
  selected: Iterable<RowKey>,
  index: FleetIndex,
  names: { relay: (id: RelayId) => string | undefined; client: (id: ClientId) => string | undefined },
): SelectedTargets {
  const keys = [...selected];
  const covered = new Set<ClientId>();
  if (keys.includes(SERVER_KEY)) {
    for (const list of index.clientsByRelay.values()) for (const client of list) covered.add(client.id);
    const clientIds = [...covered].sort((a, b) => a - b);
    return {
      selection: { clientIds },
      clientCount: clientIds.length,
      words: `all ${plural(clientIds.length, 'client', 'clients')}`,
    };
  }
  const relayIds: RelayId[] = [];
  const clientIds: ClientId[] = [];
  for (const key of keys) {
    const relay = relayIdOfKey(key);
    if (relay !== null) {
      relayIds.push(relay);
      subtreeClients(index, relay, covered);
      continue;
    }
    const client = clientIdOfKey(key);
    if (client !== null) clientIds.push(client);
  }
  // A client already inside a selected relay's subtree is not listed twice.
  const extraClients = clientIds.filter((id) => !covered.has(id)).sort((a, b) => a - b);
  for (const id of extraClients) covered.add(id);
  relayIds.sort((a, b) => a - b);
  const selection: JobTargetSelection = {
    ...(extraClients.length > 0 ? { clientIds: extraClients } : {}),
    ...(relayIds.length > 0 ? { relayIds } : {}),
  };
  return { selection, clientCount: covered.size, words: wordsOf(relayIds, extraClients, names) };
}

function wordsOf(
  relayIds: readonly RelayId[],
  clientIds: readonly ClientId[],
  names: { relay: (id: RelayId) => string | undefined; client: (id: ClientId) => string | undefined },
): string {
  if (relayIds.length === 1 && clientIds.length === 0) return names.relay(relayIds[0] as RelayId) ?? 'one relay';
  if (relayIds.length === 0 && clientIds.length === 1) return names.client(clientIds[0] as ClientId) ?? 'one client';
  const parts: string[] = [];
  if (relayIds.length > 0) parts.push(plural(relayIds.length, 'relay', 'relays'));
  if (clientIds.length > 0) parts.push(plural(clientIds.length, 'client', 'clients'));
  return parts.length === 0 ? 'nothing selected' : parts.join(' and ');
}
