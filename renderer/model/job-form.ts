// The "New job" form as data: what the inputs hold (numbers as the text typed), its defaults from the
// settings, and the check that turns it into a JobSpec or into words per field. The field keys are the
// paths main uses ('options.waitSec', 'schedule.at'), so main's field errors land on the same inputs.
// The ranges are JOB_OPTION_LIMITS, the table main's schemas and scheduler check too.
import {
  JOB_OPTION_LIMITS,
  JOB_TYPE_LABEL,
  MAX_JOB_NAME_LENGTH,
  jobOptionRangeWords,
  type JobOptions,
  type JobSchedule,
  type JobSpec,
  type JobTargetSelection,
  type JobType,
  type LimitedJobOption,
  type Weekday,
} from '../../shared/domain';

export type ScheduleKind = JobSchedule['kind'];
export const NUMBER_OPTIONS: readonly LimitedJobOption[] = [
  'waitSec',
  'retries',
  'retryIntervalSec',
  'maxConcurrent',
  'maxPerRelay',
];
export const SWITCH_OPTIONS = ['clientControl', 'wakeOnLanFallback', 'shutdownAfter'] as const;
export type SwitchOption = (typeof SWITCH_OPTIONS)[number];

/** The options part of the form: shared by "New job" and the job defaults in the settings (M7). */
export interface JobOptionsForm {
  readonly numbers: Readonly<Record<LimitedJobOption, string>>;
  readonly switches: Readonly<Record<SwitchOption, boolean>>;
  /** Also wait for the OS to answer on numbers.upPort. */
  readonly useUpPort: boolean;
}

export interface JobFormState extends JobOptionsForm {
  readonly name: string;
  /** True once the user typed a name: a type change then no longer renames the job. */
  readonly nameEdited: boolean;
  readonly type: JobType;
  readonly scheduleKind: ScheduleKind;
  /** A datetime-local value, "2026-12-05T02:00", in the console machine's time. */
  readonly at: string;
  /** "HH:MM" for daily and weekly. */
  readonly time: string;
  readonly days: readonly Weekday[];
}

export type FieldErrors = Readonly<Record<string, string>>;

export function defaultJobName(type: JobType, targetWords: string): string {
  return `${JOB_TYPE_LABEL[type]} — ${targetWords}`.slice(0, MAX_JOB_NAME_LENGTH);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** datetime-local text for a Date in local time. */
export function localDateTimeText(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Tomorrow 02:00 local: the night slot an administrator picks most. */
function nextNight(now: Date): Date {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 2, 0, 0, 0);
  return at;
}

export function initialOptionsForm(defaults: JobOptions): JobOptionsForm {
  const numbers = {} as Record<LimitedJobOption, string>;
  for (const key of NUMBER_OPTIONS) numbers[key] = String(defaults[key]);
  numbers.upPort = defaults.upPort === null ? '' : String(defaults.upPort);
  return {
    numbers,
    switches: {
      clientControl: defaults.clientControl,
      wakeOnLanFallback: defaults.wakeOnLanFallback,
      shutdownAfter: defaults.shutdownAfter,
    },
    useUpPort: defaults.upPort !== null,
  };
}

export function initialJobForm(
  defaults: JobOptions,
  targetWords: string,
  now: Date,
  type: JobType = 'power-on',
): JobFormState {
  return {
    name: defaultJobName(type, targetWords),
    nameEdited: false,
    type,
    scheduleKind: 'now',
    at: localDateTimeText(nextNight(now)),
    time: '02:00',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    ...initialOptionsForm(defaults),
  };
}

/** A whole number typed in a box, or NaN ("", "1.5", "3e2", "-" are not). */
export function parseWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function checkNumber(key: LimitedJobOption, text: string, errors: Record<string, string>): number {
  const value = parseWholeNumber(text);
  const { min, max } = JOB_OPTION_LIMITS[key];
  if (!Number.isInteger(value) || value < min || value > max) errors[`options.${key}`] = jobOptionRangeWords(key);
  return value;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

function scheduleOf(form: JobFormState, now: Date, errors: Record<string, string>): JobSchedule {
  switch (form.scheduleKind) {
    case 'now':
      return { kind: 'now' };
    case 'at': {
      const at = new Date(form.at);
      if (form.at.trim() === '' || Number.isNaN(at.getTime())) errors['schedule.at'] = 'Pick a date and time.';
      else if (at.getTime() <= now.getTime())
        errors['schedule.at'] = 'This time is in the past; pick a later time or "Now".';
      return { kind: 'at', at: Number.isNaN(at.getTime()) ? form.at : at.toISOString() };
    }
    case 'daily':
      if (!TIME_OF_DAY.test(form.time)) errors['schedule.time'] = 'Time must be HH:MM (24 hours), for example 02:00.';
      return { kind: 'daily', time: form.time };
    case 'weekly':
      if (!TIME_OF_DAY.test(form.time)) errors['schedule.time'] = 'Time must be HH:MM (24 hours), for example 02:00.';
      if (form.days.length === 0) errors['schedule.days'] = 'Pick at least one day of the week.';
      return { kind: 'weekly', days: form.days, time: form.time };
  }
}

/** The spec to send, or the words per field; never both. */
export function checkJobForm(
  form: JobFormState,
  targets: JobTargetSelection,
  targetCount: number,
  now: Date,
): { readonly spec: JobSpec; readonly errors: null } | { readonly spec: null; readonly errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (name === '') errors['name'] = 'A job needs a name.';
  else if (name.length > MAX_JOB_NAME_LENGTH)
    errors['name'] = `A job name has at most ${MAX_JOB_NAME_LENGTH} characters.`;
  if (targetCount === 0) errors['targets'] = 'Select clients or a relay in the tree first.';
  const schedule = scheduleOf(form, now, errors);
  const options = optionsOf(form, errors);
  if (Object.keys(errors).length > 0) return { spec: null, errors };
  return { spec: { name, type: form.type, targets, schedule, options }, errors: null };
}

function optionsOf(form: JobOptionsForm, errors: Record<string, string>): JobOptions {
  const n = (key: LimitedJobOption): number => checkNumber(key, form.numbers[key], errors);
  return {
    ...form.switches,
    waitSec: n('waitSec'),
    retries: n('retries'),
    retryIntervalSec: n('retryIntervalSec'),
    maxConcurrent: n('maxConcurrent'),
    maxPerRelay: n('maxPerRelay'),
    upPort: form.useUpPort ? n('upPort') : null,
  };
}

/** The options to store as the settings' job defaults, or the words per field ('options.waitSec'). */
export function checkOptionsForm(
  form: JobOptionsForm,
): { readonly options: JobOptions; readonly errors: null } | { readonly options: null; readonly errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const options = optionsOf(form, errors);
  return Object.keys(errors).length > 0 ? { options: null, errors } : { options, errors: null };
}

/** Where a field error from main shows when the form has no input of that exact path. */
export function formFieldOf(field: string): string {
  if (field.startsWith('targets')) return 'targets';
  if (field.startsWith('options.')) return field.split('[')[0] as string;
  return field;
}
