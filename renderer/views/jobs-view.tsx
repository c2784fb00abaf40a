// The Jobs tab beside the tree: the job list with progress, and the selected job's targets updating live
// (main's jobs:progress, one message per tick), with cancel, retry failed, export CSV and its audit log.
import { useCallback, useEffect, useMemo } from 'react';
import {
  JOB_TYPE_LABEL,
  TARGET_STATES,
  TARGET_STATE_LABEL,
  type JobTargetSortKey,
  type TargetState,
} from '../../shared/domain';
import { Icon } from '../components/icons/icon';
import { JobList } from '../components/job-list';
import { JobTargetsTable } from '../components/job-targets-table';
import { ProgressBar } from '../components/progress-bar';
import {
  cancelJob,
  exportJobCsv,
  loadJobs,
  openJobDefaults,
  openNewJobForSelection,
  refreshShownTargets,
  retryFailedTargets,
} from '../commands/job-command';
import { canCancel, canRetryFailed, countsWords, statusWords } from '../model/job-progress';
import { toggledSort } from '../model/job-target-rows';
import { openDialog } from '../stores/dialog-store';
import {
  newestFirst,
  selectJob,
  selectSelectedJob,
  setTargetView,
  setTargetWindow,
  useJobsStore,
} from '../stores/jobs-store';
import { useSelectionStore } from '../stores/selection-store';

export function JobsView() {
  const status = useJobsStore((s) => s.status);
  const error = useJobsStore((s) => s.error);
  const jobsById = useJobsStore((s) => s.jobsById);
  const selectedId = useJobsStore((s) => s.selectedJobId);
  const job = useJobsStore(selectSelectedJob);
  const rows = useJobsStore((s) => s.rows);
  const view = useJobsStore((s) => s.view);
  const actionError = useJobsStore((s) => s.actionError);
  const anySelected = useSelectionStore((s) => s.selected.size > 0);
  const jobs = useMemo(() => newestFirst(jobsById), [jobsById]);

  useEffect(() => {
    if (status === 'idle') void loadJobs();
  }, [status]);

  // A new job, another filter or sort, or a retry's new run: fetch the shown pages again.
  const runId = job?.latestRunId ?? null;
  useEffect(() => {
    void refreshShownTargets();
  }, [selectedId, runId, view]);

  const onWindow = useCallback((start: number, end: number) => {
    setTargetWindow(start, end);
    void refreshShownTargets();
  }, []);
  const onSort = useCallback(
    (key: JobTargetSortKey) => setTargetView(toggledSort(useJobsStore.getState().view, key)),
    [],
  );

  return (
    <div className="jobs-view" data-testid="jobs-view">
      <div className="jobs-bar">
        <button
          type="button"
          className="button accent small"
          data-testid="jobs-new"
          disabled={!anySelected}
          onClick={openNewJobForSelection}
        >
          <Icon name="add" /> New job for selected…
        </button>
        <button
          type="button"
          className="button subtle small"
          data-testid="jobs-audit"
          onClick={() => openDialog({ open: 'audit', jobId: selectedId })}
        >
          <Icon name="list" /> Audit log
        </button>
        <button
          type="button"
          className="button subtle small"
          data-testid="jobs-defaults"
          onClick={() => void openJobDefaults()}
        >
          <Icon name="list" /> Defaults…
        </button>
        <button type="button" className="button subtle small" onClick={() => void loadJobs()}>
          <Icon name="refresh" /> Reload
        </button>
      </div>
      {status === 'failed' && (
        <div className="inline-error pad" role="alert">
          <Icon name="error" className="tone-error" /> The jobs could not be loaded. {error}
        </div>
      )}
      {status === 'ready' && jobs.length === 0 && (
        <p className="muted pad" data-testid="jobs-empty">
          No jobs yet. Select clients or a relay in the tree, then “New job for selected…”.
        </p>
      )}
      {jobs.length > 0 && <JobList jobs={jobs} selectedId={selectedId} onSelect={selectJob} />}
      {job !== null && (
        <section
          className="job-detail"
          aria-label={`Job ${job.name}`}
          data-testid="job-detail"
          data-job-id={job.id}
          data-status={job.status}
        >
          <div className="job-detail-head">
            <div className="job-detail-title">
              <span className="strong">{job.name}</span>
              <span className="muted small">
                {JOB_TYPE_LABEL[job.type]} · {statusWords(job)} · {countsWords(job.counts)}
              </span>
            </div>
            <div className="job-actions">
              <button
                type="button"
                className="button small"
                data-testid="job-cancel"
                disabled={!canCancel(job)}
                onClick={() => void cancelJob(job.id)}
              >
                <Icon name="close" /> Cancel
              </button>
              <button
                type="button"
                className="button small"
                data-testid="job-retry"
                disabled={!canRetryFailed(job)}
                onClick={() => void retryFailedTargets(job.id)}
              >
                <Icon name="refresh" /> Retry failed
              </button>
              <button
                type="button"
                className="button small"
                data-testid="job-export"
                disabled={job.latestRunId === null}
                onClick={() => void exportJobCsv(job.id)}
              >
                <Icon name="import" /> Export CSV
              </button>
            </div>
          </div>
          <ProgressBar counts={job.counts} />
          {actionError !== null && (
            <div className="inline-error" role="alert" data-testid="job-action-error">
              <Icon name="error" className="tone-error" /> {actionError}
            </div>
          )}
          <div className="target-filters">
            <input
              className="input"
              placeholder="Filter by client or reason"
              aria-label="Filter targets"
              data-testid="targets-filter"
              value={view.text ?? ''}
              maxLength={255}
              onChange={(e) => setTargetView({ ...view, text: e.target.value })}
            />
            <select
              className="input"
              aria-label="Target state"
              data-testid="targets-state"
              value={view.state ?? ''}
              onChange={(e) => {
                const { state: _dropped, ...rest } = view;
                setTargetView(e.target.value === '' ? rest : { ...rest, state: e.target.value as TargetState });
              }}
            >
              <option value="">All states</option>
              {TARGET_STATES.map((s) => (
                <option key={s} value={s}>
                  {TARGET_STATE_LABEL[s]}
                </option>
              ))}
            </select>
            <span className="muted small" data-testid="targets-total">
              {rows.total.toLocaleString('en-US')} shown
            </span>
          </div>
          {job.latestRunId === null ? (
            <p className="muted">This job has not run yet.</p>
          ) : (
            <JobTargetsTable rows={rows} view={view} onSort={onSort} onWindow={onWindow} />
          )}
        </section>
      )}
    </div>
  );
}
