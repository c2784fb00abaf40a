// openDatabase (main/store/database.ts): pragmas, forward-only migrations in transactions, and refusal of
// corrupt or newer-version files, which are left byte-identical.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openDatabase, StoreError, type Migration } from '../../../main/store/index';
import { tempFolder } from './temp-store';

const folder = tempFolder('database');
afterAll(() => folder.remove());

function caught(run: () => unknown): StoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

const createThings: Migration = {
  version: 1,
  name: 'things',
  up: (db) => db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)'),
};
const addColour: Migration = {
  version: 2,
  name: 'colour',
  up: (db) => db.exec("ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'"),
};
const failing: Migration = {
  version: 2,
  name: 'half-done',
  up: (db) => {
    db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY)');
    throw new Error('step two failed');
  },
};

describe('openDatabase', () => {
  it('sets WAL, foreign keys, busy timeout and synchronous=NORMAL', () => {
    const db = openDatabase(folder.file('pragmas.db'), { busyTimeoutMs: 1234 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    } finally {
      db.close();
    }
  });

  it('applies only the pending migrations, forward, and keeps data', () => {
    const path = folder.file('forward.db');
    const first = openDatabase(path, { migrations: [createThings] });
    first.prepare("INSERT INTO things (name) VALUES ('kept')").run();
    first.close();
    const second = openDatabase(path, { migrations: [createThings, addColour] });
    try {
      expect(second.pragma('user_version', { simple: true })).toBe(2);
      expect(second.prepare('SELECT name, colour FROM things').all()).toEqual([{ name: 'kept', colour: 'blue' }]);
    } finally {
      second.close();
    }
  });

  it('rolls a failing migration back whole and names it', () => {
    const path = folder.file('rollback.db');
    openDatabase(path, { migrations: [createThings] }).close();
    const error = caught(() => openDatabase(path, { migrations: [createThings, failing] }));
    expect(error.code).toBe('db-migration-failed');
    expect(error.message).toContain('half-done');
    expect(error.message).toContain('keeps schema 1');
    const db = openDatabase(path, { migrations: [createThings] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not a database and leaves it byte-identical', () => {
    const path = folder.file('notes.db');
    const content = Buffer.from('these are my notes, not a database\n'.repeat(200));
    writeFileSync(path, content);
    const error = caught(() => openDatabase(path));
    expect(error.code).toBe('db-corrupt');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/left untouched/);
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a database whose pages are damaged and leaves it byte-identical', () => {
    const path = folder.file('damaged.db');
    const db = openDatabase(path);
    const insert = db.prepare(
      "INSERT INTO audit_log (at, actor, action, target, result, detail) VALUES ('t', 'a', 'b', 'c', 'ok', ?)",
    );
    for (let i = 0; i < 300; i++) insert.run('x'.repeat(200));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Garble the middle of the third page (a b-tree page of the audit log): header intact, content not.
    for (let i = pageSize * 2; i < pageSize * 2 + 64; i++) bytes[i] = 0xa5;
    writeFileSync(path, bytes);
    const error = caught(() => openDatabase(path));
    expect(error.code).toBe('db-corrupt');
    expect(error.message).toContain(path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a database from a newer version and leaves it byte-identical', () => {
    const path = folder.file('newer.db');
    const db = openDatabase(path);
    db.pragma('user_version = 42');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(path);
    const error = caught(() => openDatabase(path));
    expect(error.code).toBe('db-newer-version');
    expect(error.message).toContain(path);
    expect(error.message).toContain('schema 42');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses another program's SQLite database instead of adding our tables to it", () => {
    const path = folder.file('foreign.db');
    const foreign = new Sqlite(path);
    foreign.exec("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org')");
    foreign.close();
    const before = readFileSync(path);
    const error = caught(() => openDatabase(path));
    expect(error.code).toBe('db-corrupt');
    expect(error.message).toMatch(/another program/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('treats an empty file as a new database', () => {
    const path = folder.file('empty.db');
    writeFileSync(path, '');
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('rejects a migration list with a gap (a bug, not a user error)', () => {
    expect(() => openDatabase(folder.file('gap.db'), { migrations: [addColour] })).toThrow(/out of order/);
  });
});
