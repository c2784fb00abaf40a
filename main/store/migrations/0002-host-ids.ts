// Migration 2 (mission M4): each client's host ID (the console's asset key), where it is kept, the platform UUID
// and OS install date it was last registered with, and the earlier OS records (periods) of the same asset.

import type { Migration } from './migration';

const SQL = `
CREATE TABLE client_host_ids (
  client_id       INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
  host_id         TEXT NOT NULL UNIQUE,
  kept            TEXT NOT NULL CHECK (kept IN ('amt-storage', 'platform-uuid', 'console')),
  note            TEXT,
  platform_uuid   TEXT,
  os_installed_at TEXT,
  updated_at      TEXT NOT NULL
);
CREATE INDEX client_host_ids_platform ON client_host_ids(platform_uuid);

-- One row per earlier OS record of an asset: what it was called and where, from when until a re-install replaced it.
CREATE TABLE client_history (
  id              INTEGER PRIMARY KEY,
  client_id       INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  host_name       TEXT NOT NULL,
  ip              TEXT NOT NULL,
  os              TEXT,
  os_installed_at TEXT,
  from_at         TEXT NOT NULL,
  to_at           TEXT NOT NULL,
  reason          TEXT NOT NULL
);
CREATE INDEX client_history_client ON client_history(client_id, id);
`;

export const migration0002: Migration = {
  version: 2,
  name: 'host-ids',
  up(db) {
    db.exec(SQL);
  },
};
