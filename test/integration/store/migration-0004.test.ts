// Migration 0004 (main/store/migrations/0004-client-legacy-tls.ts): the per-client old-TLS setting, added to an
// existing schema-3 file with clients in it (all start with it off), its constraint, and the repository's view.

import { afterAll, describe, expect, it } from 'vitest';
import { createClientsRepository } from '../../../main/store/clients-repository';
import { MIGRATIONS, openDatabase } from '../../../main/store/index';
import { migration0004 } from '../../../main/store/migrations/0004-client-legacy-tls';
import type { ClientId } from '../../../shared/domain';
import { tempFolder } from './temp-store';

const folder = tempFolder('migration-0004');
afterAll(() => folder.remove());
const BEFORE = MIGRATIONS.slice(0, 3);
const clock = (): Date => new Date('2026-12-04T22:00:00Z');

describe('migration 0004 (client old-TLS setting)', () => {
  it('adds clients.legacy_tls to a schema-3 file, off for every existing client, and keeps the rows', () => {
    const path = folder.file('m4.db');
    const v3 = openDatabase(path, { migrations: BEFORE });
    v3.prepare(
      "INSERT INTO clients (host_name, ip, power, created_at, updated_at) VALUES ('pc-old', '10.0.0.5', 'on', 'x', 'x')",
    ).run();
    v3.close();
    const db = openDatabase(path, { migrations: [...BEFORE, migration0004] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(db.prepare('SELECT host_name, ip, legacy_tls FROM clients').all()).toEqual([
        { host_name: 'pc-old', ip: '10.0.0.5', legacy_tls: 0 },
      ]);
      expect(() => db.prepare("UPDATE clients SET legacy_tls = 2 WHERE host_name = 'pc-old'").run()).toThrow(/CHECK/);
      const clients = createClientsRepository(db, clock);
      const stored = clients.getByHostName('pc-old');
      expect(stored?.legacyTls).toBe(false);
      expect(clients.update(stored?.id as ClientId, { legacyTls: true }).legacyTls).toBe(true);
      // Other patches (discovery, imports) leave the setting alone.
      expect(clients.update(stored?.id as ClientId, { os: 'Windows 10' }).legacyTls).toBe(true);
      expect(clients.upsertByHostName({ hostName: 'pc-old', ip: '10.0.0.6' }).client.legacyTls).toBe(true);
      expect(clients.add({ hostName: 'pc-new', ip: '10.0.0.7' }).legacyTls).toBe(false);
    } finally {
      db.close();
    }
  });
});
