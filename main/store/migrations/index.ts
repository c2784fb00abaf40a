// Every schema migration, in order. Append new ones here (0002-…ts); never edit or remove a released one.

import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-host-ids';
import { migration0003 } from './0003-jobs';
import { migration0004 } from './0004-client-legacy-tls';
import { migration0005 } from './0005-relay-identities';
import type { Migration } from './migration';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
];

/** The schema this build writes; a file with a higher user_version came from a newer build. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
