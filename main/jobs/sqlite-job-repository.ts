// The SQLite JobRepository over the console's store (migration 0002). Methods are synchronous inside
// (better-sqlite3) and resolve at once; multi-row changes run in one immediate transaction.

import type {
  AmtErrorCode,
  ClientId,
  JobCounts,
  JobId,
  JobRunId,
  JobStatus,
  JobTargetPage,
  JobTargetQuery,
  RelayId,
  TargetState,
  WakeMethod,
} from '../../shared/domain';
import { FINAL_TARGET_STATES, MAX_JOB_TARGET_PAGE } from '../../shared/domain';
import type { Database } from '../store/index';
import type {
  ActionRecord,
  JobClient,
  JobRecord,
  JobRepository,
  NewJob,
  RunRecord,
  StoredTarget,
  TargetKey,
  TargetPatch,
  TargetStep,
} from './job-repository';

interface JobRow {
  id: number;
  name: string;
  type: string;
  schedule: string;
  options: string;
  selection: string;
  status: JobStatus;
  next_run_at: string | null;
  created_at: string;
  created_by: string;
}

interface RunRow {
  id: number;
  job_id: number;
  due_at: string;
  started_at: string;
  missed_at: string | null;
  ended_at: string | null;
}

interface TargetRow {
  run_id: number;
  job_id: number;
  client_id: number;
  host_name: string;
  relay_id: number | null;
  state: TargetState;
  attempt: number;
  wake_method: WakeMethod | null;
  woken_by_job: number;
  started_at: string | null;
  ended_at: string | null;
  reason: string | null;
  amt_error: AmtErrorCode | null;
  not_before: string | null;
  step: string;
}

interface ActionRow {
  id: number;
  action: ActionRecord['action'];
  status: ActionRecord['status'];
  intent_at: string;
  outcome_at: string | null;
  detail: string;
}

const FINAL_LIST = [...FINAL_TARGET_STATES].map((s) => `'${s}'`).join(', ');
const TARGET_COLUMNS =
  't.run_id, r.job_id, t.client_id, t.host_name, t.relay_id, t.state, t.attempt, t.wake_method, t.woken_by_job, ' +
  't.started_at, t.ended_at, t.reason, t.amt_error, t.not_before, t.step';
const TARGET_FROM = 'FROM job_targets t JOIN job_runs r ON r.id = t.run_id';

/** Sort keys to columns: a fixed table, so no caller text ever reaches the SQL. */
const SORT_COLUMN: Readonly<Record<NonNullable<JobTargetQuery['sort']>['key'], string>> = {
  hostName: 't.host_name COLLATE NOCASE',
  state: 't.state',
  startedAt: 't.started_at',
  endedAt: 't.ended_at',
  wakeMethod: 't.wake_method',
};

const PATCH_COLUMN: ReadonlyArray<readonly [keyof TargetPatch, string, (value: never) => unknown]> = [
  ['state', 'state', (v: string) => v],
  ['attempt', 'attempt', (v: number) => v],
  ['wakeMethod', 'wake_method', (v: string | null) => v],
  ['wokenByJob', 'woken_by_job', (v: boolean) => (v ? 1 : 0)],
  ['startedAt', 'started_at', (v: string | null) => v],
  ['endedAt', 'ended_at', (v: string | null) => v],
  ['reason', 'reason', (v: string | null) => v],
  ['amtError', 'amt_error', (v: string | null) => v],
  ['notBefore', 'not_before', (v: string | null) => v],
  ['step', 'step', (v: TargetStep) => JSON.stringify(v)],
];

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id as JobId,
    name: row.name,
    type: row.type as JobRecord['type'],
    schedule: JSON.parse(row.schedule) as JobRecord['schedule'],
    options: JSON.parse(row.options) as JobRecord['options'],
    selection: JSON.parse(row.selection) as JobRecord['selection'],
    status: row.status,
    nextRunAt: row.next_run_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id as JobRunId,
    jobId: row.job_id as JobId,
    dueAt: row.due_at,
    startedAt: row.started_at,
    missedAt: row.missed_at,
    endedAt: row.ended_at,
  };
}

function toTarget(row: TargetRow): StoredTarget {
  return {
    runId: row.run_id as JobRunId,
    jobId: row.job_id as JobId,
    clientId: row.client_id as ClientId,
    hostName: row.host_name,
    relayId: row.relay_id as RelayId | null,
    state: row.state,
    attempt: row.attempt,
    wakeMethod: row.wake_method,
    wokenByJob: row.woken_by_job === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    reason: row.reason,
    amtError: row.amt_error,
    notBefore: row.not_before,
    step: JSON.parse(row.step) as TargetStep,
  };
}

function toAction(row: ActionRow): ActionRecord {
  return {
    id: row.id,
    action: row.action,
    status: row.status,
    intentAt: row.intent_at,
    outcomeAt: row.outcome_at,
    detail: row.detail,
  };
}

/** LIKE pattern for a text filter: the user's % and _ are literal. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createSqliteJobRepository(db: Database): JobRepository {
  const insertJob = db.prepare(
    'INSERT INTO jobs (name, type, schedule, options, selection, status, next_run_at, created_at, created_by, updated_at) ' +
      'VALUES (@name, @type, @schedule, @options, @selection, @status, @nextRunAt, @createdAt, @createdBy, @createdAt)',
  );
  const insertJobClient = db.prepare(
    'INSERT INTO job_clients (job_id, client_id, host_name, relay_id) VALUES (?, ?, ?, ?)',
  );
  const getJobStmt = db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const listJobsStmt = db.prepare<[], JobRow>('SELECT * FROM jobs ORDER BY id DESC');
  const dueStmt = db.prepare<[string], JobRow>(
    "SELECT * FROM jobs WHERE status <> 'cancelled' AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id",
  );
  const jobClientsStmt = db.prepare<[number], { client_id: number; host_name: string; relay_id: number | null }>(
    'SELECT client_id, host_name, relay_id FROM job_clients WHERE job_id = ? ORDER BY host_name COLLATE NOCASE',
  );
  const clientCountStmt = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM job_clients WHERE job_id = ?');
  const insertRun = db.prepare('INSERT INTO job_runs (job_id, due_at, started_at, missed_at) VALUES (?, ?, ?, ?)');
  const copyTargets = db.prepare(
    "INSERT INTO job_targets (run_id, client_id, host_name, relay_id, state, updated_at) SELECT ?, client_id, host_name, relay_id, 'queued', ? FROM job_clients WHERE job_id = ?",
  );
  const setNext = db.prepare('UPDATE jobs SET status = ?, next_run_at = ?, updated_at = ? WHERE id = ?');
  const getRunStmt = db.prepare<[number], RunRow>('SELECT * FROM job_runs WHERE id = ?');
  const latestRunStmt = db.prepare<[number], RunRow>(
    'SELECT * FROM job_runs WHERE job_id = ? ORDER BY id DESC LIMIT 1',
  );
  const endRunStmt = db.prepare('UPDATE job_runs SET ended_at = ? WHERE id = ?');
  const countsStmt = db.prepare<[number], { state: TargetState; n: number }>(
    'SELECT state, COUNT(*) AS n FROM job_targets WHERE run_id = ? GROUP BY state',
  );
  const unfinishedStmt = db.prepare<[], TargetRow>(
    `SELECT ${TARGET_COLUMNS} ${TARGET_FROM} JOIN jobs j ON j.id = r.job_id WHERE t.state NOT IN (${FINAL_LIST}) AND j.status <> 'cancelled' ORDER BY t.run_id, t.host_name COLLATE NOCASE`,
  );
  const getTargetStmt = db.prepare<[number, number], TargetRow>(
    `SELECT ${TARGET_COLUMNS} ${TARGET_FROM} WHERE t.run_id = ? AND t.client_id = ?`,
  );
  const allTargetsStmt = db.prepare<[number], TargetRow>(
    `SELECT ${TARGET_COLUMNS} ${TARGET_FROM} WHERE t.run_id = ? ORDER BY t.host_name COLLATE NOCASE`,
  );
  const requeueStmt = db.prepare(
    "UPDATE job_targets SET state = 'queued', attempt = attempt + 1, ended_at = NULL, not_before = NULL, wake_method = NULL, step = '{}', updated_at = ? WHERE run_id = ? AND state = 'failed'",
  );
  const unfinishedOfRun = db.prepare<[number], { client_id: number }>(
    `SELECT client_id FROM job_targets WHERE run_id = ? AND state NOT IN (${FINAL_LIST})`,
  );
  const cancelStmt = db.prepare(
    `UPDATE job_targets SET state = 'cancelled', reason = CASE WHEN reason IS NULL THEN ? ELSE reason || '; ' || ? END, ended_at = ?, updated_at = ? WHERE run_id = ? AND state NOT IN (${FINAL_LIST})`,
  );
  const insertAction = db.prepare(
    "INSERT INTO job_actions (run_id, client_id, attempt, action, status, intent_at) VALUES (?, ?, ?, ?, 'intent', ?)",
  );
  const outcomeStmt = db.prepare('UPDATE job_actions SET status = ?, outcome_at = ?, detail = ? WHERE id = ?');
  const actionsStmt = db.prepare<[number, number, number], ActionRow>(
    'SELECT id, action, status, intent_at, outcome_at, detail FROM job_actions WHERE run_id = ? AND client_id = ? AND attempt = ? ORDER BY id',
  );
  const getSettingStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
  const setSettingStmt = db.prepare(
    'INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const deleteSettingStmt = db.prepare('DELETE FROM settings WHERE name = ?');
  const tx = <T>(work: () => T): T => db.transaction(work).immediate();
  const readTarget = (key: TargetKey): StoredTarget | undefined => {
    const row = getTargetStmt.get(key.runId, key.clientId);
    return row === undefined ? undefined : toTarget(row);
  };

  const repository: JobRepository = {
    async createJob(job: NewJob, clients: readonly JobClient[]) {
      return tx(() => {
        const info = insertJob.run({
          name: job.name,
          type: job.type,
          schedule: JSON.stringify(job.schedule),
          options: JSON.stringify(job.options),
          selection: JSON.stringify(job.selection),
          status: job.status,
          nextRunAt: job.nextRunAt,
          createdAt: job.createdAt,
          createdBy: job.createdBy,
        });
        const id = Number(info.lastInsertRowid);
        for (const c of clients) insertJobClient.run(id, c.clientId, c.hostName, c.relayId);
        return toJob(getJobStmt.get(id) as JobRow);
      });
    },
    async getJob(id) {
      const row = getJobStmt.get(id);
      return row === undefined ? undefined : toJob(row);
    },
    async listJobs() {
      return listJobsStmt.all().map(toJob);
    },
    async updateJob(id, patch, updatedAt) {
      const current = getJobStmt.get(id);
      if (current === undefined) return;
      setNext.run(
        patch.status ?? current.status,
        patch.nextRunAt === undefined ? current.next_run_at : patch.nextRunAt,
        updatedAt,
        id,
      );
    },
    async dueJobs(nowIso) {
      return dueStmt.all(nowIso).map(toJob);
    },
    async jobClients(id) {
      return jobClientsStmt.all(id).map((r) => ({
        clientId: r.client_id as ClientId,
        hostName: r.host_name,
        relayId: r.relay_id as RelayId | null,
      }));
    },
    async clientCount(id) {
      return clientCountStmt.get(id)?.n ?? 0;
    },
    async startRun(run, next) {
      return tx(() => {
        const info = insertRun.run(run.jobId, run.dueAt, run.startedAt, run.missedAt);
        const id = Number(info.lastInsertRowid);
        copyTargets.run(id, run.startedAt, run.jobId);
        setNext.run(next.status, next.nextRunAt, run.startedAt, run.jobId);
        return toRun(getRunStmt.get(id) as RunRow);
      });
    },
    async getRun(id) {
      const row = getRunStmt.get(id);
      return row === undefined ? undefined : toRun(row);
    },
    async latestRun(jobId) {
      const row = latestRunStmt.get(jobId);
      return row === undefined ? undefined : toRun(row);
    },
    async endRun(id, endedAt) {
      endRunStmt.run(endedAt, id);
    },
    async counts(runId) {
      const counts = { total: 0, waiting: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
      for (const { state, n } of countsStmt.all(runId)) {
        counts.total += n;
        if (state === 'queued') counts.waiting += n;
        else if (state === 'done' || state === 'failed' || state === 'cancelled') counts[state] += n;
        else counts.running += n;
      }
      return counts satisfies JobCounts;
    },
    async unfinishedTargets() {
      return unfinishedStmt.all().map(toTarget);
    },
    async getTarget(key) {
      return readTarget(key);
    },
    async updateTarget(key, patch, updatedAt) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [field, column, encode] of PATCH_COLUMN) {
        if (patch[field] === undefined) continue;
        sets.push(`${column} = ?`);
        values.push((encode as (v: unknown) => unknown)(patch[field]));
      }
      sets.push('updated_at = ?');
      values.push(updatedAt, key.runId, key.clientId);
      // A final state is sticky: a step that was in flight when the job was cancelled cannot undo the cancel.
      db.prepare(
        `UPDATE job_targets SET ${sets.join(', ')} WHERE run_id = ? AND client_id = ? AND state NOT IN (${FINAL_LIST})`,
      ).run(...values);
      const stored = readTarget(key);
      if (stored === undefined) throw new Error(`job target ${key.runId}/${key.clientId} does not exist`);
      return stored;
    },
    async queryTargets(runId, query) {
      const where: string[] = ['t.run_id = ?'];
      const values: unknown[] = [runId];
      if (query.state !== undefined) {
        where.push('t.state = ?');
        values.push(query.state);
      }
      const text = query.text?.trim() ?? '';
      if (text.length > 0) {
        where.push("(t.host_name LIKE ? ESCAPE '\\' OR IFNULL(t.reason, '') LIKE ? ESCAPE '\\')");
        values.push(likePattern(text), likePattern(text));
      }
      const clause = where.join(' AND ');
      const total = (db.prepare(`SELECT COUNT(*) AS n ${TARGET_FROM} WHERE ${clause}`).get(...values) as { n: number })
        .n;
      const sort = query.sort ?? { key: 'hostName', dir: 'asc' };
      const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
      const limit = Math.min(MAX_JOB_TARGET_PAGE, Math.max(0, Math.floor(query.limit)));
      const offset = Math.max(0, Math.floor(query.offset));
      const rows = db
        .prepare<unknown[], TargetRow>(
          `SELECT ${TARGET_COLUMNS} ${TARGET_FROM} WHERE ${clause} ORDER BY ${SORT_COLUMN[sort.key]} ${dir}, t.host_name COLLATE NOCASE LIMIT ? OFFSET ?`,
        )
        .all(...values, limit, offset);
      return { total, rows: rows.map(toTarget) } satisfies JobTargetPage;
    },
    async allTargets(runId) {
      return allTargetsStmt.all(runId).map(toTarget);
    },
    async requeueFailed(runId, updatedAt) {
      return requeueStmt.run(updatedAt, runId).changes;
    },
    async cancelUnfinished(runId, reason, at) {
      return tx(() => {
        const keys = unfinishedOfRun.all(runId).map((r) => ({ runId, clientId: r.client_id as ClientId }));
        cancelStmt.run(reason, reason, at, at, runId);
        return keys;
      });
    },
    async recordIntent(key, attempt, action, at) {
      return Number(insertAction.run(key.runId, key.clientId, attempt, action, at).lastInsertRowid);
    },
    async recordOutcome(actionId, status, at, detail) {
      outcomeStmt.run(status, at, detail, actionId);
    },
    async actions(key, attempt) {
      return actionsStmt.all(key.runId, key.clientId, attempt).map(toAction);
    },
    async getSetting(name) {
      return getSettingStmt.get(name)?.value;
    },
    async setSetting(name, value, at) {
      setSettingStmt.run(name, value, at);
    },
    async swapSetting(name, expected, value, at) {
      return tx(() => {
        if (getSettingStmt.get(name)?.value !== expected) return false;
        if (value === undefined) deleteSettingStmt.run(name);
        else setSettingStmt.run(name, value, at);
        return true;
      });
    },
  };
  return repository;
}
