// Public face of the store (main/store): SQLite file, migrations, repositories, credential vault.
// Other modules import only from here. Rung (a): imports no other main/ module.

export { StoreError, isStoreError, type StoreErrorCode } from './store-error';
export { openDatabase, migrate, DEFAULT_BUSY_TIMEOUT_MS, type Database, type OpenDatabaseOptions } from './database';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations/index';
export { openStore, type Store, type OpenStoreOptions } from './store';
export { systemClock, type Clock } from './clock';
export type { RelaysRepository, NewRelay } from './relays-repository';
export type { ClientsRepository, ClientFields, ClientPatch, UpsertResult } from './clients-repository';
export type { ProfilesRepository, ProfileInput, StoredCredentials } from './profiles-repository';
export {
  MAX_AUDIT_LIST,
  AUDIT_RETENTION_SETTING,
  type AuditRepository,
  type NewAuditEntry,
  type AuditQuery,
  type AuditFilter,
} from './audit-repository';
export { Vault, VAULT_KEY_BYTES, type KeyProvider, type VaultMeta } from './vault';
export {
  passphraseKeyProvider,
  wrappedKeyProvider,
  keyFileProvider,
  DEFAULT_SCRYPT_PARAMETERS,
  type ScryptParameters,
  type KeyWrapper,
} from './key-providers';
export {
  MAX_HISTORY_ENTRIES,
  type HostIdsRepository,
  type HostIdentityInput,
  type NewHistoryEntry,
} from './host-ids-repository';
export {
  DATABASE_FILE_NAME,
  PIN_FILE_NAME,
  VAULT_KEY_FILE,
  PASSPHRASE_ENV,
  dataFolderKeyProvider,
  databasePath,
} from './data-folder';
