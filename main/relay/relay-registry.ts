// The console's record of enrolled relays (migration 0005, relay_identities): which certificate each relay of
// the tree is pinned to, whether it is revoked, and what the console last saw of it.

import type { CertFingerprint, RelayId } from '../../shared/domain';
import type { Database } from '../store/index';

export interface RelayIdentity {
  readonly relayId: RelayId;
  readonly fingerprint: CertFingerprint;
  readonly enrolledAt: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly lastSeenAt: string | null;
  readonly lastAddress: string | null;
  readonly version: string | null;
  readonly subnets: readonly string[];
  readonly lastError: string | null;
}

interface IdentityRow {
  relay_id: number;
  cert_fingerprint: string;
  enrolled_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
  last_address: string | null;
  version: string | null;
  subnets: string;
  last_error: string | null;
}

function parseSubnets(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

function toIdentity(row: IdentityRow): RelayIdentity {
  return {
    relayId: row.relay_id as RelayId,
    fingerprint: row.cert_fingerprint as CertFingerprint,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastSeenAt: row.last_seen_at,
    lastAddress: row.last_address,
    version: row.version,
    subnets: parseSubnets(row.subnets),
    lastError: row.last_error,
  };
}

export interface SeenFacts {
  readonly at: string;
  readonly address: string;
  readonly version: string;
  readonly subnets: readonly string[];
}

export interface RelayRegistry {
  get(relayId: RelayId): RelayIdentity | undefined;
  byFingerprint(fingerprint: CertFingerprint): RelayIdentity | undefined;
  list(): RelayIdentity[];
  /** Binds the relay to its certificate (a new enrolment replaces an earlier or revoked one). */
  enrol(relayId: RelayId, fingerprint: CertFingerprint, at: string): RelayIdentity;
  /** False when the relay was never enrolled. */
  revoke(relayId: RelayId, by: string, at: string): boolean;
  seen(relayId: RelayId, facts: SeenFacts): void;
  setLastError(relayId: RelayId, words: string | null): void;
}

const COLUMNS =
  'relay_id, cert_fingerprint, enrolled_at, revoked_at, revoked_by, last_seen_at, last_address, version, subnets, ' +
  'last_error';

export function createRelayRegistry(db: Database): RelayRegistry {
  const getStmt = db.prepare<[number], IdentityRow>(`SELECT ${COLUMNS} FROM relay_identities WHERE relay_id = ?`);
  const byPinStmt = db.prepare<[string], IdentityRow>(
    `SELECT ${COLUMNS} FROM relay_identities WHERE cert_fingerprint = ?`,
  );
  const listStmt = db.prepare<[], IdentityRow>(`SELECT ${COLUMNS} FROM relay_identities ORDER BY relay_id`);
  const dropPinStmt = db.prepare<[string, number]>(
    'DELETE FROM relay_identities WHERE cert_fingerprint = ? AND relay_id <> ?',
  );
  const enrolStmt = db.prepare(
    `INSERT INTO relay_identities (relay_id, cert_fingerprint, enrolled_at) VALUES (@relayId, @fingerprint, @at)
     ON CONFLICT(relay_id) DO UPDATE SET cert_fingerprint = @fingerprint, enrolled_at = @at, revoked_at = NULL,
       revoked_by = NULL, last_error = NULL`,
  );
  const revokeStmt = db.prepare<[string, string, number]>(
    'UPDATE relay_identities SET revoked_at = ?, revoked_by = ? WHERE relay_id = ? AND revoked_at IS NULL',
  );
  const seenStmt = db.prepare(
    `UPDATE relay_identities SET last_seen_at = @at, last_address = @address, version = @version, subnets = @subnets
     WHERE relay_id = @relayId`,
  );
  const errorStmt = db.prepare<[string | null, number]>(
    'UPDATE relay_identities SET last_error = ? WHERE relay_id = ?',
  );
  const get = (relayId: RelayId): RelayIdentity | undefined => {
    const row = getStmt.get(relayId);
    return row ? toIdentity(row) : undefined;
  };
  return {
    get,
    byFingerprint: (fingerprint) => {
      const row = byPinStmt.get(fingerprint);
      return row ? toIdentity(row) : undefined;
    },
    list: () => listStmt.all().map(toIdentity),
    enrol: (relayId, fingerprint, at) =>
      db.transaction(() => {
        // One certificate names one relay: a key moved to another relay of the tree leaves the first.
        dropPinStmt.run(fingerprint, relayId);
        enrolStmt.run({ relayId, fingerprint, at });
        return get(relayId) as RelayIdentity;
      })(),
    revoke: (relayId, by, at) => {
      if (!getStmt.get(relayId)) return false;
      revokeStmt.run(at, by, relayId);
      return true;
    },
    seen: (relayId, facts) => {
      seenStmt.run({
        relayId,
        at: facts.at,
        address: facts.address,
        version: facts.version,
        subnets: JSON.stringify(facts.subnets),
      });
    },
    setLastError: (relayId, words) => {
      errorStmt.run(words, relayId);
    },
  };
}
