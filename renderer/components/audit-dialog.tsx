// "Audit log": the log filtered by job (or all of it), exported as CSV, and its retention (age and row
// count; main prunes in the background and at once when the setting is saved).
import { useEffect, useState } from 'react';
import {
  AUDIT_RETENTION_LIMITS,
  auditRetentionRangeWords,
  type AuditEntry,
  type AuditRetention,
  type JobId,
  type JobSummary,
} from '../../shared/domain';
import { parseWholeNumber } from '../model/job-form';
import { AuditOutcome } from './audit-outcome';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

export interface AuditDialogProps {
  readonly jobs: readonly JobSummary[];
  readonly initialJobId: JobId | null;
  readonly load: (jobId: JobId | null) => Promise<readonly AuditEntry[] | string>;
  readonly exportCsv: (jobId: JobId | null) => Promise<string | null>;
  readonly loadRetention: () => Promise<AuditRetention | string>;
  /** Resolves to the rows pruned, or the words (with the field) of why it was refused. */
  readonly saveRetention: (r: AuditRetention) => Promise<{ pruned: number } | { words: string; field: string | null }>;
  readonly onClose: () => void;
}

type RetentionKey = keyof AuditRetention;
const RETENTION_KEYS: readonly RetentionKey[] = ['maxAgeDays', 'maxRows'];

export function AuditDialog(props: AuditDialogProps) {
  const { jobs, load, exportCsv, loadRetention, saveRetention, onClose } = props;
  const [jobId, setJobId] = useState<JobId | null>(props.initialJobId);
  const [entries, setEntries] = useState<readonly AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retention, setRetention] = useState<Record<RetentionKey, string> | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RetentionKey, string>>>({});
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setEntries(null);
    void load(jobId).then((r) => {
      if (!live) return;
      if (typeof r === 'string') setError(r);
      else setEntries(r);
    });
    return () => {
      live = false;
    };
  }, [jobId, load]);

  useEffect(() => {
    void loadRetention().then((r) => {
      if (typeof r === 'string') setError(r);
      else setRetention({ maxAgeDays: String(r.maxAgeDays), maxRows: String(r.maxRows) });
    });
  }, [loadRetention]);

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (retention === null) return;
    const errors: Partial<Record<RetentionKey, string>> = {};
    const values = {} as Record<RetentionKey, number>;
    for (const key of RETENTION_KEYS) {
      const value = parseWholeNumber(retention[key]);
      const { min, max } = AUDIT_RETENTION_LIMITS[key];
      if (!Number.isInteger(value) || value < min || value > max) errors[key] = auditRetentionRangeWords(key);
      values[key] = value;
    }
    setFieldErrors(errors);
    setSaved(null);
    if (Object.keys(errors).length > 0) return;
    const outcome = await saveRetention(values);
    if ('pruned' in outcome) setSaved(`Saved. ${outcome.pruned.toLocaleString('en-US')} older entries were pruned.`);
    else if (outcome.field === 'maxAgeDays' || outcome.field === 'maxRows')
      setFieldErrors({ [outcome.field]: outcome.words });
    else setError(outcome.words);
  };

  return (
    <Dialog
      title="Audit log"
      testId="audit-dialog"
      widthPx={760}
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className="button"
            data-testid="audit-export"
            onClick={() => void exportCsv(jobId).then((failed) => failed !== null && setError(failed))}
          >
            <Icon name="import" /> Export CSV
          </button>
          <button type="button" className="button accent" data-autofocus onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="inline-fields">
        <label htmlFor="audit-job">Show</label>
        <select
          id="audit-job"
          className="input"
          data-testid="audit-job"
          value={jobId === null ? '' : String(jobId)}
          onChange={(e) => setJobId(e.target.value === '' ? null : (Number(e.target.value) as JobId))}
        >
          <option value="">Everything</option>
          {jobs.map((j) => (
            <option key={j.id} value={j.id}>
              Job: {j.name}
            </option>
          ))}
        </select>
      </div>
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="audit-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
      <div className="audit-entries" data-testid="audit-entries">
        {entries === null ? (
          <div className="loading-line">
            <span className="spinner" aria-hidden="true" /> Loading…
          </div>
        ) : entries.length === 0 ? (
          <p className="muted">No entries.</p>
        ) : (
          <table className="grid small">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Target</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry">
                  <td className="mono">{new Date(entry.at).toLocaleString()}</td>
                  <td>{entry.actor}</td>
                  <td className="mono">{entry.action}</td>
                  <td>{entry.target}</td>
                  <td>
                    <AuditOutcome entry={entry} iconSizePx={12} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <form className="form-grid" onSubmit={(e) => void save(e)} noValidate data-testid="audit-retention">
        {retention === null
          ? null
          : RETENTION_KEYS.map((key) => (
              <RetentionField
                key={key}
                name={key}
                value={retention[key]}
                error={fieldErrors[key]}
                onChange={(v) => setRetention({ ...retention, [key]: v })}
              />
            ))}
        <span />
        <div className="inline-fields">
          <button
            type="submit"
            className="button small"
            data-testid="audit-retention-save"
            disabled={retention === null}
          >
            Save retention
          </button>
          {saved !== null && (
            <span className="small tone-ok" data-testid="audit-retention-saved">
              {saved}
            </span>
          )}
        </div>
      </form>
    </Dialog>
  );
}

function RetentionField(props: {
  name: RetentionKey;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const { label, unit, min, max } = AUDIT_RETENTION_LIMITS[props.name];
  return (
    <>
      <label htmlFor={`audit-${props.name}`}>{label}</label>
      <div>
        <div className="inline-fields">
          <input
            id={`audit-${props.name}`}
            className="input mono narrow"
            inputMode="numeric"
            data-testid={`audit-${props.name}`}
            value={props.value}
            aria-invalid={props.error !== undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
          <span className="muted small">
            {unit} ({min.toLocaleString('en-US')}–{max.toLocaleString('en-US')})
          </span>
        </div>
        {props.error !== undefined && (
          <div className="field-error" role="alert" data-testid={`field-error-${props.name}`}>
            {props.error}
          </div>
        )}
      </div>
    </>
  );
}
