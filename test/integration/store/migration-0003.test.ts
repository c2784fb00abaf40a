// Migration 0003 (main/store/migrations/0003-jobs.ts): the jobs tables on top of schema 2, from an existing
// schema-2 file with data in it, and their constraints.

import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openDatabase } from '../../../main/store/index';
import { migration0001 } from '../../../main/store/migrations/0001-initial';
import { migration0002 } from '../../../main/store/migrations/0002-host-ids';
import { migration0003 } from '../../../main/store/migrations/0003-jobs';
import { tempFolder } from './temp-store';

const folder = tempFolder('migration-0003');
afterAll(() => folder.remove());

describe('migration 0003 (jobs)', () => {
  it('adds the jobs tables to a schema-2 file and keeps its rows', () => {
    const path = folder.file('m3.db');
    const v1 = openDatabase(path, { migrations: [migration0001, migration0002] });
    v1.prepare(
      "INSERT INTO audit_log (at, actor, action, target, result) VALUES ('x', 'a', 'power:on', 'pc', 'ok')",
    ).run();
    v1.close();
    const db = openDatabase(path, { migrations: [migration0001, migration0002, migration0003] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining(['jobs', 'job_clients', 'job_runs', 'job_targets', 'job_actions', 'settings']),
      );
      expect(db.prepare('SELECT action, job_id FROM audit_log').all()).toEqual([{ action: 'power:on', job_id: null }]);
    } finally {
      db.close();
    }
  });

  it('checks job status, action status and the woken flag', () => {
    const db = openDatabase(folder.file('m3-checks.db'), { migrations: [migration0001, migration0002, migration0003] });
    try {
      const job = db.prepare(
        "INSERT INTO jobs (name, type, schedule, options, selection, status, created_at, created_by, updated_at) VALUES ('n', 'power-on', '{}', '{}', '{}', ?, 'x', 'u', 'x')",
      );
      expect(() => job.run('sleeping')).toThrow(/CHECK/);
      const id = Number(job.run('scheduled').lastInsertRowid);
      const run = Number(
        db.prepare("INSERT INTO job_runs (job_id, due_at, started_at) VALUES (?, 'x', 'x')").run(id).lastInsertRowid,
      );
      const target = db.prepare(
        "INSERT INTO job_targets (run_id, client_id, host_name, state, woken_by_job, updated_at) VALUES (?, 1, 'pc', 'queued', ?, 'x')",
      );
      expect(() => target.run(run, 2)).toThrow(/CHECK/);
      target.run(run, 0);
      expect(() => target.run(run, 0)).toThrow(/UNIQUE|PRIMARY/);
      const action = db.prepare(
        "INSERT INTO job_actions (run_id, client_id, attempt, action, status, intent_at) VALUES (?, 1, 1, 'power-on', ?, 'x')",
      );
      expect(() => action.run(run, 'maybe')).toThrow(/CHECK/);
      action.run(run, 'intent');
      db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
      expect(db.prepare('SELECT COUNT(*) AS n FROM job_targets').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('is followed by later migrations only (the latest is checked in the newest migration test)', () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
  });
});
