// Migration 0001 (main/store/migrations/0001-initial.ts) from an empty file: tables, constraints, schema number.

import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openDatabase } from '../../../main/store/index';
import { migration0001 } from '../../../main/store/migrations/0001-initial';
import { tempFolder } from './temp-store';

const folder = tempFolder('migration-0001');
afterAll(() => folder.remove());

describe('migration 0001 (initial)', () => {
  it('creates the tables and sets user_version 1 on an empty file', () => {
    const db = openDatabase(folder.file('m1.db'), { migrations: [migration0001] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(tables).toEqual(['audit_log', 'clients', 'credential_profiles', 'relays', 'vault_meta']);
    } finally {
      db.close();
    }
  });

  it('makes host names unique without regard to case', () => {
    const db = openDatabase(folder.file('m1-unique.db'), { migrations: [migration0001] });
    try {
      const insert = db.prepare(
        "INSERT INTO clients (host_name, ip, created_at, updated_at) VALUES (?, '10.0.0.1', 'x', 'x')",
      );
      insert.run('PC-01');
      expect(() => insert.run('pc-01')).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('allows one profile per target and checks scope against target columns', () => {
    const db = openDatabase(folder.file('m1-profiles.db'), { migrations: [migration0001] });
    try {
      const insert = db.prepare(
        "INSERT INTO credential_profiles (scope, relay_id, client_id, user_name, updated_at) VALUES (?, ?, ?, 'admin', 'x')",
      );
      insert.run('default', null, null);
      expect(() => insert.run('default', null, null)).toThrow(/UNIQUE/);
      expect(() => insert.run('relay', null, null)).toThrow(/CHECK/);
      expect(() => insert.run('client', 999, null)).toThrow(/CHECK/);
      expect(() => insert.run('client', null, 999)).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it('is followed by the later migrations, each with its own test file', () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThan(1);
  });
});
