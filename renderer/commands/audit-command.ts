// The audit dialog's calls: entries filtered by job, CSV export, retention read and save.
import type { AuditEntry, AuditRetention, JobId } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { errorFieldOf, errorWordsOf } from '../model/error-words';
import { saveCsvFile } from './save-file';

export const AUDIT_DIALOG_LIMIT = 500;

export async function loadAudit(jobId: JobId | null): Promise<readonly AuditEntry[] | string> {
  try {
    return await amtApi().auditList({ limit: AUDIT_DIALOG_LIMIT, ...(jobId !== null ? { jobId } : {}) });
  } catch (error) {
    return errorWordsOf(error);
  }
}

export async function exportAuditCsv(jobId: JobId | null): Promise<string | null> {
  try {
    saveCsvFile(await amtApi().auditExportCsv(jobId !== null ? { jobId } : {}));
    return null;
  } catch (error) {
    return errorWordsOf(error);
  }
}

export async function loadAuditRetention(): Promise<AuditRetention | string> {
  try {
    return await amtApi().auditRetention({});
  } catch (error) {
    return errorWordsOf(error);
  }
}

export async function saveAuditRetention(
  r: AuditRetention,
): Promise<{ pruned: number } | { words: string; field: string | null }> {
  try {
    const saved = await amtApi().auditSetRetention(r);
    return { pruned: saved.pruned };
  } catch (error) {
    return { words: errorWordsOf(error), field: errorFieldOf(error) };
  }
}
