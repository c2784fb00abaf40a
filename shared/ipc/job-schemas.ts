// Zod schemas of the jobs and audit channels. The option ranges come from JOB_OPTION_LIMITS
// (shared/domain/jobs.ts), the one table the form, the CLI and the scheduler check too, and every
// message names the option in words, so the renderer can show it at the field as it is.

import { z } from 'zod';
import {
  AUDIT_RETENTION_LIMITS,
  JOB_OPTION_LIMITS,
  JOB_TARGET_SORT_KEYS,
  JOB_TYPES,
  MAX_JOB_NAME_LENGTH,
  MAX_JOB_TARGETS,
  MAX_JOB_TARGET_PAGE,
  TARGET_STATES,
  WEEKDAYS,
  auditRetentionRangeWords,
  jobOptionRangeWords,
  type AuditRetention,
  type JobOptions,
  type JobSchedule,
  type JobSpec,
  type LimitedJobOption,
} from '../domain';
import { IPC_LIMITS } from './limits';

function wholeNumberIn(min: number, max: number, words: string) {
  return z.number({ error: words }).int({ error: words }).min(min, { error: words }).max(max, { error: words });
}

function limited(option: LimitedJobOption) {
  const { min, max } = JOB_OPTION_LIMITS[option];
  return wholeNumberIn(min, max, jobOptionRangeWords(option));
}

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_WORDS = 'Time must be HH:MM (24 hours), for example 02:00.';

export const jobOptionsSchema = z
  .object({
    clientControl: z.boolean(),
    wakeOnLanFallback: z.boolean(),
    waitSec: limited('waitSec'),
    retries: limited('retries'),
    retryIntervalSec: limited('retryIntervalSec'),
    shutdownAfter: z.boolean(),
    maxConcurrent: limited('maxConcurrent'),
    maxPerRelay: limited('maxPerRelay'),
    upPort: limited('upPort').nullable(),
  })
  .strict() satisfies z.ZodType<JobOptions>;

export const jobScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('now') }).strict(),
  z
    .object({
      kind: z.literal('at'),
      // Whether it lies in the past is the service's check (it knows the clock); here only the form.
      at: z.iso.datetime({ offset: true, local: true, error: 'Date and time must be a full date and time.' }),
    })
    .strict(),
  z.object({ kind: z.literal('daily'), time: z.string().regex(TIME_OF_DAY, { error: TIME_WORDS }) }).strict(),
  z
    .object({
      kind: z.literal('weekly'),
      days: z.array(z.enum(WEEKDAYS)).min(1, { error: 'Pick at least one day of the week.' }).max(WEEKDAYS.length),
      time: z.string().regex(TIME_OF_DAY, { error: TIME_WORDS }),
    })
    .strict(),
]) satisfies z.ZodType<JobSchedule>;

const jobSpecObject = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, { error: 'A job needs a name.' })
      .max(MAX_JOB_NAME_LENGTH, { error: `A job name has at most ${MAX_JOB_NAME_LENGTH} characters.` }),
    type: z.enum(JOB_TYPES, { error: 'Pick a job type.' }),
    targets: z
      .object({
        clientIds: z.array(id).max(MAX_JOB_TARGETS).optional(),
        relayIds: z.array(id).max(IPC_LIMITS.maxIdsPerRequest).optional(),
        filter: z.string().max(IPC_LIMITS.maxTextLength).optional(),
        hostNames: z.array(z.string().min(1).max(IPC_LIMITS.maxTextLength)).max(MAX_JOB_TARGETS).optional(),
      })
      .strict(),
    schedule: jobScheduleSchema,
    options: jobOptionsSchema.partial().optional(),
  })
  .strict();

/** Compiles only while what the schema accepts is a JobSpec (the ids' brands aside). */
export const JOB_SPEC_MATCHES: Omit<z.output<typeof jobSpecObject>, 'targets'> extends Omit<JobSpec, 'targets'>
  ? true
  : never = true;

/** Typed as JobSpec both ways: callers pass branded, readonly ids; main checks each one exists. */
export const jobSpecSchema = jobSpecObject as unknown as z.ZodType<JobSpec, JobSpec>;

export const jobTargetsQuerySchema = z
  .object({
    runId: id,
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    limit: z.number().int().min(1).max(MAX_JOB_TARGET_PAGE),
    state: z.enum(TARGET_STATES).optional(),
    text: z.string().max(IPC_LIMITS.maxTextLength).optional(),
    sort: z
      .object({ key: z.enum(JOB_TARGET_SORT_KEYS), dir: z.enum(['asc', 'desc']) })
      .strict()
      .optional(),
  })
  .strict();

export const auditRetentionSchema = z
  .object({
    maxAgeDays: wholeNumberIn(
      AUDIT_RETENTION_LIMITS.maxAgeDays.min,
      AUDIT_RETENTION_LIMITS.maxAgeDays.max,
      auditRetentionRangeWords('maxAgeDays'),
    ),
    maxRows: wholeNumberIn(
      AUDIT_RETENTION_LIMITS.maxRows.min,
      AUDIT_RETENTION_LIMITS.maxRows.max,
      auditRetentionRangeWords('maxRows'),
    ),
  })
  .strict() satisfies z.ZodType<AuditRetention>;
