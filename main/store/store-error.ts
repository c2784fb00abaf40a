// Errors of the store (database file, migrations, repositories, vault). Code paths and tests branch on
// `code`; people read `message`, which names the file and never contains a secret.

export type StoreErrorCode =
  /** The file is not an SQLite database, or fails its integrity check. It was left untouched. */
  | 'db-corrupt'
  /** The file was written by a newer version of the console (higher schema number). It was left untouched. */
  | 'db-newer-version'
  /** The file could not be opened (permissions, missing folder, locked beyond the busy timeout). */
  | 'db-open-failed'
  /** A migration step failed; its transaction was rolled back and the file keeps its previous schema. */
  | 'db-migration-failed'
  /** A row the caller named does not exist. */
  | 'not-found'
  /** A unique key (host name, relay name, profile target) is already taken. */
  | 'duplicate'
  /** Input given by the caller is invalid. */
  | 'bad-input'
  /** The vault key could not be obtained (no passphrase, unreadable key file, OS keychain refused). */
  | 'vault-key-unavailable'
  /** The key does not open this vault (wrong passphrase, another machine's key file). */
  | 'vault-key-mismatch'
  /** A stored secret does not decrypt with the vault's key (tampered or truncated). */
  | 'vault-corrupt';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}
