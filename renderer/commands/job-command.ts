// Jobs commands: load the list and the defaults, open "New job for selected…" from the tree's selection,
// create, cancel, retry failed, export CSV, fetch the target pages the table shows, and apply main's
// batched jobs:progress (one store update per tick; a notification when a job's run ends).
import type { JobId, JobOptions, JobProgress, JobSpec, JobSummary } from '../../shared/domain';
import type { AmtApi } from '../../shared/ipc';
import { amtApi } from '../api/amt-api';
import { errorFieldOf, errorWordsOf } from '../model/error-words';
import { formFieldOf, type FieldErrors } from '../model/job-form';
import { endedWords } from '../model/job-progress';
import { pagesFor, queryOf, touchesRun } from '../model/job-target-rows';
import { selectedTargetsOf } from '../model/job-target-selection';
import { openDialog } from '../stores/dialog-store';
import { useFleetStore } from '../stores/fleet-store';
import {
  addJobNotice,
  applyJobProgress,
  applyTargetPage,
  failJobs,
  replaceJobs,
  selectJob,
  setJobActionError,
  setJobDefaults,
  setJobsLoading,
  upsertJob,
  useJobsStore,
} from '../stores/jobs-store';
import { useSelectionStore } from '../stores/selection-store';
import { showPaneTab } from '../stores/sol-store';
import { saveCsvFile } from './save-file';

export async function loadJobs(): Promise<void> {
  setJobsLoading();
  try {
    replaceJobs(await amtApi().jobsList({}));
  } catch (error) {
    failJobs(errorWordsOf(error));
  }
}

export async function loadJobDefaults(): Promise<void> {
  try {
    setJobDefaults(await amtApi().jobsDefaults({}));
  } catch (error) {
    setJobActionError(`The job defaults could not be read: ${errorWordsOf(error)}`);
  }
}

/** Toolbar and context menu: the form for the tree's current selection (a relay = its whole subtree). */
export function openNewJobForSelection(): void {
  const fleet = useFleetStore.getState();
  const targets = selectedTargetsOf(useSelectionStore.getState().selected, fleet.index, {
    relay: (id) => fleet.relays.find((r) => r.id === id)?.name,
    client: (id) => fleet.clientsById.get(id)?.hostName,
  });
  if (useJobsStore.getState().defaults === null) void loadJobDefaults();
  openDialog({ open: 'new-job', targets });
}

export type CreateOutcome =
  | { readonly ok: true; readonly job: JobSummary }
  | { readonly ok: false; readonly words: string; readonly errors: FieldErrors };

/** Creates the job; main's refusal comes back with its field so the form shows it there. */
export async function createJob(spec: JobSpec): Promise<CreateOutcome> {
  try {
    const job = await amtApi().jobsCreate(spec);
    upsertJob(job);
    selectJob(job.id);
    showPaneTab('jobs');
    return { ok: true, job };
  } catch (error) {
    const words = errorWordsOf(error);
    const field = errorFieldOf(error);
    return { ok: false, words, errors: field === null ? {} : { [formFieldOf(field)]: words } };
  }
}

/** Saves the settings' job defaults (M7); main's refusal comes back with its field, as for a new job. */
export async function saveJobDefaults(options: JobOptions): Promise<{ words: string; errors: FieldErrors } | null> {
  try {
    setJobDefaults(await amtApi().jobsSetDefaults({ options }));
    return null;
  } catch (error) {
    const words = errorWordsOf(error);
    const field = errorFieldOf(error);
    return { words, errors: field === null ? {} : { [formFieldOf(field)]: words } };
  }
}

/** The jobs tab's "Defaults…": the dialog opens once the stored defaults are known. */
export async function openJobDefaults(): Promise<void> {
  if (useJobsStore.getState().defaults === null) await loadJobDefaults();
  if (useJobsStore.getState().defaults !== null) openDialog({ open: 'job-defaults' });
}

async function jobAction(work: () => Promise<JobSummary>): Promise<void> {
  setJobActionError(null);
  try {
    upsertJob(await work());
    void refreshShownTargets();
  } catch (error) {
    setJobActionError(errorWordsOf(error));
  }
}

export function cancelJob(id: JobId): Promise<void> {
  return jobAction(() => amtApi().jobsCancel({ id }));
}

export function retryFailedTargets(id: JobId): Promise<void> {
  return jobAction(() => amtApi().jobsRetryFailed({ id }));
}

export async function exportJobCsv(id: JobId): Promise<void> {
  setJobActionError(null);
  try {
    saveCsvFile(await amtApi().jobsExportCsv({ id }));
  } catch (error) {
    setJobActionError(errorWordsOf(error));
  }
}

// One fetch of the shown pages at a time; a change meanwhile asks for one more round, never a pile-up.
let fetching = false;
let again = false;

/** Fetches the pages of the shown run that the table's window needs. */
export async function refreshShownTargets(): Promise<void> {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    do {
      again = false;
      await fetchWindowOnce();
    } while (again);
  } finally {
    fetching = false;
  }
}

async function fetchWindowOnce(): Promise<void> {
  const s = useJobsStore.getState();
  const job = s.selectedJobId === null ? undefined : s.jobsById.get(s.selectedJobId);
  const runId = job?.latestRunId ?? null;
  if (runId === null) return;
  const view = s.view;
  for (const offset of pagesFor(s.window.start, Math.max(s.window.end, 1))) {
    try {
      const page = await amtApi().jobsTargets({ runId, ...queryOf(view, offset) });
      // The user may have picked another job or another filter meanwhile: that reply is stale.
      const now = useJobsStore.getState();
      if (now.view !== view || now.selectedJobId !== s.selectedJobId) return;
      applyTargetPage(runId, offset, page);
    } catch (error) {
      setJobActionError(`The targets could not be read: ${errorWordsOf(error)}`);
      return;
    }
  }
}

export function applyProgressEvent(progress: JobProgress): void {
  applyJobProgress(progress.jobs, progress.targets);
  const s = useJobsStore.getState();
  if (touchesRun(s.rows, progress.targets)) void refreshShownTargets();
  for (const id of progress.ended) {
    const job = s.jobsById.get(id);
    if (job === undefined) continue;
    addJobNotice(id, endedWords(job), job.counts.failed > 0 || job.status === 'cancelled' ? 'error' : 'ok');
  }
}

export function startJobEvents(api: AmtApi): () => void {
  return api.onJobsProgress(applyProgressEvent);
}
