// The audit log as CSV (the jobs view's "Audit log" → Export): who, what, which target, when, the outcome
// and the job, oldest first as an auditor reads it.

import type { AuditEntry } from '../../shared/domain';
import { csvText } from './csv-writer';

const HEADER = ['Time (UTC)', 'Who', 'Action', 'Target', 'Result', 'Detail', 'Job'];

export function auditCsv(entries: Iterable<AuditEntry>): string {
  const rows = function* () {
    for (const e of entries) yield [e.at, e.actor, e.action, e.target, e.result, e.detail, e.jobId ?? null];
  };
  return csvText(HEADER, rows());
}
