// Migration 5: relays as real processes (issue 8). An enrolled relay's pinned certificate fingerprint, when it
// was enrolled and revoked, and what the console last saw of it (address, version, subnets, last error). A
// relay of the tree without a row here has never been enrolled; revoking keeps the row so a reconnect can be
// refused and logged as revoked rather than unknown.

import type { Migration } from './migration';

export const migration0005: Migration = {
  version: 5,
  name: 'relay-identities',
  up(db) {
    db.exec(`
CREATE TABLE relay_identities (
  relay_id          INTEGER PRIMARY KEY REFERENCES relays(id) ON DELETE CASCADE,
  cert_fingerprint  TEXT NOT NULL UNIQUE CHECK (length(cert_fingerprint) = 95),
  enrolled_at       TEXT NOT NULL,
  revoked_at        TEXT,
  revoked_by        TEXT,
  last_seen_at      TEXT,
  last_address      TEXT,
  version           TEXT,
  subnets           TEXT NOT NULL DEFAULT '[]',
  last_error        TEXT
);`);
  },
};
