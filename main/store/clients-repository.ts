// Clients table (mission M2/M3): the host name is the client's ID key (unique, case-insensitive); imports
// upsert by it. amtVersion null means N/A (no AMT linkage); the problem is what the UI shows on the client.

import type { Client, ClientId, ClientProblem, PowerState, RelayId } from '../../shared/domain';
import type { Database } from './database';
import { isoNow, type Clock } from './clock';
import { StoreError } from './store-error';

/** What a person, an import or discovery knows about a client; state (power, problem) is set separately. */
export interface ClientFields {
  readonly hostName: string;
  readonly ip: string;
  readonly amtPort?: number | null;
  readonly mac?: string | null;
  readonly subnetMask?: string | null;
  readonly relayId?: RelayId | null;
  readonly os?: string | null;
  readonly agentVersion?: string | null;
  readonly dhcp?: boolean | null;
  readonly amtVersion?: string | null;
}

/** Fields to change; an absent key keeps the stored value, null clears it. */
export type ClientPatch = Partial<Omit<ClientFields, 'hostName'>> & {
  readonly hostName?: string;
  readonly power?: PowerState;
  readonly lastSeenAt?: string | null;
  readonly problem?: ClientProblem | null;
  /** The old-TLS setting (TLS 1.0/1.1 for AMT 11 and older); set only by a person, never by import or discovery. */
  readonly legacyTls?: boolean;
};

interface ClientRow {
  id: number;
  host_name: string;
  ip: string;
  amt_port: number | null;
  mac: string | null;
  subnet_mask: string | null;
  relay_id: number | null;
  os: string | null;
  agent_version: string | null;
  dhcp: number | null;
  amt_version: string | null;
  power: PowerState;
  last_seen_at: string | null;
  problem_code: string | null;
  problem_words: string | null;
  problem_at: string | null;
  legacy_tls: number;
}

const COLUMNS =
  'id, host_name, ip, amt_port, mac, subnet_mask, relay_id, os, agent_version, dhcp, amt_version, power, last_seen_at, problem_code, problem_words, problem_at, legacy_tls';

function toClient(row: ClientRow): Client {
  return {
    id: row.id as ClientId,
    hostName: row.host_name,
    ip: row.ip,
    amtPort: row.amt_port,
    mac: row.mac,
    subnetMask: row.subnet_mask,
    relayId: row.relay_id as RelayId | null,
    os: row.os,
    agentVersion: row.agent_version,
    dhcp: row.dhcp === null ? null : row.dhcp === 1,
    amtVersion: row.amt_version,
    power: row.power,
    lastSeenAt: row.last_seen_at,
    problem:
      row.problem_code === null
        ? null
        : { code: row.problem_code as ClientProblem['code'], words: row.problem_words ?? '', at: row.problem_at ?? '' },
    legacyTls: row.legacy_tls === 1,
  };
}

/** Column name and stored value for each patchable field. */
const PATCH_COLUMNS: ReadonlyArray<readonly [keyof ClientPatch, string, (v: never) => unknown]> = [
  ['hostName', 'host_name', (v: string) => v.trim()],
  ['ip', 'ip', (v: string) => v.trim()],
  ['amtPort', 'amt_port', (v: number | null) => v],
  ['mac', 'mac', (v: string | null) => v],
  ['subnetMask', 'subnet_mask', (v: string | null) => v],
  ['relayId', 'relay_id', (v: number | null) => v],
  ['os', 'os', (v: string | null) => v],
  ['agentVersion', 'agent_version', (v: string | null) => v],
  ['dhcp', 'dhcp', (v: boolean | null) => (v === null ? null : v ? 1 : 0)],
  ['amtVersion', 'amt_version', (v: string | null) => v],
  ['power', 'power', (v: PowerState) => v],
  ['lastSeenAt', 'last_seen_at', (v: string | null) => v],
  ['legacyTls', 'legacy_tls', (v: boolean) => (v ? 1 : 0)],
];

export interface UpsertResult {
  readonly client: Client;
  readonly created: boolean;
}

export interface ClientsRepository {
  /** Every client, by host name. */
  list(): Client[];
  count(): number;
  get(id: ClientId): Client | undefined;
  getByHostName(hostName: string): Client | undefined;
  /** Clients at this address (normally one; DHCP can briefly give two the same one). */
  findByIp(ip: string): Client[];
  /** Throws StoreError 'duplicate' when the host name exists (any case). */
  add(fields: ClientFields): Client;
  /** Inserts, or updates the client with this host name: only the keys present in `fields` change. */
  upsertByHostName(fields: ClientFields): UpsertResult;
  /** Throws 'not-found' for an unknown id, 'duplicate' when renaming onto a taken host name. */
  update(id: ClientId, patch: ClientPatch): Client;
  remove(ids: readonly ClientId[]): number;
}

export function createClientsRepository(db: Database, clock: Clock): ClientsRepository {
  const listStmt = db.prepare<[], ClientRow>(`SELECT ${COLUMNS} FROM clients ORDER BY host_name`);
  const countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM clients');
  const getStmt = db.prepare<[number], ClientRow>(`SELECT ${COLUMNS} FROM clients WHERE id = ?`);
  const byNameStmt = db.prepare<[string], ClientRow>(`SELECT ${COLUMNS} FROM clients WHERE host_name = ?`);
  const byIpStmt = db.prepare<[string], ClientRow>(`SELECT ${COLUMNS} FROM clients WHERE ip = ? ORDER BY id`);
  const relayExists = db.prepare<[number], { id: number }>('SELECT id FROM relays WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO clients (host_name, ip, amt_port, mac, subnet_mask, relay_id, os, agent_version, dhcp, amt_version, created_at, updated_at)
     VALUES (@hostName, @ip, @amtPort, @mac, @subnetMask, @relayId, @os, @agentVersion, @dhcp, @amtVersion, @now, @now)`,
  );
  const removeStmt = db.prepare<[number]>('DELETE FROM clients WHERE id = ?');
  const updateCache = new Map<string, ReturnType<Database['prepare']>>();

  function mustGet(id: number): Client {
    const row = getStmt.get(id);
    if (!row) throw new StoreError('not-found', `Client #${id} does not exist.`);
    return toClient(row);
  }

  function checkFields(fields: Partial<ClientFields>): void {
    if (fields.hostName !== undefined && fields.hostName.trim().length === 0)
      throw new StoreError('bad-input', 'A client needs a host name.');
    if (fields.ip !== undefined && fields.ip.trim().length === 0)
      throw new StoreError('bad-input', 'A client needs an IP address or DNS name.');
    const relayId = fields.relayId;
    if (relayId !== undefined && relayId !== null && !relayExists.get(relayId))
      throw new StoreError('not-found', `Relay #${relayId} does not exist.`);
  }

  function insert(fields: ClientFields): Client {
    checkFields(fields);
    const info = insertStmt.run({
      hostName: fields.hostName.trim(),
      ip: fields.ip.trim(),
      amtPort: fields.amtPort ?? null,
      mac: fields.mac ?? null,
      subnetMask: fields.subnetMask ?? null,
      relayId: fields.relayId ?? null,
      os: fields.os ?? null,
      agentVersion: fields.agentVersion ?? null,
      dhcp: fields.dhcp === undefined || fields.dhcp === null ? null : fields.dhcp ? 1 : 0,
      amtVersion: fields.amtVersion ?? null,
      now: isoNow(clock),
    });
    return mustGet(Number(info.lastInsertRowid));
  }

  function update(id: ClientId, patch: ClientPatch): Client {
    const current = getStmt.get(id);
    if (!current) throw new StoreError('not-found', `Client #${id} does not exist.`);
    checkFields(patch);
    if (patch.hostName !== undefined) {
      const other = byNameStmt.get(patch.hostName.trim());
      if (other && other.id !== id)
        throw new StoreError('duplicate', `Another client is already named "${patch.hostName.trim()}".`);
    }
    const sets: string[] = [];
    const values: Record<string, unknown> = { id, now: isoNow(clock) };
    for (const [key, column, convert] of PATCH_COLUMNS) {
      if (!(key in patch) || patch[key] === undefined) continue;
      sets.push(`${column} = @${key}`);
      values[key] = convert(patch[key] as never);
    }
    if ('problem' in patch && patch.problem !== undefined) {
      sets.push('problem_code = @problemCode', 'problem_words = @problemWords', 'problem_at = @problemAt');
      values.problemCode = patch.problem?.code ?? null;
      values.problemWords = patch.problem?.words ?? null;
      values.problemAt = patch.problem?.at ?? null;
    }
    if (sets.length === 0) return toClient(current);
    const sql = `UPDATE clients SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`;
    let stmt = updateCache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      updateCache.set(sql, stmt);
    }
    stmt.run(values);
    return mustGet(id);
  }

  return {
    list: () => listStmt.all().map(toClient),
    count: () => (countStmt.get() as { n: number }).n,
    get: (id) => {
      const row = getStmt.get(id);
      return row ? toClient(row) : undefined;
    },
    getByHostName: (hostName) => {
      const row = byNameStmt.get(hostName.trim());
      return row ? toClient(row) : undefined;
    },
    findByIp: (ip) => byIpStmt.all(ip.trim()).map(toClient),
    add(fields) {
      if (byNameStmt.get(fields.hostName.trim()))
        throw new StoreError('duplicate', `A client named "${fields.hostName.trim()}" already exists.`);
      return insert(fields);
    },
    upsertByHostName(fields) {
      const existing = byNameStmt.get(fields.hostName.trim());
      if (!existing) return { client: insert(fields), created: true };
      const { hostName: _keep, ...rest } = fields;
      return { client: update(existing.id as ClientId, rest), created: false };
    },
    update,
    remove(ids) {
      let removed = 0;
      db.transaction(() => {
        for (const id of ids) removed += removeStmt.run(id).changes;
      })();
      return removed;
    },
  };
}
