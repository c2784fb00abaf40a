// Shape of one numbered, forward-only schema migration (style-anchors.md §2, Signal's migrations).
// The number becomes the database's PRAGMA user_version once the migration's transaction commits.

import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 …: consecutive; a migration is never renumbered, edited or removed once released. */
  readonly version: number;
  /** Short name for error messages. */
  readonly name: string;
  /** Runs inside a transaction opened by the migrator; throw to roll it back. */
  up(db: Database): void;
}
