// Relays table: relay managers and relay systems (mission M6). Names are unique without regard to case.

import type { Relay, RelayId, RelayKind } from '../../shared/domain';
import type { Database } from './database';
import { isoNow, type Clock } from './clock';
import { StoreError } from './store-error';

export interface NewRelay {
  readonly name: string;
  readonly kind: RelayKind;
  readonly host: string;
  readonly parentId?: RelayId | null;
  readonly os?: string | null;
  readonly agentVersion?: string | null;
}

interface RelayRow {
  id: number;
  name: string;
  kind: RelayKind;
  host: string;
  parent_id: number | null;
  os: string | null;
  agent_version: string | null;
}

function toRelay(row: RelayRow): Relay {
  return {
    id: row.id as RelayId,
    name: row.name,
    kind: row.kind,
    host: row.host,
    parentId: row.parent_id as RelayId | null,
    os: row.os,
    agentVersion: row.agent_version,
  };
}

const COLUMNS = 'id, name, kind, host, parent_id, os, agent_version';

export interface RelaysRepository {
  list(): Relay[];
  get(id: RelayId): Relay | undefined;
  getByName(name: string): Relay | undefined;
  /** Throws StoreError 'duplicate' when the name is taken, 'not-found' when the parent does not exist. */
  add(input: NewRelay): Relay;
  /** Throws StoreError 'bad-input' (empty), 'duplicate' (taken by another relay) or 'not-found'. */
  rename(id: RelayId, name: string): Relay;
  /** Clients below it keep existing (relay_id set to null); its credential profile goes with it. */
  remove(id: RelayId): boolean;
}

export function createRelaysRepository(db: Database, clock: Clock): RelaysRepository {
  const listStmt = db.prepare<[], RelayRow>(`SELECT ${COLUMNS} FROM relays ORDER BY name`);
  const getStmt = db.prepare<[number], RelayRow>(`SELECT ${COLUMNS} FROM relays WHERE id = ?`);
  const byNameStmt = db.prepare<[string], RelayRow>(`SELECT ${COLUMNS} FROM relays WHERE name = ?`);
  const insertStmt = db.prepare(
    `INSERT INTO relays (name, kind, host, parent_id, os, agent_version, created_at, updated_at)
     VALUES (@name, @kind, @host, @parentId, @os, @agentVersion, @now, @now)`,
  );
  const removeStmt = db.prepare<[number]>('DELETE FROM relays WHERE id = ?');
  const renameStmt = db.prepare<[string, string, number]>('UPDATE relays SET name = ?, updated_at = ? WHERE id = ?');

  return {
    list: () => listStmt.all().map(toRelay),
    get: (id) => {
      const row = getStmt.get(id);
      return row ? toRelay(row) : undefined;
    },
    getByName: (name) => {
      const row = byNameStmt.get(name.trim());
      return row ? toRelay(row) : undefined;
    },
    add(input) {
      const name = input.name.trim();
      if (name.length === 0) throw new StoreError('bad-input', 'A relay needs a name.');
      if (byNameStmt.get(name)) throw new StoreError('duplicate', `A relay named "${name}" already exists.`);
      const parentId = input.parentId ?? null;
      if (parentId !== null && !getStmt.get(parentId))
        throw new StoreError('not-found', `The parent relay #${parentId} does not exist.`);
      const info = insertStmt.run({
        name,
        kind: input.kind,
        host: input.host.trim(),
        parentId,
        os: input.os ?? null,
        agentVersion: input.agentVersion ?? null,
        now: isoNow(clock),
      });
      return toRelay(getStmt.get(Number(info.lastInsertRowid)) as RelayRow);
    },
    rename(id, newName) {
      const name = newName.trim();
      if (name.length === 0) throw new StoreError('bad-input', 'A relay needs a name.');
      if (!getStmt.get(id)) throw new StoreError('not-found', `There is no relay #${id}.`);
      const taken = byNameStmt.get(name);
      if (taken && taken.id !== id) throw new StoreError('duplicate', `A relay named "${name}" already exists.`);
      renameStmt.run(name, isoNow(clock), id);
      return toRelay(getStmt.get(id) as RelayRow);
    },
    remove: (id) => removeStmt.run(id).changes > 0,
  };
}
