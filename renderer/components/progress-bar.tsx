// A job's progress bar: one segment per part (done, failed, running, waiting, cancelled) in proportion,
// with the counts in words for screen readers and as the tooltip.
import type { JobCounts } from '../../shared/domain';
import { countsWords, finishedPercent, progressSegments } from '../model/job-progress';

export function ProgressBar({ counts, testId }: { counts: JobCounts; testId?: string }) {
  const words = countsWords(counts);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={finishedPercent(counts)}
      aria-valuetext={words}
      title={words}
      data-testid={testId}
    >
      {progressSegments(counts).map((s) => (
        <div
          key={s.part}
          className={`progress-part part-${s.part}`}
          style={{ width: `${s.percent}%` }}
          data-part={s.part}
          data-count={s.count}
        />
      ))}
    </div>
  );
}
