// Host IDs and client history (mission M4, migration 0002): one host ID per client (unique across the fleet),
// where it is kept, and the earlier OS records of the asset. A client's current period starts where its last
// history entry ended, or when the client was first recorded.

import type { ClientHistoryEntry, ClientId, HostId, HostIdKept, HostIdentity } from '../../shared/domain';
import type { Database } from './database';
import { isoNow, type Clock } from './clock';
import { StoreError } from './store-error';

export interface HostIdentityInput {
  readonly hostId: HostId;
  readonly kept: HostIdKept;
  readonly note: string | null;
  readonly platformUuid?: string | null;
  readonly osInstalledAt?: string | null;
}

export type NewHistoryEntry = Omit<ClientHistoryEntry, 'from' | 'to'> & { readonly to?: string };

interface IdentityRow {
  client_id: number;
  host_id: string;
  kept: HostIdKept;
  note: string | null;
  platform_uuid: string | null;
  os_installed_at: string | null;
  updated_at: string;
}

interface HistoryRow {
  host_name: string;
  ip: string;
  os: string | null;
  os_installed_at: string | null;
  from_at: string;
  to_at: string;
  reason: string;
}

/** Longest history kept in one reply; an asset re-installed more often shows its latest periods. */
export const MAX_HISTORY_ENTRIES = 200;

function toIdentity(row: IdentityRow): HostIdentity {
  return {
    hostId: row.host_id as HostId,
    kept: row.kept,
    note: row.note,
    platformUuid: row.platform_uuid,
    osInstalledAt: row.os_installed_at,
    updatedAt: row.updated_at,
  };
}

export interface HostIdsRepository {
  get(clientId: ClientId): HostIdentity | undefined;
  clientByHostId(hostId: HostId): ClientId | undefined;
  clientByPlatformUuid(platformUuid: string): ClientId | undefined;
  /** Inserts or replaces the client's identity; 'duplicate' when another client has this host ID. */
  set(clientId: ClientId, input: HostIdentityInput): HostIdentity;
  remove(clientId: ClientId): boolean;
  /** Closes the client's current period as `entry` (from = where the period began). */
  addHistory(clientId: ClientId, entry: NewHistoryEntry): ClientHistoryEntry;
  /** Earlier periods, oldest first. */
  history(clientId: ClientId): ClientHistoryEntry[];
  /** When the client's current OS record began. */
  currentSince(clientId: ClientId): string | undefined;
}

export function createHostIdsRepository(db: Database, clock: Clock): HostIdsRepository {
  const getStmt = db.prepare<[number], IdentityRow>('SELECT * FROM client_host_ids WHERE client_id = ?');
  const byHostId = db.prepare<[string], { client_id: number }>(
    'SELECT client_id FROM client_host_ids WHERE host_id = ?',
  );
  const byPlatform = db.prepare<[string], { client_id: number }>(
    'SELECT client_id FROM client_host_ids WHERE platform_uuid = ? ORDER BY client_id LIMIT 1',
  );
  const upsert = db.prepare(
    `INSERT INTO client_host_ids (client_id, host_id, kept, note, platform_uuid, os_installed_at, updated_at)
     VALUES (@clientId, @hostId, @kept, @note, @platformUuid, @osInstalledAt, @now)
     ON CONFLICT(client_id) DO UPDATE SET host_id = excluded.host_id, kept = excluded.kept, note = excluded.note,
       platform_uuid = excluded.platform_uuid, os_installed_at = excluded.os_installed_at, updated_at = excluded.updated_at`,
  );
  const removeStmt = db.prepare<[number]>('DELETE FROM client_host_ids WHERE client_id = ?');
  const clientCreated = db.prepare<[number], { created_at: string }>('SELECT created_at FROM clients WHERE id = ?');
  const lastTo = db.prepare<[number], { to_at: string }>(
    'SELECT to_at FROM client_history WHERE client_id = ? ORDER BY id DESC LIMIT 1',
  );
  const insertHistory = db.prepare(
    `INSERT INTO client_history (client_id, host_name, ip, os, os_installed_at, from_at, to_at, reason)
     VALUES (@clientId, @hostName, @ip, @os, @osInstalledAt, @from, @to, @reason)`,
  );
  const historyStmt = db.prepare<[number, number], HistoryRow>(
    'SELECT * FROM (SELECT * FROM client_history WHERE client_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );

  const currentSince = (clientId: ClientId): string | undefined =>
    lastTo.get(clientId)?.to_at ?? clientCreated.get(clientId)?.created_at;

  return {
    get: (clientId) => {
      const row = getStmt.get(clientId);
      return row ? toIdentity(row) : undefined;
    },
    clientByHostId: (hostId) => byHostId.get(hostId)?.client_id as ClientId | undefined,
    clientByPlatformUuid: (platformUuid) =>
      byPlatform.get(platformUuid.toLowerCase())?.client_id as ClientId | undefined,
    set(clientId, input) {
      if (!clientCreated.get(clientId)) throw new StoreError('not-found', `Client #${clientId} does not exist.`);
      const owner = byHostId.get(input.hostId);
      if (owner && owner.client_id !== clientId)
        throw new StoreError('duplicate', `Host ID ${input.hostId} already belongs to client #${owner.client_id}.`);
      upsert.run({
        clientId,
        hostId: input.hostId,
        kept: input.kept,
        note: input.note,
        platformUuid: input.platformUuid?.toLowerCase() ?? null,
        osInstalledAt: input.osInstalledAt ?? null,
        now: isoNow(clock),
      });
      return toIdentity(getStmt.get(clientId) as IdentityRow);
    },
    remove: (clientId) => removeStmt.run(clientId).changes > 0,
    addHistory(clientId, entry) {
      const from = currentSince(clientId);
      if (from === undefined) throw new StoreError('not-found', `Client #${clientId} does not exist.`);
      const row = {
        clientId,
        hostName: entry.hostName,
        ip: entry.ip,
        os: entry.os,
        osInstalledAt: entry.osInstalledAt,
        from,
        to: entry.to ?? isoNow(clock),
        reason: entry.reason,
      };
      insertHistory.run(row);
      return {
        hostName: row.hostName,
        ip: row.ip,
        os: row.os,
        osInstalledAt: row.osInstalledAt,
        from: row.from,
        to: row.to,
        reason: row.reason,
      };
    },
    history: (clientId) =>
      historyStmt.all(clientId, MAX_HISTORY_ENTRIES).map((r) => ({
        hostName: r.host_name,
        ip: r.ip,
        os: r.os,
        osInstalledAt: r.os_installed_at,
        from: r.from_at,
        to: r.to_at,
        reason: r.reason,
      })),
    currentSince,
  };
}
