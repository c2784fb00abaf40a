// Migration 0005 (main/store/migrations/0005-relay-identities.ts): enrolled relays' pinned certificates, added
// to an existing schema-4 file with relays in it (none enrolled), its constraints, and main/relay's registry.

import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase } from '../../../main/store/index';
import { migration0005 } from '../../../main/store/migrations/0005-relay-identities';
import { createRelayRegistry } from '../../../main/relay/index';
import type { CertFingerprint, RelayId } from '../../../shared/domain';
import { tempFolder } from './temp-store';

const folder = tempFolder('migration-0005');
afterAll(() => folder.remove());
const BEFORE = MIGRATIONS.slice(0, 4);
const PIN_A = Array.from({ length: 32 }, () => 'aa').join(':') as CertFingerprint;
const PIN_B = Array.from({ length: 32 }, () => 'bb').join(':') as CertFingerprint;

describe('migration 0005 (relay identities)', () => {
  it('adds relay_identities to a schema-4 file with relays, none enrolled, and the registry works on it', () => {
    const path = folder.file('m5.db');
    const v4 = openDatabase(path, { migrations: BEFORE });
    v4.prepare(
      "INSERT INTO relays (name, kind, host, created_at, updated_at) VALUES ('East', 'relay-manager', 'east', 'x', 'x')",
    ).run();
    v4.prepare(
      "INSERT INTO relays (name, kind, host, created_at, updated_at) VALUES ('West', 'relay-system', 'west', 'x', 'x')",
    ).run();
    v4.close();
    const db = openDatabase(path, { migrations: [...BEFORE, migration0005] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(5);
      const registry = createRelayRegistry(db);
      expect(registry.list()).toEqual([]);
      const east = 1 as RelayId;
      const west = 2 as RelayId;
      expect(registry.enrol(east, PIN_A, '2026-12-07T01:00:00Z')).toMatchObject({
        relayId: east,
        fingerprint: PIN_A,
        revokedAt: null,
      });
      expect(registry.byFingerprint(PIN_A)?.relayId).toBe(east);
      registry.seen(east, {
        at: '2026-12-07T01:01:00Z',
        address: '127.0.0.1',
        version: '0.1.0',
        subnets: ['10.1.0.0/16'],
      });
      expect(registry.get(east)).toMatchObject({
        lastAddress: '127.0.0.1',
        version: '0.1.0',
        subnets: ['10.1.0.0/16'],
      });
      expect(registry.revoke(east, 'admin', '2026-12-07T02:00:00Z')).toBe(true);
      expect(registry.get(east)).toMatchObject({ revokedAt: '2026-12-07T02:00:00Z', revokedBy: 'admin' });
      expect(registry.revoke(west, 'admin', 'x')).toBe(false);
      // The same certificate enrolled for another relay leaves the first; a re-enrolment clears the revocation.
      registry.enrol(west, PIN_A, '2026-12-07T03:00:00Z');
      expect(registry.get(east)).toBeUndefined();
      expect(registry.enrol(west, PIN_B, '2026-12-07T04:00:00Z')).toMatchObject({
        fingerprint: PIN_B,
        revokedAt: null,
      });
      // A fingerprint that is not one is refused by the table; removing a relay removes its identity.
      expect(() =>
        db
          .prepare("INSERT INTO relay_identities (relay_id, cert_fingerprint, enrolled_at) VALUES (1, 'ab', 'x')")
          .run(),
      ).toThrow(/CHECK/);
      db.prepare('DELETE FROM relays WHERE id = 2').run();
      expect(registry.list()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('is the latest schema of this build (a new migration needs its own test file)', () => {
    expect(LATEST_SCHEMA_VERSION).toBe(5);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4, 5]);
  });
});
