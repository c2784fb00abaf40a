// "New job for selected…": name, type, schedule (now / at / daily / weekly) and the options with their
// ranges, defaults from the settings. Each wrong field shows its words under that field, whether the
// form's own check or main found it; nothing is sent while a field is wrong.
import { Fragment, useState } from 'react';
import {
  JOB_OPTION_LIMITS,
  JOB_OPTION_WORDS,
  JOB_TYPES,
  JOB_TYPE_LABEL,
  WEEKDAYS,
  type JobOptions,
  type JobSpec,
  type LimitedJobOption,
  type Weekday,
} from '../../shared/domain';
import {
  NUMBER_OPTIONS,
  checkJobForm,
  defaultJobName,
  initialJobForm,
  type FieldErrors,
  type JobFormState,
  type ScheduleKind,
  type SwitchOption,
} from '../model/job-form';
import type { SelectedTargets } from '../model/job-target-selection';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

export interface JobFormDialogProps {
  readonly targets: SelectedTargets;
  readonly defaults: JobOptions;
  readonly now: () => Date;
  /** Resolves to null once created, or main's words and the fields they belong to. */
  readonly onCreate: (spec: JobSpec) => Promise<{ words: string; errors: FieldErrors } | null>;
  readonly onClose: () => void;
}

const SCHEDULE_LABEL: Readonly<Record<ScheduleKind, string>> = { now: 'Now', at: 'At', daily: 'Daily', weekly: 'Weekly' };
const SWITCH_LABEL: Readonly<Record<SwitchOption, string>> = {
  clientControl: 'Client control: power on clients that are off, asleep or hibernating',
  wakeOnLanFallback: 'Wake-on-LAN when AMT cannot be used or fails',
  shutdownAfter: 'Shut down afterwards the clients this job woke',
};
const DAY_LABEL: Readonly<Record<Weekday, string>> = { mon: 'Mo', tue: 'Tu', wed: 'We', thu: 'Th', fri: 'Fr', sat: 'Sa', sun: 'Su' };

function FieldError({ errors, field }: { errors: FieldErrors; field: string }) {
  const words = errors[field];
  if (words === undefined) return null;
  return (
    <div className="field-error" role="alert" data-testid={`field-error-${field}`}>
      {words}
    </div>
  );
}

export function JobFormDialog({ targets, defaults, now, onCreate, onClose }: JobFormDialogProps) {
  const [form, setForm] = useState<JobFormState>(() => initialJobForm(defaults, targets.words, now()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mainWords, setMainWords] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (next: Partial<JobFormState>): void => setForm((f) => ({ ...f, ...next }));
  const setNumber = (key: LimitedJobOption, text: string): void => setForm((f) => ({ ...f, numbers: { ...f.numbers, [key]: text } }));
  const invalid = (field: string): boolean => errors[field] !== undefined;

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const checked = checkJobForm(form, targets.selection, targets.clientCount, now());
    setMainWords(null);
    if (checked.errors !== null) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const failed = await onCreate(checked.spec);
    setBusy(false);
    if (failed === null) {
      onClose();
      return;
    }
    setErrors(failed.errors);
    // Words without a field of this form (a conflict, a lost connection) show below it.
    if (Object.keys(failed.errors).length === 0) setMainWords(failed.words);
  };

  const numberField = (key: LimitedJobOption, extra?: React.ReactNode) => {
    const { min, max } = JOB_OPTION_LIMITS[key];
    const field = `options.${key}`;
    const { label, unit } = JOB_OPTION_WORDS[key];
    return (
      <>
        <label htmlFor={`job-${key}`}>{label}</label>
        <div>
          <div className="inline-fields">
            {extra}
            <input
              id={`job-${key}`}
              className="input mono narrow"
              data-testid={`job-${key}`}
              inputMode="numeric"
              value={form.numbers[key]}
              aria-invalid={invalid(field)}
              aria-describedby={`job-${key}-range`}
              onChange={(e) => setNumber(key, e.target.value)}
            />
            <span id={`job-${key}-range`} className="muted small">
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
    <Dialog
      title="New job"
      testId="job-form-dialog"
      widthPx={620}
      onClose={onClose}
      footer={
        <>
          <button type="submit" form="job-form" className="button accent" data-autofocus data-testid="job-create" disabled={busy}>
            {busy ? 'Creating…' : form.scheduleKind === 'now' ? 'Create and start' : 'Create job'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <div className="banner info small" data-testid="job-form-targets">
        <Icon name="list" />
        <div>
          Targets: <span className="strong">{targets.words}</span> — {targets.clientCount.toLocaleString('en-US')}{' '}
          {targets.clientCount === 1 ? 'client' : 'clients'}
          {targets.selection.relayIds !== undefined && ' (whole relay subtrees)'}
        </div>
      </div>
      <FieldError errors={errors} field="targets" />
      <form id="job-form" className="form-grid job-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="job-name">Name</label>
        <div>
          <input
            id="job-name"
            className="input"
            data-testid="job-name"
            value={form.name}
            aria-invalid={invalid('name')}
            onChange={(e) => change({ name: e.target.value, nameEdited: true })}
          />
          <FieldError errors={errors} field="name" />
        </div>
        <label htmlFor="job-type">Type</label>
        <select
          id="job-type"
          className="input"
          data-testid="job-type"
          value={form.type}
          onChange={(e) => {
            const type = e.target.value as JobFormState['type'];
            change({ type, ...(form.nameEdited ? {} : { name: defaultJobName(type, targets.words) }) });
          }}
        >
          {JOB_TYPES.map((t) => (
            <option key={t} value={t}>
              {JOB_TYPE_LABEL[t]}
            </option>
          ))}
        </select>
        <span>Schedule</span>
        <div>
          <div className="segmented" role="radiogroup" aria-label="Schedule">
            {(Object.keys(SCHEDULE_LABEL) as ScheduleKind[]).map((kind) => (
              <label key={kind} className={form.scheduleKind === kind ? 'segment checked' : 'segment'}>
                <input
                  type="radio"
                  name="job-schedule"
                  value={kind}
                  data-testid={`job-schedule-${kind}`}
                  checked={form.scheduleKind === kind}
                  onChange={() => change({ scheduleKind: kind })}
                />
                {SCHEDULE_LABEL[kind]}
              </label>
            ))}
          </div>
          {form.scheduleKind === 'at' && (
            <div className="schedule-detail">
              <input
                type="datetime-local"
                className="input"
                aria-label="Date and time"
                data-testid="job-at"
                value={form.at}
                aria-invalid={invalid('schedule.at')}
                onChange={(e) => change({ at: e.target.value })}
              />
              <FieldError errors={errors} field="schedule.at" />
            </div>
          )}
          {(form.scheduleKind === 'daily' || form.scheduleKind === 'weekly') && (
            <div className="schedule-detail">
              {form.scheduleKind === 'weekly' && (
                <div className="day-picks" role="group" aria-label="Days of the week">
                  {WEEKDAYS.map((day) => (
                    <label key={day} className="day-pick">
                      <input
                        type="checkbox"
                        checked={form.days.includes(day)}
                        onChange={(e) =>
                          change({ days: e.target.checked ? WEEKDAYS.filter((d) => d === day || form.days.includes(d)) : form.days.filter((d) => d !== day) })
                        }
                      />
                      {DAY_LABEL[day]}
                    </label>
                  ))}
                </div>
              )}
              <input
                type="time"
                className="input narrow"
                aria-label="Time of day"
                data-testid="job-time"
                value={form.time}
                aria-invalid={invalid('schedule.time')}
                onChange={(e) => change({ time: e.target.value })}
              />
              <FieldError errors={errors} field="schedule.time" />
              <FieldError errors={errors} field="schedule.days" />
            </div>
          )}
        </div>
        <span>Options</span>
        <div className="switch-list">
          {(Object.keys(SWITCH_LABEL) as SwitchOption[]).map((key) => (
            <label key={key} className="check-line">
              <input
                type="checkbox"
                data-testid={`job-${key}`}
                checked={form.switches[key]}
                onChange={(e) => setForm((f) => ({ ...f, switches: { ...f.switches, [key]: e.target.checked } }))}
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
            <input type="checkbox" data-testid="job-useUpPort" checked={form.useUpPort} onChange={(e) => change({ useUpPort: e.target.checked })} />
            Up also needs the OS to answer on TCP port
          </label>,
        )}
      </form>
      {mainWords !== null && (
        <div className="inline-error" role="alert" data-testid="job-form-error">
          <Icon name="error" className="tone-error" /> {mainWords}
        </div>
      )}
    </Dialog>
  );
}
