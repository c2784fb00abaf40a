// Migration 1: relays, clients, credential profiles (passwords as vault ciphertext), audit log, vault metadata.
// Host names and relay names are unique without regard to case, as DNS names are.

import type { Migration } from './migration';

const SQL = `
CREATE TABLE relays (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL COLLATE NOCASE UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('relay-manager', 'relay-system')),
  host          TEXT NOT NULL,
  parent_id     INTEGER REFERENCES relays(id) ON DELETE SET NULL,
  os            TEXT,
  agent_version TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE clients (
  id            INTEGER PRIMARY KEY,
  host_name     TEXT NOT NULL COLLATE NOCASE UNIQUE,
  ip            TEXT NOT NULL,
  amt_port      INTEGER CHECK (amt_port IS NULL OR amt_port BETWEEN 1 AND 65535),
  mac           TEXT,
  subnet_mask   TEXT,
  relay_id      INTEGER REFERENCES relays(id) ON DELETE SET NULL,
  os            TEXT,
  agent_version TEXT,
  dhcp          INTEGER CHECK (dhcp IS NULL OR dhcp IN (0, 1)),
  amt_version   TEXT,
  power         TEXT NOT NULL DEFAULT 'unknown',
  last_seen_at  TEXT,
  problem_code  TEXT,
  problem_words TEXT,
  problem_at    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX clients_relay ON clients(relay_id);
CREATE INDEX clients_ip ON clients(ip);

-- One profile per target: the default (no target), a relay, or a client. Two nullable columns rather than
-- one polymorphic id so that both can be real foreign keys and a deleted relay/client takes its profile along.
CREATE TABLE credential_profiles (
  id            INTEGER PRIMARY KEY,
  scope         TEXT NOT NULL CHECK (scope IN ('default', 'relay', 'client')),
  relay_id      INTEGER REFERENCES relays(id) ON DELETE CASCADE,
  client_id     INTEGER REFERENCES clients(id) ON DELETE CASCADE,
  user_name     TEXT NOT NULL,
  password_blob BLOB,
  updated_at    TEXT NOT NULL,
  CHECK (
    (scope = 'default' AND relay_id IS NULL AND client_id IS NULL) OR
    (scope = 'relay' AND relay_id IS NOT NULL AND client_id IS NULL) OR
    (scope = 'client' AND client_id IS NOT NULL AND relay_id IS NULL)
  )
);
CREATE UNIQUE INDEX credential_profiles_target ON credential_profiles(scope, IFNULL(relay_id, 0), IFNULL(client_id, 0));

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  result  TEXT NOT NULL CHECK (result IN ('ok', 'failed')),
  detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log(target, id DESC);

-- Vault metadata: key check value, scrypt salt and parameters, a wrapped key. Never a plaintext key.
CREATE TABLE vault_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
