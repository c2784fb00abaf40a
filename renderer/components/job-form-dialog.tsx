// "New job for selected…": name, type, schedule (now / at / daily / weekly) and the options with their
// ranges, defaults from the settings. Each wrong field shows its words under that field, whether the
// form's own check or main found it; nothing is sent while a field is wrong.
import { useState } from 'react';
import { JOB_TYPES, JOB_TYPE_LABEL, WEEKDAYS, type JobOptions, type JobSpec, type Weekday } from '../../shared/domain';
import {
  checkJobForm,
  defaultJobName,
  initialJobForm,
  type FieldErrors,
  type JobFormState,
  type ScheduleKind,
} from '../model/job-form';
import type { SelectedTargets } from '../model/job-target-selection';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';
import { FieldError, JobOptionsFields } from './job-options-fields';

export interface JobFormDialogProps {
  readonly targets: SelectedTargets;
  readonly defaults: JobOptions;
  readonly now: () => Date;
  /** Resolves to null once created, or main's words and the fields they belong to. */
  readonly onCreate: (spec: JobSpec) => Promise<{ words: string; errors: FieldErrors } | null>;
  readonly onClose: () => void;
}

const SCHEDULE_LABEL: Readonly<Record<ScheduleKind, string>> = {
  now: 'Now',
  at: 'At',
  daily: 'Daily',
  weekly: 'Weekly',
};
const DAY_LABEL: Readonly<Record<Weekday, string>> = {
  mon: 'Mo',
  tue: 'Tu',
  wed: 'We',
  thu: 'Th',
  fri: 'Fr',
  sat: 'Sa',
  sun: 'Su',
};

export function JobFormDialog({ targets, defaults, now, onCreate, onClose }: JobFormDialogProps) {
  const [form, setForm] = useState<JobFormState>(() => initialJobForm(defaults, targets.words, now()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [mainWords, setMainWords] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (next: Partial<JobFormState>): void => setForm((f) => ({ ...f, ...next }));
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

  return (
    <Dialog
      title="New job"
      testId="job-form-dialog"
      widthPx={620}
      onClose={onClose}
      footer={
        <>
          <button
            type="submit"
            form="job-form"
            className="button accent"
            data-autofocus
            data-testid="job-create"
            disabled={busy}
          >
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
                          change({
                            days: e.target.checked
                              ? WEEKDAYS.filter((d) => d === day || form.days.includes(d))
                              : form.days.filter((d) => d !== day),
                          })
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
        <JobOptionsFields
          form={form}
          onChange={(next) => setForm((f) => ({ ...f, ...next }))}
          errors={errors}
          idPrefix="job"
        />
      </form>
      {mainWords !== null && (
        <div className="inline-error" role="alert" data-testid="job-form-error">
          <Icon name="error" className="tone-error" /> {mainWords}
        </div>
      )}
    </Dialog>
  );
}
