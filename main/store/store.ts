// The store as main uses it: one SQLite file, its repositories and the vault, opened together.

import { openDatabase, type Database, type OpenDatabaseOptions } from './database';
import { systemClock, type Clock } from './clock';
import { createAuditRepository, type AuditRepository } from './audit-repository';
import { createClientsRepository, type ClientsRepository } from './clients-repository';
import { createProfilesRepository, type ProfilesRepository } from './profiles-repository';
import { createRelaysRepository, type RelaysRepository } from './relays-repository';
import { createHostIdsRepository, type HostIdsRepository } from './host-ids-repository';
import { Vault, type KeyProvider } from './vault';
import { vaultMetaTable } from './vault-meta-table';

export interface OpenStoreOptions extends OpenDatabaseOptions {
  readonly keyProvider: KeyProvider;
  /** Timestamps come from here (tests pin it). */
  readonly clock?: Clock;
}

export interface Store {
  readonly path: string;
  /** The raw connection, for transactions spanning repositories (`store.transaction(() => …)`). */
  readonly db: Database;
  readonly relays: RelaysRepository;
  readonly clients: ClientsRepository;
  readonly profiles: ProfilesRepository;
  readonly audit: AuditRepository;
  /** Host IDs and earlier OS records of clients (M4). */
  readonly hostIds: HostIdsRepository;
  /** Runs `work` in one immediate transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** Opens the database (see openDatabase for refusals) and the vault; throws StoreError. */
export function openStore(path: string, options: OpenStoreOptions): Store {
  const db = openDatabase(path, options);
  try {
    const clock = options.clock ?? systemClock;
    const vault = db.transaction(() => Vault.open(options.keyProvider, vaultMetaTable(db))).immediate();
    return {
      path,
      db,
      relays: createRelaysRepository(db, clock),
      clients: createClientsRepository(db, clock),
      profiles: createProfilesRepository(db, vault, clock),
      audit: createAuditRepository(db, clock),
      hostIds: createHostIdsRepository(db, clock),
      transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
