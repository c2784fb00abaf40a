// Jobs slice: every job as main last reported it (jobs:list, then jobs:progress), the job shown in the
// Jobs tab with its per-target rows (paged, model/job-target-rows.ts), the job defaults from the settings,
// and the notifications of jobs that ended.
import { create } from 'zustand';
import type { JobId, JobOptions, JobSummary, JobTarget } from '../../shared/domain';
import {
  DEFAULT_TARGET_VIEW,
  EMPTY_TARGET_ROWS,
  withLiveTargets,
  withPage,
  type TargetRows,
  type TargetView,
} from '../model/job-target-rows';

// --- state -------------------------------------------------------------------------------------------
export interface JobNotice {
  readonly id: number;
  readonly jobId: JobId;
  readonly words: string;
  readonly tone: 'ok' | 'error';
}

export interface JobsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  readonly jobsById: ReadonlyMap<JobId, JobSummary>;
  readonly selectedJobId: JobId | null;
  readonly view: TargetView;
  readonly rows: TargetRows;
  /** The rows the table draws now, so a live update refetches exactly those pages. */
  readonly window: { readonly start: number; readonly end: number };
  readonly defaults: JobOptions | null;
  readonly notices: readonly JobNotice[];
  /** The last action's failure (cancel, retry, export), shown above the table. */
  readonly actionError: string | null;
}

export function initialJobs(): JobsState {
  return {
    status: 'idle',
    error: null,
    jobsById: new Map(),
    selectedJobId: null,
    view: DEFAULT_TARGET_VIEW,
    rows: EMPTY_TARGET_ROWS,
    window: { start: 0, end: 0 },
    defaults: null,
    notices: [],
    actionError: null,
  };
}

export const useJobsStore = create<JobsState>()(() => initialJobs());

// --- actions -----------------------------------------------------------------------------------------
export function setJobsLoading(): void {
  useJobsStore.setState((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
}

export function replaceJobs(jobs: readonly JobSummary[]): void {
  useJobsStore.setState((s) => {
    const jobsById = new Map(jobs.map((job) => [job.id, job] as const));
    const selectedJobId =
      s.selectedJobId !== null && jobsById.has(s.selectedJobId)
        ? s.selectedJobId
        : (newestFirst(jobsById)[0]?.id ?? null);
    return { status: 'ready', error: null, jobsById, selectedJobId };
  });
}

export function failJobs(words: string): void {
  useJobsStore.setState({ status: 'failed', error: words });
}

/** Jobs and targets that changed in one tick, applied in one store update. */
export function applyJobProgress(jobs: readonly JobSummary[], targets: readonly JobTarget[]): void {
  useJobsStore.setState((s) => {
    const jobsById = jobs.length > 0 ? new Map(s.jobsById) : s.jobsById;
    for (const job of jobs) (jobsById as Map<JobId, JobSummary>).set(job.id, job);
    return { jobsById, rows: withLiveTargets(s.rows, targets) };
  });
}

export function upsertJob(job: JobSummary): void {
  useJobsStore.setState((s) => ({ jobsById: new Map(s.jobsById).set(job.id, job) }));
}

export function selectJob(id: JobId | null): void {
  useJobsStore.setState((s) =>
    s.selectedJobId === id ? s : { selectedJobId: id, rows: EMPTY_TARGET_ROWS, actionError: null },
  );
}

export function setTargetView(view: TargetView): void {
  useJobsStore.setState((s) => ({ view, rows: { ...EMPTY_TARGET_ROWS, runId: s.rows.runId, total: s.rows.total } }));
}

export function setTargetWindow(start: number, end: number): void {
  useJobsStore.setState((s) => (s.window.start === start && s.window.end === end ? s : { window: { start, end } }));
}

export function applyTargetPage(
  runId: NonNullable<TargetRows['runId']>,
  offset: number,
  page: { total: number; rows: readonly JobTarget[] },
): void {
  useJobsStore.setState((s) => ({ rows: withPage(s.rows, runId, offset, page) }));
}

export function setJobDefaults(defaults: JobOptions): void {
  useJobsStore.setState({ defaults });
}

export function setJobActionError(words: string | null): void {
  useJobsStore.setState({ actionError: words });
}

let nextNoticeId = 1;
/** Notifications shown at once; older ones drop off so a night of daily jobs never piles up. */
export const MAX_JOB_NOTICES = 4;

export function addJobNotice(jobId: JobId, words: string, tone: JobNotice['tone']): void {
  const notice = { id: nextNoticeId++, jobId, words, tone };
  useJobsStore.setState((s) => ({ notices: [...s.notices, notice].slice(-MAX_JOB_NOTICES) }));
}

export function dismissJobNotice(id: number): void {
  useJobsStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

// --- selectors ---------------------------------------------------------------------------------------
export function newestFirst(jobsById: ReadonlyMap<JobId, JobSummary>): JobSummary[] {
  return [...jobsById.values()].sort((a, b) => b.id - a.id);
}

export function selectSelectedJob(s: JobsState): JobSummary | null {
  return s.selectedJobId === null ? null : (s.jobsById.get(s.selectedJobId) ?? null);
}

export function selectRunningCount(s: JobsState): number {
  let n = 0;
  for (const job of s.jobsById.values()) if (job.status === 'running') n += 1;
  return n;
}
