// Opens the console's SQLite file (better-sqlite3): refuses a corrupt or newer-version file without touching
// it, then sets WAL, foreign keys, busy timeout and synchronous=NORMAL, and runs the pending migrations.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Sqlite, { type Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';
import { StoreError } from './store-error';

export type { Database } from 'better-sqlite3';

/** Every SQLite 3 file starts with these 16 bytes (sqlite.org/fileformat.html §1.3.1). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before failing. Default 5 s. */
  readonly busyTimeoutMs?: number;
  /** The migrations to apply; tests pass their own lists. Default: every migration of this build. */
  readonly migrations?: readonly Migration[];
  /** Skip PRAGMA quick_check on open (it reads the whole file: O(size)). Default false. */
  readonly skipQuickCheck?: boolean;
}

function corrupt(path: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    'db-corrupt',
    `The database file "${path}" is damaged or is not an amt-console database (${why}). It was left untouched; ` +
      'restore a backup, or move the file away to start with an empty database.',
    cause === undefined ? undefined : { cause },
  );
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isCorruptionCode(code: string | undefined): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (code?.startsWith('SQLITE_CORRUPT_') ?? false);
}

/** Reads the first bytes without SQLite, so a file that is not a database is never handed to it. */
function readMagic(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_MAGIC.length);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
}

/**
 * Read-only inspection of an existing file: magic bytes, schema number, quick_check. A read-only
 * connection never writes or checkpoints, so a refused file stays byte-identical.
 */
function inspectExisting(path: string, latest: number, quickCheck: boolean): void {
  if (statSync(path).size === 0) return; // SQLite treats an empty file as a new database
  const magic = readMagic(path);
  if (!magic.equals(SQLITE_MAGIC)) throw corrupt(path, 'it does not start with the SQLite header');
  let db: Database | undefined;
  try {
    db = new Sqlite(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new StoreError(
        'db-newer-version',
        `The database file "${path}" was written by a newer version of amt-console (schema ${version}; this version ` +
          `knows up to ${latest}). It was left untouched; update amt-console or open another file.`,
      );
    }
    // Schema 0 with tables in it: someone else's SQLite file. Migrating would write our tables into it.
    if (
      version === 0 &&
      db.prepare("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined
    ) {
      throw corrupt(path, 'it is an SQLite database of another program');
    }
    if (quickCheck) {
      const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
      const first = rows[0]?.quick_check;
      if (rows.length !== 1 || first !== 'ok') throw corrupt(path, `integrity check: ${String(first).slice(0, 120)}`);
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (isCorruptionCode(sqliteCode(error))) throw corrupt(path, 'SQLite cannot read it', error);
    throw new StoreError('db-open-failed', `Cannot open the database file "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    db?.close();
  }
}

/** Applies each pending migration in its own transaction; user_version moves with it, so a failure leaves the previous schema. */
export function migrate(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  checkMigrationList(migrations);
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      throw new StoreError(
        'db-migration-failed',
        `Updating the database file "${path}" to schema ${migration.version} (${migration.name}) failed: ${(error as Error).message}. ` +
          `The file keeps schema ${current}.`,
        { cause: error },
      );
    }
    current = migration.version;
  }
  return current;
}

/** Opens (creating when absent) and migrates the database at `path`. Throws StoreError. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const migrations = options.migrations ?? MIGRATIONS;
  checkMigrationList(migrations);
  if (existsSync(path)) inspectExisting(path, migrations.length, options.skipQuickCheck !== true);
  let db: Database;
  try {
    db = new Sqlite(path);
  } catch (error) {
    if (isCorruptionCode(sqliteCode(error))) throw corrupt(path, 'SQLite cannot read it', error);
    throw new StoreError('db-open-failed', `Cannot open the database file "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    // WAL: readers never block the writer, and a killed process leaves a file that opens cleanly.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
    db.pragma('synchronous = NORMAL');
    migrate(db, path, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (isCorruptionCode(sqliteCode(error))) throw corrupt(path, 'SQLite cannot read it', error);
    throw new StoreError('db-open-failed', `Cannot open the database file "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}
