// The options of a job (client control, Wake-on-LAN fallback, shut down afterwards, wait time, retries, their
// interval, concurrency overall and per relay, the OS port for "up") with their ranges and each field's error.
// One component for "New job" and for the settings' job defaults (M7), so both read and check them alike.
import { Fragment } from 'react';
import { JOB_OPTION_LIMITS, JOB_OPTION_WORDS, type LimitedJobOption } from '../../shared/domain';
import { NUMBER_OPTIONS, type FieldErrors, type JobOptionsForm, type SwitchOption } from '../model/job-form';

export interface JobOptionsFieldsProps {
  readonly form: JobOptionsForm;
  readonly onChange: (next: JobOptionsForm) => void;
  readonly errors: FieldErrors;
  /** Prefix of the inputs' ids and test ids: 'job' in the new-job form, 'defaults' in the settings. */
  readonly idPrefix: string;
}

const SWITCH_LABEL: Readonly<Record<SwitchOption, string>> = {
  clientControl: 'Client control: power on clients that are off, asleep or hibernating',
  wakeOnLanFallback: 'Wake-on-LAN when AMT cannot be used or fails',
  shutdownAfter: 'Shut down afterwards the clients this job woke',
};

export function FieldError({ errors, field }: { errors: FieldErrors; field: string }) {
  const words = errors[field];
  if (words === undefined) return null;
  return (
    <div className="field-error" role="alert" data-testid={`field-error-${field}`}>
      {words}
    </div>
  );
}

export function JobOptionsFields({ form, onChange, errors, idPrefix }: JobOptionsFieldsProps) {
  const setNumber = (key: LimitedJobOption, text: string): void =>
    onChange({ ...form, numbers: { ...form.numbers, [key]: text } });

  const numberField = (key: LimitedJobOption, extra?: React.ReactNode) => {
    const { min, max } = JOB_OPTION_LIMITS[key];
    const field = `options.${key}`;
    const { label, unit } = JOB_OPTION_WORDS[key];
    const id = `${idPrefix}-${key}`;
    return (
      <>
        <label htmlFor={id}>{label}</label>
        <div>
          <div className="inline-fields">
            {extra}
            <input
              id={id}
              className="input mono narrow"
              data-testid={id}
              inputMode="numeric"
              value={form.numbers[key]}
              aria-invalid={errors[field] !== undefined}
              aria-describedby={`${id}-range`}
              onChange={(e) => setNumber(key, e.target.value)}
            />
            <span id={`${id}-range`} className="muted small">
              {min}–{max}
              {unit === '' ? '' : ` ${unit}`}
            </span>
          </div>
          <FieldError errors={errors} field={field} />
        </div>
      </>
    );
  };

  return (
    <>
      <span>Options</span>
      <div className="switch-list">
        {(Object.keys(SWITCH_LABEL) as SwitchOption[]).map((key) => (
          <label key={key} className="check-line">
            <input
              type="checkbox"
              data-testid={`${idPrefix}-${key}`}
              checked={form.switches[key]}
              onChange={(e) => onChange({ ...form, switches: { ...form.switches, [key]: e.target.checked } })}
            />
            {SWITCH_LABEL[key]}
          </label>
        ))}
      </div>
      {NUMBER_OPTIONS.map((key) => (
        <Fragment key={key}>{numberField(key)}</Fragment>
      ))}
      {numberField(
        'upPort',
        <label className="check-line">
          <input
            type="checkbox"
            data-testid={`${idPrefix}-useUpPort`}
            checked={form.useUpPort}
            onChange={(e) => onChange({ ...form, useUpPort: e.target.checked })}
          />
          Up also needs the OS to answer on TCP port
        </label>,
      )}
    </>
  );
}
