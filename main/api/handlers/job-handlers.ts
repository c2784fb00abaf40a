// Client-control jobs over IPC: each channel calls main/jobs' JobService. The request already passed its
// schema (the ranges of JOB_OPTION_LIMITS); the service checks again what only it can (unknown clients,
// a schedule in the past) and its JobSpecError keeps the field, so the form shows the words there.

import type { JobId, JobRunId } from '../../../shared/domain';
import type { CsvExport, ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { isJobError, isJobSpecError } from '../../jobs/index';
import { ApiError, type ApiErrorCode } from '../api-error';
import type { ApiDeps } from './api-deps';

const JOB_ERROR_CODES: Readonly<Record<string, ApiErrorCode>> = {
  'not-found': 'not-found',
  'bad-state': 'conflict',
  stopped: 'busy',
};

/** The service's own errors as the API's: words and field kept, the code one the renderer knows. */
async function jobCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isJobSpecError(error)) throw new ApiError('invalid-request', error.message, error.field);
    if (isJobError(error)) throw new ApiError(JOB_ERROR_CODES[error.code] ?? 'conflict', error.message);
    throw error;
  }
}

/** "job-12-power-on-relay-east.csv": the job's id and name, safe as a file name on Windows too. */
export function jobCsvFileName(id: JobId, name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `job-${id}${slug === '' ? '' : `-${slug}`}.csv`;
}

/** Data rows of a CSV text (its lines after the header; quoted line breaks counted once). */
export function csvDataRows(csv: string): number {
  let rows = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const ch = csv[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) rows += 1;
  }
  if (csv.length > 0 && !csv.endsWith('\n')) rows += 1;
  return Math.max(0, rows - 1);
}

export function createJob(deps: ApiDeps, request: ParsedRequestOf<'jobs:create'>): Promise<ResponseOf<'jobs:create'>> {
  return jobCall(() => deps.jobs.create(request, deps.actor));
}

export function listJobs(deps: ApiDeps): Promise<ResponseOf<'jobs:list'>> {
  return jobCall(() => deps.jobs.list());
}

export function getJob(deps: ApiDeps, request: ParsedRequestOf<'jobs:get'>): Promise<ResponseOf<'jobs:get'>> {
  return jobCall(() => deps.jobs.get(request.id as JobId));
}

export function jobTargets(
  deps: ApiDeps,
  request: ParsedRequestOf<'jobs:targets'>,
): Promise<ResponseOf<'jobs:targets'>> {
  const { runId, ...query } = request;
  return jobCall(() => deps.jobs.targets(runId as JobRunId, query));
}

export function cancelJob(deps: ApiDeps, request: ParsedRequestOf<'jobs:cancel'>): Promise<ResponseOf<'jobs:cancel'>> {
  return jobCall(() => deps.jobs.cancel(request.id as JobId, deps.actor));
}

export function retryFailed(
  deps: ApiDeps,
  request: ParsedRequestOf<'jobs:retry-failed'>,
): Promise<ResponseOf<'jobs:retry-failed'>> {
  return jobCall(() => deps.jobs.retryFailed(request.id as JobId, deps.actor));
}

export async function exportJobCsv(deps: ApiDeps, request: ParsedRequestOf<'jobs:export-csv'>): Promise<CsvExport> {
  const id = request.id as JobId;
  const job = await jobCall(() => deps.jobs.get(id));
  const csv = await jobCall(() => deps.jobs.exportCsv(id));
  return { fileName: jobCsvFileName(id, job.name), csv, rows: csvDataRows(csv) };
}

export function jobDefaults(deps: ApiDeps): Promise<ResponseOf<'jobs:defaults'>> {
  return jobCall(() => deps.jobs.defaults());
}

export function setJobDefaults(
  deps: ApiDeps,
  request: ParsedRequestOf<'jobs:set-defaults'>,
): Promise<ResponseOf<'jobs:set-defaults'>> {
  return jobCall(() => deps.jobs.setDefaults(request.options, deps.actor));
}
