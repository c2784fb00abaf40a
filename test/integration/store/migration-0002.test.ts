// Migration 0002 (main/store/migrations/0002-host-ids.ts) on top of 0001: tables, uniqueness of host IDs, kept
// values, history cascading with its client, and the schema number.

import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/index';
import { migration0001 } from '../../../main/store/migrations/0001-initial';
import { migration0002 } from '../../../main/store/migrations/0002-host-ids';
import { tempFolder } from './temp-store';

const folder = tempFolder('migration-0002');
afterAll(() => folder.remove());

describe('migration 0002 (host IDs)', () => {
  it('upgrades a schema-1 file, keeping its rows, to user_version 2', () => {
    const path = folder.file('m2.db');
    const v1 = openDatabase(path, { migrations: [migration0001] });
    v1.prepare(
      "INSERT INTO clients (host_name, ip, created_at, updated_at) VALUES ('pc-1', '10.0.0.1', 'x', 'x')",
    ).run();
    v1.close();
    const db = openDatabase(path, { migrations: [migration0001, migration0002] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT host_name FROM clients').all()).toEqual([{ host_name: 'pc-1' }]);
      const insert = db.prepare(
        "INSERT INTO client_host_ids (client_id, host_id, kept, updated_at) VALUES (?, ?, ?, 'x')",
      );
      insert.run(1, 'id-1', 'amt-storage');
      expect(() => insert.run(1, 'id-2', 'console')).toThrow(/UNIQUE|PRIMARY/);
      db.prepare(
        "INSERT INTO clients (host_name, ip, created_at, updated_at) VALUES ('pc-2', '10.0.0.2', 'x', 'x')",
      ).run();
      expect(() => insert.run(2, 'id-1', 'console')).toThrow(/UNIQUE/);
      expect(() => insert.run(2, 'id-2', 'floppy')).toThrow(/CHECK/);
      db.prepare(
        "INSERT INTO client_history (client_id, host_name, ip, from_at, to_at, reason) VALUES (1, 'old', '10.0.0.1', 'a', 'b', 'r')",
      ).run();
      db.prepare('DELETE FROM clients WHERE id = 1').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM client_history').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM client_host_ids').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
