// The audit log over IPC: entries filtered by target or job, the CSV export of every matching entry, and
// the retention (age and rows), whose change prunes at once; the background pruner keeps it so after.

import type { JobId } from '../../../shared/domain';
import type { CsvExport, ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import type { ApiDeps } from './api-deps';

export async function listAudit(
  deps: ApiDeps,
  request: ParsedRequestOf<'audit:list'>,
): Promise<ResponseOf<'audit:list'>> {
  return deps.fleet.listAudit({
    limit: request.limit,
    ...(request.target !== undefined ? { target: request.target } : {}),
    ...(request.jobId !== undefined ? { jobId: request.jobId as JobId } : {}),
  });
}

/** "audit-log.csv", "audit-log-job-12.csv", dated so two exports never overwrite each other by name. */
export function auditCsvFileName(now: Date, jobId: number | undefined): string {
  const day = now.toISOString().slice(0, 10);
  return `audit-log${jobId === undefined ? '' : `-job-${jobId}`}-${day}.csv`;
}

export async function exportAuditCsv(deps: ApiDeps, request: ParsedRequestOf<'audit:export-csv'>): Promise<CsvExport> {
  const query = {
    ...(request.target !== undefined ? { target: request.target } : {}),
    ...(request.jobId !== undefined ? { jobId: request.jobId as JobId } : {}),
  };
  const { csv, rows } = deps.fleet.exportAuditCsv(query);
  return { fileName: auditCsvFileName(deps.now(), request.jobId), csv, rows };
}

export async function auditRetention(deps: ApiDeps): Promise<ResponseOf<'audit:retention'>> {
  return deps.fleet.auditRetention();
}

export async function setAuditRetention(
  deps: ApiDeps,
  request: ParsedRequestOf<'audit:set-retention'>,
): Promise<ResponseOf<'audit:set-retention'>> {
  const saved = deps.fleet.setAuditRetention(request);
  const detail = `keep ${saved.maxAgeDays} days, at most ${saved.maxRows} entries`;
  deps.fleet.recordAudit({ actor: deps.actor, action: 'audit:retention', target: 'audit log', result: 'ok', detail });
  return { ...saved, pruned: deps.auditPruner.pruneNow() };
}
