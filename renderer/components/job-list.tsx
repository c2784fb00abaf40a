// The list of jobs, newest first: name, type, status and schedule, a progress bar and the counts.
import { JOB_TYPE_LABEL, type JobId, type JobSummary } from '../../shared/domain';
import { countsWords, statusWords } from '../model/job-progress';
import { ProgressBar } from './progress-bar';

export interface JobListProps {
  readonly jobs: readonly JobSummary[];
  readonly selectedId: JobId | null;
  readonly onSelect: (id: JobId) => void;
}

export function JobList({ jobs, selectedId, onSelect }: JobListProps) {
  return (
    <ul className="job-list" role="listbox" aria-label="Jobs" data-testid="job-list">
      {jobs.map((job) => (
        <li
          key={job.id}
          role="option"
          aria-selected={job.id === selectedId}
          tabIndex={0}
          className={job.id === selectedId ? 'job-item selected' : 'job-item'}
          data-testid={`job-item-${job.id}`}
          data-status={job.status}
          onClick={() => onSelect(job.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onSelect(job.id);
            }
          }}
        >
          <div className="job-item-head">
            <span className="strong job-name">{job.name}</span>
            <span className="muted small">{JOB_TYPE_LABEL[job.type]}</span>
          </div>
          <ProgressBar counts={job.counts} testId={`job-progress-${job.id}`} />
          <div className="job-item-foot small">
            <span data-testid={`job-status-${job.id}`}>{statusWords(job)}</span>
            <span className="muted" data-testid={`job-counts-${job.id}`}>
              {countsWords(job.counts)}
            </span>
          </div>
          {job.latestRunMissedAt !== null && (
            <div className="small tone-warning">
              Started late: the console was not running at {new Date(job.latestRunMissedAt).toLocaleString()}.
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
