// Client-control jobs (mission M1, M7): what a job is, what each of its targets goes through, and the
// option ranges the form, the IPC schemas, the CLI and the scheduler all check against. Plain data.

import type { Brand } from './ids';
import type { ClientId, RelayId } from './fleet';
import type { AmtErrorCode } from './errors';

export type JobId = Brand<number, 'JobId'>;
/** One occurrence of a job: a "now" or "at" job has one run, a daily or weekly job one per occurrence. */
export type JobRunId = Brand<number, 'JobRunId'>;

/**
 * The job types of this release. Each is one module behind one interface in main/jobs/types/; a later type
 * (IDE-R diagnostic boot, store host ID, install a package) adds a name here and a file there.
 */
export const JOB_TYPES = ['power-on', 'power-off', 'restart', 'collect-info', 'boot-bios', 'store-host-id'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_TYPE_LABEL: Readonly<Record<JobType, string>> = {
  'power-on': 'Power on',
  'power-off': 'Power off',
  restart: 'Restart',
  'collect-info': 'Collect system information',
  'boot-bios': 'Boot to BIOS setup',
  'store-host-id': 'Store host ID in AMT',
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When a job runs. Times of day are the console machine's local time, "HH:MM" (24 h); `at` is an ISO 8601
 * instant. A run missed while the console was closed runs at the next start and says so.
 */
export type JobSchedule =
  | { readonly kind: 'now' }
  | { readonly kind: 'at'; readonly at: string }
  | { readonly kind: 'daily'; readonly time: string }
  | { readonly kind: 'weekly'; readonly days: readonly Weekday[]; readonly time: string };

/** The ranges of the product's job options (mission M7); one table for the form, the schemas and the CLI. */
export const JOB_OPTION_LIMITS = {
  waitSec: { min: 0, max: 1_800, default: 180 },
  retries: { min: 0, max: 5, default: 3 },
  retryIntervalSec: { min: 0, max: 3_600, default: 120 },
  /** 0 = client control cannot start clients (as in the original product). */
  maxConcurrent: { min: 0, max: 10_000, default: 100 },
  maxPerRelay: { min: 0, max: 10_000, default: 20 },
  upPort: { min: 1, max: 65_535 },
} as const;

export interface JobOptions {
  /** Power clients that are off, asleep or hibernating on first (AMT, then Wake-on-LAN). */
  readonly clientControl: boolean;
  /** Send Wake-on-LAN when AMT cannot be used or fails. */
  readonly wakeOnLanFallback: boolean;
  /** How long to wait for a woken client to come up (0–1800 s, default 180). */
  readonly waitSec: number;
  /** Retries of a whole target (0–5, default 3), never after a wrong password. */
  readonly retries: number;
  readonly retryIntervalSec: number;
  /** Shut the client down afterwards: only clients this job woke; graceful where the OS answers, else AMT off. */
  readonly shutdownAfter: boolean;
  /** Targets in work at once, over the whole job. */
  readonly maxConcurrent: number;
  /** Targets in work at once below one relay (clients directly below the console count as one group). */
  readonly maxPerRelay: number;
  /** "Up" also needs the OS to answer on this TCP port; null: AMT S0 is enough (Wake-on-LAN only: the wait runs out). */
  readonly upPort: number | null;
}

/** What the user picked: clients, whole relay subtrees, or the tree filter's text. Resolved to clients at creation. */
export interface JobTargetSelection {
  readonly clientIds?: readonly ClientId[];
  readonly relayIds?: readonly RelayId[];
  readonly filter?: string;
  /** Clients by host name (a CSV list of targets, the CLI's --client); each must exist. */
  readonly hostNames?: readonly string[];
}

export interface JobSpec {
  readonly name: string;
  readonly type: JobType;
  readonly targets: JobTargetSelection;
  readonly schedule: JobSchedule;
  /** Any option left out comes from the settings' job defaults (M7). */
  readonly options?: Partial<JobOptions>;
}

/**
 * A target's states, persisted before each step is taken. Non-idempotent actions (power-on, reset, shutdown)
 * are recorded as intended before they are sent and as sent after, so a restarted scheduler never repeats one.
 */
export const TARGET_STATES = [
  'queued',
  'checking-power',
  'waking-amt',
  'waking-wol',
  'waiting-up',
  'running',
  'shutting-down',
  'done',
  'failed',
  'cancelled',
] as const;
export type TargetState = (typeof TARGET_STATES)[number];
export const FINAL_TARGET_STATES: ReadonlySet<TargetState> = new Set(['done', 'failed', 'cancelled']);

export const TARGET_STATE_LABEL: Readonly<Record<TargetState, string>> = {
  queued: 'Queued',
  'checking-power': 'Checking power',
  'waking-amt': 'Waking by AMT',
  'waking-wol': 'Waking by Wake-on-LAN',
  'waiting-up': 'Waiting until up',
  running: 'Running',
  'shutting-down': 'Shutting down',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** How the target was brought up: it was on, AMT powered it on, a magic packet woke it, or nothing did. */
export type WakeMethod = 'already-on' | 'amt' | 'wake-on-lan' | 'none';

export interface JobTarget {
  readonly runId: JobRunId;
  readonly clientId: ClientId;
  /** Kept with the target: the client may be renamed or removed later, the result stays readable. */
  readonly hostName: string;
  readonly relayId: RelayId | null;
  readonly state: TargetState;
  /** 1 for the first attempt; a retry of the whole target counts up. */
  readonly attempt: number;
  readonly wakeMethod: WakeMethod | null;
  /** True when this job powered the client on (only those are shut down afterwards). */
  readonly wokenByJob: boolean;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** In words a person understands: what was tried, when, and why it ended so. */
  readonly reason: string | null;
  readonly amtError: AmtErrorCode | null;
}

export type JobStatus = 'scheduled' | 'running' | 'done' | 'cancelled';

export interface JobCounts {
  readonly total: number;
  readonly waiting: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface JobSummary {
  readonly id: JobId;
  readonly name: string;
  readonly type: JobType;
  readonly schedule: JobSchedule;
  readonly options: JobOptions;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The next occurrence (scheduled, daily, weekly); null when none is due. */
  readonly nextRunAt: string | null;
  /** The latest run, the one the counts describe; null before the first. */
  readonly latestRunId: JobRunId | null;
  readonly latestRunStartedAt: string | null;
  /** Set when the latest run started late because the console was not running at its time. */
  readonly latestRunMissedAt: string | null;
  readonly counts: JobCounts;
}

/** Columns the per-target table sorts by (the IPC schema, the service and the CLI share this list). */
export const JOB_TARGET_SORT_KEYS = ['hostName', 'state', 'startedAt', 'endedAt', 'wakeMethod'] as const;
export type JobTargetSortKey = (typeof JOB_TARGET_SORT_KEYS)[number];

/** Most rows one page of a run's targets may ask for (the table is virtualised; it pages). */
export const MAX_JOB_TARGET_PAGE = 1_000;

/** One page of a run's targets: filtered by state and by text (host name or reason), sorted. */
export interface JobTargetQuery {
  readonly offset: number;
  readonly limit: number;
  readonly state?: TargetState;
  readonly text?: string;
  readonly sort?: { readonly key: JobTargetSortKey; readonly dir: 'asc' | 'desc' };
}

export interface JobTargetPage {
  /** Rows matching the filter (not only this page). */
  readonly total: number;
  readonly rows: readonly JobTarget[];
}

/** One batched progress message: every job and target that changed since the last one, and the jobs that ended. */
export interface JobProgress {
  readonly jobs: readonly JobSummary[];
  readonly targets: readonly JobTarget[];
  readonly ended: readonly JobId[];
}

/** Longest job name; the form and the CLI say so. */
export const MAX_JOB_NAME_LENGTH = 200;
/** Most clients one job may target. */
export const MAX_JOB_TARGETS = 20_000;

/** The limited options in words: the form's labels and the IPC schemas' messages (jobs-ui). */
export const JOB_OPTION_WORDS = {
  waitSec: { label: 'Wait time', unit: 'seconds' },
  retries: { label: 'Retries', unit: '' },
  retryIntervalSec: { label: 'Retry interval', unit: 'seconds' },
  maxConcurrent: { label: 'Concurrency', unit: 'targets' },
  maxPerRelay: { label: 'Concurrency per relay', unit: 'targets' },
  upPort: { label: 'OS port', unit: '' },
} as const satisfies Record<keyof typeof JOB_OPTION_LIMITS, { label: string; unit: string }>;

export type LimitedJobOption = keyof typeof JOB_OPTION_LIMITS;

/** "Wait time must be a whole number from 0 to 1800 seconds." */
export function jobOptionRangeWords(option: LimitedJobOption): string {
  const { min, max } = JOB_OPTION_LIMITS[option];
  const { label, unit } = JOB_OPTION_WORDS[option];
  return `${label} must be a whole number from ${min} to ${max}${unit === '' ? '' : ` ${unit}`}.`;
}
