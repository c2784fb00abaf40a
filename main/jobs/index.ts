// Public face of client-control jobs (main/jobs, mission M1/M7): the jobs service and scheduler, the
// repository interface (SQLite today), the device channel a relay can implement, and the job types.
// Rung (d): imports main/control, main/fleet, main/amt, main/wol, main/store and shared.

export { createJobService, publicTarget, type JobService, type JobServiceDeps } from './job-service';
export { storeJobDeps, type StoreJobOptions } from './store-job-deps';
export { JobSpecError, JobError, isJobSpecError, isJobError, type JobErrorCode } from './job-errors';
export { BUILT_IN_JOB_DEFAULTS, checkOptions } from './job-options';
export { checkJobSpec, type JobFleet, type CheckedSpec } from './job-spec';
export { hostNamesFromCsv, TARGETS_CSV_FIELD } from './targets-csv';
export { targetsCsv } from './job-csv';
export { nextOccurrenceAfter, firstOccurrence, scheduleWords, localTimeWords, MISSED_AFTER_MS } from './job-schedule';
export { createSqliteJobRepository } from './sqlite-job-repository';
export { createLocalDeviceChannel, type LocalChannelOptions } from './local-device-channel';
export type {
  DeviceChannel,
  ChannelFor,
  ChannelJob,
  JobDevice,
  CollectedInfo,
  MagicPacketSent,
} from './device-channel';
export type {
  JobRepository,
  JobRecord,
  NewJob,
  JobClient,
  RunRecord,
  StoredTarget,
  TargetKey,
  TargetPatch,
  TargetStep,
  ActionRecord,
  JobActionName,
} from './job-repository';
export type { JobAuditEntry } from './target-runner';
export { JOB_TYPE_MODULES, type JobTypeModule, type JobTypeContext, type JobTypeResult } from './types/index';
export { processLease, LEASE_STALE_MS, type LeaseOptions } from './scheduler-lease';
