// Everything the jobs service keeps goes through this one interface, so a PostgreSQL backend for several
// consoles can be added beside the SQLite one without touching the scheduler. Asynchronous on purpose:
// a network database cannot answer synchronously. Each method is atomic on its own.

import type {
  ClientId,
  JobCounts,
  JobId,
  JobOptions,
  JobRunId,
  JobSchedule,
  JobStatus,
  JobTarget,
  JobTargetPage,
  JobTargetQuery,
  JobTargetSelection,
  JobType,
  RelayId,
  TargetState,
  WakeMethod,
  AmtErrorCode,
} from '../../shared/domain';

export interface JobRecord {
  readonly id: JobId;
  readonly name: string;
  readonly type: JobType;
  readonly schedule: JobSchedule;
  readonly options: JobOptions;
  readonly selection: JobTargetSelection;
  readonly status: JobStatus;
  readonly nextRunAt: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export type NewJob = Omit<JobRecord, 'id'>;

/** A client a job was created for, resolved from the selection at creation. */
export interface JobClient {
  readonly clientId: ClientId;
  readonly hostName: string;
  readonly relayId: RelayId | null;
}

export interface RunRecord {
  readonly id: JobRunId;
  readonly jobId: JobId;
  readonly dueAt: string;
  readonly startedAt: string;
  /** The occurrence's time when it was missed (the console was closed) and run late. */
  readonly missedAt: string | null;
  readonly endedAt: string | null;
}

/**
 * Facts a step leaves for the next one, kept with the target so a restarted scheduler can go on: the end of
 * the wait for "up", where the magic packet went, and what was tried so far (the reason is built from it).
 */
export interface TargetStep {
  /** ISO time the wait for "up" ends (set when the wake was sent; a restart keeps the same deadline). */
  readonly upDeadlineAt?: string;
  /** Where and when the Wake-on-LAN packet went: "192.168.20.255:9" at "02:00:03". */
  readonly wolAddress?: string;
  readonly wolSentAt?: string;
  /** Sentences of what was tried and failed before the current step (joined into the reason). */
  readonly notes?: readonly string[];
  /** Whether AMT can be used for "up" (it answered the power state read). */
  readonly amtAnswered?: boolean;
  /** A power-on left as an intent without outcome by a crash: not sent again, and no retry if it did not arrive. */
  readonly uncertain?: JobActionName;
}

export type TargetKey = { readonly runId: JobRunId; readonly clientId: ClientId };

export interface StoredTarget extends JobTarget {
  readonly jobId: JobId;
  /** A retry of the whole target waits until then. */
  readonly notBefore: string | null;
  readonly step: TargetStep;
}

export interface TargetPatch {
  readonly state?: TargetState;
  readonly attempt?: number;
  readonly wakeMethod?: WakeMethod | null;
  readonly wokenByJob?: boolean;
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
  readonly reason?: string | null;
  readonly amtError?: AmtErrorCode | null;
  readonly notBefore?: string | null;
  readonly step?: TargetStep;
}

/** The non-idempotent actions (and the magic packet, recorded though it is idempotent). */
export type JobActionName = 'power-on' | 'power-off' | 'graceful-off' | 'reset' | 'boot-bios' | 'magic-packet';
export type ActionStatus = 'intent' | 'sent' | 'failed';

export interface ActionRecord {
  readonly id: number;
  readonly action: JobActionName;
  readonly status: ActionStatus;
  readonly intentAt: string;
  readonly outcomeAt: string | null;
  readonly detail: string;
}

export interface JobRepository {
  /** The job and its resolved clients, together or not at all. */
  createJob(job: NewJob, clients: readonly JobClient[]): Promise<JobRecord>;
  getJob(id: JobId): Promise<JobRecord | undefined>;
  listJobs(): Promise<JobRecord[]>;
  updateJob(
    id: JobId,
    patch: { readonly status?: JobStatus; readonly nextRunAt?: string | null },
    updatedAt: string,
  ): Promise<void>;
  /** Jobs not cancelled whose next occurrence is at or before `nowIso`. */
  dueJobs(nowIso: string): Promise<JobRecord[]>;
  jobClients(id: JobId): Promise<JobClient[]>;
  clientCount(id: JobId): Promise<number>;

  /** A run and a queued target per job client, and the job's next occurrence, in one transaction. */
  startRun(
    run: Omit<RunRecord, 'id' | 'endedAt'>,
    next: { readonly status: JobStatus; readonly nextRunAt: string | null },
  ): Promise<RunRecord>;
  getRun(id: JobRunId): Promise<RunRecord | undefined>;
  latestRun(jobId: JobId): Promise<RunRecord | undefined>;
  endRun(id: JobRunId, endedAt: string | null): Promise<void>;
  counts(runId: JobRunId): Promise<JobCounts>;

  /** Every target not yet done, failed or cancelled, of runs whose job is not cancelled. */
  unfinishedTargets(): Promise<StoredTarget[]>;
  getTarget(key: TargetKey): Promise<StoredTarget | undefined>;
  updateTarget(key: TargetKey, patch: TargetPatch, updatedAt: string): Promise<StoredTarget>;
  queryTargets(runId: JobRunId, query: JobTargetQuery): Promise<JobTargetPage>;
  /** Every target of a run, by host name (the CSV export, the CLI's show). */
  allTargets(runId: JobRunId): Promise<StoredTarget[]>;
  /** Puts the failed targets of a run back in the queue with the next attempt number; returns how many. */
  requeueFailed(runId: JobRunId, updatedAt: string): Promise<number>;
  /** Ends every unfinished target of a run as cancelled with this reason; returns the keys it changed. */
  cancelUnfinished(runId: JobRunId, reason: string, at: string): Promise<TargetKey[]>;

  recordIntent(key: TargetKey, attempt: number, action: JobActionName, at: string): Promise<number>;
  recordOutcome(actionId: number, status: Exclude<ActionStatus, 'intent'>, at: string, detail: string): Promise<void>;
  actions(key: TargetKey, attempt: number): Promise<ActionRecord[]>;

  getSetting(name: string): Promise<string | undefined>;
  setSetting(name: string, value: string, at: string): Promise<void>;
  /** Writes `value` only if the setting still holds `expected` (undefined: absent); atomic. True when written. */
  swapSetting(name: string, expected: string | undefined, value: string | undefined, at: string): Promise<boolean>;
}
