// Migration 4: the per-client old-TLS setting (issue 12 item 7). AMT 11.x and older may speak only TLS 1.0/1.1;
// a person turns this on for such a client (API clients:set-legacy-tls, the details pane). Off for every
// existing client: nothing connects with weaker TLS than before the upgrade.

import type { Migration } from './migration';

export const migration0004: Migration = {
  version: 4,
  name: 'client-legacy-tls',
  up(db) {
    db.exec('ALTER TABLE clients ADD COLUMN legacy_tls INTEGER NOT NULL DEFAULT 0 CHECK (legacy_tls IN (0, 1))');
  },
};
