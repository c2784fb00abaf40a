// Migration 3: client-control jobs (mission M1, M7): jobs and their resolved clients, runs (one per
// occurrence), per-target state persisted before each step, the intents of non-idempotent actions, settings.
// Targets keep the client's host name and relay: the client may be renamed or removed, the result stays readable.

import type { Migration } from './migration';

const SQL = `
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  schedule    TEXT NOT NULL,
  options     TEXT NOT NULL,
  selection   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('scheduled', 'running', 'done', 'cancelled')),
  next_run_at TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(next_run_at) WHERE next_run_at IS NOT NULL;

CREATE TABLE job_clients (
  job_id    INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  client_id INTEGER NOT NULL,
  host_name TEXT NOT NULL,
  relay_id  INTEGER,
  PRIMARY KEY (job_id, client_id)
);

CREATE TABLE job_runs (
  id         INTEGER PRIMARY KEY,
  job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  due_at     TEXT NOT NULL,
  started_at TEXT NOT NULL,
  missed_at  TEXT,
  ended_at   TEXT
);
CREATE INDEX job_runs_job ON job_runs(job_id, id DESC);

CREATE TABLE job_targets (
  run_id       INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
  client_id    INTEGER NOT NULL,
  host_name    TEXT NOT NULL,
  relay_id     INTEGER,
  state        TEXT NOT NULL,
  attempt      INTEGER NOT NULL DEFAULT 1,
  wake_method  TEXT,
  woken_by_job INTEGER NOT NULL DEFAULT 0 CHECK (woken_by_job IN (0, 1)),
  started_at   TEXT,
  ended_at     TEXT,
  reason       TEXT,
  amt_error    TEXT,
  not_before   TEXT,
  step         TEXT NOT NULL DEFAULT '{}',
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (run_id, client_id)
);
CREATE INDEX job_targets_state ON job_targets(state, run_id);

-- A non-idempotent action is written as an intent before it is sent and marked sent (or failed) after;
-- an intent left without outcome by a crash is never sent again blindly (main/jobs/action-journal.ts).
CREATE TABLE job_actions (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
  client_id  INTEGER NOT NULL,
  attempt    INTEGER NOT NULL,
  action     TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('intent', 'sent', 'failed')),
  intent_at  TEXT NOT NULL,
  outcome_at TEXT,
  detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_actions_target ON job_actions(run_id, client_id, attempt);

-- Which job an audit entry belongs to (NULL for everything else), so the log can be filtered by job.
ALTER TABLE audit_log ADD COLUMN job_id INTEGER;
CREATE INDEX audit_log_job ON audit_log(job_id, id DESC) WHERE job_id IS NOT NULL;

CREATE TABLE settings (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

export const migration0003: Migration = {
  version: 3,
  name: 'jobs',
  up(db) {
    db.exec(SQL);
  },
};
