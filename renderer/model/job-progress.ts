// A job's progress as the list shows it: bar segments (done / failed / running / waiting / cancelled)
// in proportion, the counts in words, and the status line. Pure, unit tested.
import type { JobCounts, JobSummary } from '../../shared/domain';

export type ProgressPart = 'done' | 'failed' | 'running' | 'waiting' | 'cancelled';
export const PROGRESS_PARTS: readonly ProgressPart[] = ['done', 'failed', 'running', 'waiting', 'cancelled'];

export interface ProgressSegment {
  readonly part: ProgressPart;
  readonly count: number;
  /** Share of the bar, 0..100, summing to 100 over all segments when total > 0. */
  readonly percent: number;
}

export function progressSegments(counts: JobCounts): ProgressSegment[] {
  if (counts.total <= 0) return [];
  return PROGRESS_PARTS.filter((part) => counts[part] > 0).map((part) => ({
    part,
    count: counts[part],
    percent: (counts[part] / counts.total) * 100,
  }));
}

/** "3 done · 1 failed · 2 running · 94 waiting" (zero counts left out; "no targets" when empty). */
export function countsWords(counts: JobCounts): string {
  const parts = PROGRESS_PARTS.filter((part) => counts[part] > 0).map(
    (part) => `${counts[part].toLocaleString('en-US')} ${part}`,
  );
  return parts.length === 0 ? 'no targets' : parts.join(' · ');
}

/** Targets that reached an end (done, failed or cancelled), as a whole percent. */
export function finishedPercent(counts: JobCounts): number {
  if (counts.total <= 0) return 0;
  return Math.floor(((counts.done + counts.failed + counts.cancelled) / counts.total) * 100);
}

function timeWords(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function statusWords(job: JobSummary): string {
  switch (job.status) {
    case 'scheduled':
      return job.nextRunAt === null ? 'Scheduled' : `Scheduled for ${timeWords(job.nextRunAt)}`;
    case 'running':
      return `Running — ${finishedPercent(job.counts)} % finished`;
    case 'done':
      return job.nextRunAt === null ? 'Finished' : `Finished; next run ${timeWords(job.nextRunAt)}`;
    case 'cancelled':
      return 'Cancelled';
  }
}

/** The words of the notification when a job's run ends. */
export function endedWords(job: JobSummary): string {
  const { counts } = job;
  if (job.status === 'cancelled') return `Job "${job.name}" was cancelled: ${countsWords(counts)}.`;
  if (counts.failed > 0)
    return `Job "${job.name}" ended with ${counts.failed.toLocaleString('en-US')} failed: ${countsWords(counts)}.`;
  return `Job "${job.name}" finished: ${countsWords(counts)}.`;
}

/** Retry makes sense once the latest run has failed targets and is not still running. */
export function canRetryFailed(job: JobSummary): boolean {
  return job.counts.failed > 0 && job.status !== 'running';
}

export function canCancel(job: JobSummary): boolean {
  return job.status === 'running' || job.status === 'scheduled';
}
