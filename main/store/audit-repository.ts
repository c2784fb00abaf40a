// Audit log: every out-of-band action (who, what, target, when, result, detail). Append-only; listings
// are newest first and bounded, so a years-old log never floods a reply.

import type { AuditEntry, AuditId, AuditResult } from '../../shared/domain';
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
  /** At most this many (1..1000). */
  readonly limit: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return { id: row.id as AuditId, at: row.at, actor: row.actor, action: row.action, target: row.target, result: row.result, detail: row.detail };
}

export interface AuditRepository {
  record(entry: NewAuditEntry): AuditEntry;
  /** Newest first. */
  list(query: AuditQuery): AuditEntry[];
}

export function createAuditRepository(db: Database, clock: Clock): AuditRepository {
  const insertStmt = db.prepare('INSERT INTO audit_log (at, actor, action, target, result, detail, job_id) VALUES (@at, @actor, @action, @target, @result, @detail, @jobId)');
  const getStmt = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE id = ?');
  const allStmt = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const byTargetStmt = db.prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE target = ? ORDER BY id DESC LIMIT ?');

  return {
    record(entry) {
      for (const key of ['actor', 'action', 'target'] as const) {
        if (entry[key].trim().length === 0) throw new StoreError('bad-input', `An audit entry needs a ${key}.`);
      }
      if (entry.result !== 'ok' && entry.result !== 'failed') throw new StoreError('bad-input', `An audit result is 'ok' or 'failed'.`);
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
        return db.prepare<unknown[], AuditRow>(sql).all(...targets, limit).map(toEntry);
      }
      const rows = query.target === undefined ? allStmt.all(limit) : byTargetStmt.all(query.target, limit);
      return rows.map(toEntry);
    },
  };
}
