// Notifications of jobs whose run ended, stacked at the bottom right until dismissed (a job that ends at
// 02:00 is still news at 08:00); clicking one shows the job.
import type { JobId } from '../../shared/domain';
import type { JobNotice } from '../stores/jobs-store';
import { Icon } from './icons/icon';

export interface JobNoticesProps {
  readonly notices: readonly JobNotice[];
  readonly onShow: (jobId: JobId) => void;
  readonly onDismiss: (id: number) => void;
}

export function JobNotices({ notices, onShow, onDismiss }: JobNoticesProps) {
  if (notices.length === 0) return null;
  return (
    <div className="job-notices" role="status" aria-live="polite" data-testid="job-notices">
      {notices.map((n) => (
        <div key={n.id} className={`job-notice ${n.tone}`} data-testid="job-notice">
          <Icon name={n.tone === 'ok' ? 'check' : 'warning'} className={n.tone === 'ok' ? 'tone-ok' : 'tone-warning'} />
          <button type="button" className="link job-notice-words" onClick={() => onShow(n.jobId)}>
            {n.words}
          </button>
          <button type="button" className="button subtle small" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
