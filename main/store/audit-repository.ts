// Audit log: every out-of-band action (who, what, target, when, result, detail). Append-only; listings
// are newest first and bounded, so a years-old log never floods a reply.

import {
  DEFAULT_AUDIT_RETENTION,
  type AuditEntry,
  type AuditId,
  type AuditResult,
  type AuditRetention,
  type JobId,
} from '../../shared/domain';
import type { Database } from './database';
import { isoNow, type Clock } from './clock';
import { StoreError } from './store-error';

export const MAX_AUDIT_LIST = 1000;
/** Most targets one query may name (SQLite allows far more parameters; a client's names stay well below). */
export const MAX_AUDIT_TARGETS = 256;
/** Longest detail kept; AMT error texts are short, a longer one is cut rather than refused. */
export const MAX_AUDIT_DETAIL_LENGTH = 2000;

export interface NewAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly result: AuditResult;
  readonly detail?: string;
  /** Defaults to now. */
  readonly at?: string;
  /** The client-control job the entry belongs to (main/jobs); absent for everything else. */
  readonly jobId?: number;
}

export interface AuditQuery {
  /** Only entries for this target (exact match). */
  readonly target?: string;
  /** Only entries for any of these targets (a client's current and earlier host names); at most 256. */
  readonly targets?: readonly string[];
  /** Only entries of this client-control job. */
  readonly jobId?: JobId;
  /** At most this many (1..1000). */
  readonly limit: number;
}

/** Which entries an export takes: all of them, one target's or one job's. */
export type AuditFilter = Omit<AuditQuery, 'limit' | 'targets'>;

/** The settings row the retention is kept in (the settings table of migration 0003). */
export const AUDIT_RETENTION_SETTING = 'audit.retention';
const DAY_MS = 24 * 60 * 60 * 1000;

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: string;
  job_id: number | null;
}

function toEntry(row: AuditRow): AuditEntry {
  const entry = {
    id: row.id as AuditId,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    result: row.result,
    detail: row.detail,
  };
  return row.job_id === null ? entry : { ...entry, jobId: row.job_id as JobId };
}

function whereOf(filter: AuditFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.target !== undefined) {
    parts.push('target = ?');
    params.push(filter.target);
  }
  if (filter.jobId !== undefined) {
    parts.push('job_id = ?');
    params.push(filter.jobId);
  }
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, params };
}

function isRetention(value: unknown): value is AuditRetention {
  const r = value as Partial<AuditRetention> | null;
  return typeof r === 'object' && r !== null && Number.isInteger(r.maxAgeDays) && Number.isInteger(r.maxRows);
}

export interface AuditRepository {
  record(entry: NewAuditEntry): AuditEntry;
  /** Newest first. */
  list(query: AuditQuery): AuditEntry[];
  /** Every matching entry, oldest first, one row at a time (an export of a year's log stays flat in memory). */
  iterate(filter: AuditFilter): IterableIterator<AuditEntry>;
  retention(): AuditRetention;
  /** Stores the retention; the caller checked its ranges (AUDIT_RETENTION_LIMITS). */
  setRetention(retention: AuditRetention): AuditRetention;
  /** Deletes entries older than the retention's age or beyond its newest rows; returns how many went. */
  prune(): number;
}

export function createAuditRepository(db: Database, clock: Clock): AuditRepository {
  const insertStmt = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, result, detail, job_id) VALUES (@at, @actor, @action, @target, @result, @detail, @jobId)',
  );
  const getStmt = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  const allStmt = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const byTargetStmt = db.prepare<[string, number], AuditRow>(
    'SELECT * FROM audit_log WHERE target = ? ORDER BY id DESC LIMIT ?',
  );

  const getSettingStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
  const setSettingStmt = db.prepare(
    'INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const pruneAgeStmt = db.prepare<[string]>('DELETE FROM audit_log WHERE at < ?');
  // The id of the oldest row to keep; everything below it goes (ids grow with time).
  const pruneRowsStmt = db.prepare<[number]>(
    'DELETE FROM audit_log WHERE id < (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );

  const retention = (): AuditRetention => {
    const row = getSettingStmt.get(AUDIT_RETENTION_SETTING);
    if (row === undefined) return DEFAULT_AUDIT_RETENTION;
    try {
      const parsed: unknown = JSON.parse(row.value);
      return isRetention(parsed) ? { maxAgeDays: parsed.maxAgeDays, maxRows: parsed.maxRows } : DEFAULT_AUDIT_RETENTION;
    } catch {
      return DEFAULT_AUDIT_RETENTION;
    }
  };

  return {
    retention,
    setRetention(next) {
      if (!isRetention(next) || next.maxAgeDays < 1 || next.maxRows < 1)
        throw new StoreError('bad-input', 'An audit retention needs whole days and rows of at least 1.');
      const value = { maxAgeDays: next.maxAgeDays, maxRows: next.maxRows };
      setSettingStmt.run(AUDIT_RETENTION_SETTING, JSON.stringify(value), isoNow(clock));
      return value;
    },
    prune() {
      const { maxAgeDays, maxRows } = retention();
      const cutoff = new Date(clock().getTime() - maxAgeDays * DAY_MS).toISOString();
      return db
        .transaction(() => pruneAgeStmt.run(cutoff).changes + pruneRowsStmt.run(maxRows - 1).changes)
        .immediate();
    },
    iterate(filter) {
      const { sql, params } = whereOf(filter);
      const rows = db.prepare<unknown[], AuditRow>(`SELECT * FROM audit_log ${sql} ORDER BY id ASC`).iterate(...params);
      return (function* () {
        for (const row of rows) yield toEntry(row);
      })();
    },
    record(entry) {
      for (const key of ['actor', 'action', 'target'] as const) {
        if (entry[key].trim().length === 0) throw new StoreError('bad-input', `An audit entry needs a ${key}.`);
      }
      if (entry.result !== 'ok' && entry.result !== 'failed')
        throw new StoreError('bad-input', `An audit result is 'ok' or 'failed'.`);
      const info = insertStmt.run({
        at: entry.at ?? isoNow(clock),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        result: entry.result,
        detail: (entry.detail ?? '').slice(0, MAX_AUDIT_DETAIL_LENGTH),
        jobId: entry.jobId ?? null,
      });
      return toEntry(getStmt.get(Number(info.lastInsertRowid)) as AuditRow);
    },
    list(query) {
      const limit = Math.min(MAX_AUDIT_LIST, Math.max(1, Math.floor(query.limit)));
      if (query.targets !== undefined) {
        const targets = [...new Set(query.targets)].slice(0, MAX_AUDIT_TARGETS);
        if (targets.length === 0) return [];
        const sql = `SELECT * FROM audit_log WHERE target IN (${targets.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT ?`;
        return db
          .prepare<unknown[], AuditRow>(sql)
          .all(...targets, limit)
          .map(toEntry);
      }
      if (query.jobId !== undefined) {
        const { sql, params } = whereOf(query);
        return db
          .prepare<unknown[], AuditRow>(`SELECT * FROM audit_log ${sql} ORDER BY id DESC LIMIT ?`)
          .all(...params, limit)
          .map(toEntry);
      }
      const rows = query.target === undefined ? allStmt.all(limit) : byTargetStmt.all(query.target, limit);
      return rows.map(toEntry);
    },
  };
}
