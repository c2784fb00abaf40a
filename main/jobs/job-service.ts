// The jobs service (mission M1, M7): create, list, cancel and retry jobs; the scheduler that starts due runs
// (a run missed while the console was closed runs at start and says so), works targets through
// target-runner.ts within the job's limits, resumes persisted work after a restart, and batches progress.

import {
  FINAL_TARGET_STATES,
  JOB_TARGET_SORT_KEYS,
  MAX_JOB_TARGET_PAGE,
  TARGET_STATES,
  type ClientProblem,
  type JobCounts,
  type JobId,
  type JobOptions,
  type JobProgress,
  type JobRunId,
  type JobSpec,
  type JobSummary,
  type JobTarget,
  type JobTargetPage,
  type JobTargetQuery,
} from '../../shared/domain';
import { systemControlClock, type ControlClock } from '../control/index';
import type { ChannelFor, CollectedInfo, JobDevice } from './device-channel';
import { JobError, JobSpecError } from './job-errors';
import { targetsCsv } from './job-csv';
import { BUILT_IN_JOB_DEFAULTS, checkOptions, withDefaults } from './job-options';
import type { JobRecord, JobRepository, RunRecord, StoredTarget } from './job-repository';
import { localTimeWords, MISSED_AFTER_MS, nextOccurrenceAfter } from './job-schedule';
import { checkJobSpec, type JobFleet } from './job-spec';
import { SchedulerLease, type LeaseOptions } from './scheduler-lease';
import { TargetRunner, type JobAuditEntry } from './target-runner';

export interface JobService {
  /** Validates everything first; nothing is written when any field is wrong. Throws JobSpecError { field }. */
  create(spec: JobSpec, actor: string): Promise<JobSummary>;
  list(): Promise<readonly JobSummary[]>;
  /** Throws JobError 'not-found'. */
  get(id: JobId): Promise<JobSummary>;
  /** One page of a run's targets; throws JobSpecError for a bad query, JobError 'not-found' for an unknown run. */
  targets(runId: JobRunId, query: JobTargetQuery): Promise<JobTargetPage>;
  cancel(id: JobId, actor: string): Promise<JobSummary>;
  /** A new attempt for the failed targets of the latest run; JobError 'bad-state' when there are none. */
  retryFailed(id: JobId, actor: string): Promise<JobSummary>;
  /** The latest run's targets as CSV. */
  exportCsv(id: JobId): Promise<string>;
  /** The settings' job defaults (M7). */
  defaults(): Promise<JobOptions>;
  setDefaults(options: Partial<JobOptions>, actor: string): Promise<JobOptions>;
  /** Batched: at most one call per tick with every job and target that changed since the last. */
  onProgress(listener: (update: JobProgress) => void): () => void;
  /** Resumes persisted work and runs missed occurrences (and says so). */
  start(): Promise<void>;
  /** Stops working; every target keeps its persisted state for the next start. */
  stop(): Promise<void>;
  /** Resolves once no target of any run is queued or in work (tests, `amtctl job run --until-idle`). */
  idle(): Promise<void>;
}

export interface JobServiceDeps {
  readonly repo: JobRepository;
  readonly fleet: JobFleet;
  readonly deviceOf: (clientId: StoredTarget['clientId']) => JobDevice | undefined;
  readonly channelFor: ChannelFor;
  readonly audit: (entry: JobAuditEntry) => void;
  readonly setClientProblem: (clientId: StoredTarget['clientId'], problem: ClientProblem) => void;
  readonly storeInfo: (clientId: StoredTarget['clientId'], info: CollectedInfo) => void;
  readonly clock?: ControlClock;
  /** Progress batching tick. Default 250 ms. */
  readonly progressTickMs?: number;
  /** How often the scheduler looks for due runs and retries. Default 1 s. */
  readonly schedulerTickMs?: number;
  /** Pause between "is it up yet?" checks. Default 5 s. */
  readonly pollIntervalMs?: number;
  readonly log?: (line: string) => void;
  /** One scheduler per data folder (scheduler-lease.ts); absent: no lease (a test's private store). */
  readonly lease?: LeaseOptions;
}

const DEFAULTS_SETTING = 'jobs.defaults';
const CONSOLE_GROUP = 'console';
const ZERO_COUNTS: JobCounts = { total: 0, waiting: 0, running: 0, done: 0, failed: 0, cancelled: 0 };

function keyOf(t: { runId: JobRunId; clientId: number }): string {
  return `${t.runId}/${t.clientId}`;
}

/** The plain JobTarget of a stored one (what leaves main). */
export function publicTarget(t: StoredTarget): JobTarget {
  return {
    runId: t.runId,
    clientId: t.clientId,
    hostName: t.hostName,
    relayId: t.relayId,
    state: t.state,
    attempt: t.attempt,
    wakeMethod: t.wakeMethod,
    wokenByJob: t.wokenByJob,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    reason: t.reason,
    amtError: t.amtError,
  };
}

function checkQuery(query: JobTargetQuery): JobTargetQuery {
  const q = query as unknown as Record<string, unknown>;
  if (typeof q !== 'object' || q === null) throw new JobSpecError('query', 'The query is missing.');
  const whole = (name: 'offset' | 'limit', max: number): number => {
    const v = q[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
      throw new JobSpecError(`query.${name}`, `The ${name} must be a whole number from 0 to ${max}.`);
    return v;
  };
  const offset = whole('offset', Number.MAX_SAFE_INTEGER);
  const limit = whole('limit', MAX_JOB_TARGET_PAGE);
  if (q['state'] !== undefined && !(TARGET_STATES as readonly unknown[]).includes(q['state']))
    throw new JobSpecError('query.state', `There is no target state ${JSON.stringify(q['state'])}.`);
  if (q['text'] !== undefined && typeof q['text'] !== 'string')
    throw new JobSpecError('query.text', 'The filter text must be text.');
  const sort = q['sort'] as JobTargetQuery['sort'] | undefined;
  if (sort !== undefined) {
    if (!(JOB_TARGET_SORT_KEYS as readonly unknown[]).includes(sort?.key))
      throw new JobSpecError('query.sort.key', `The table cannot be sorted by ${JSON.stringify(sort?.key)}.`);
    if (sort.dir !== 'asc' && sort.dir !== 'desc')
      throw new JobSpecError('query.sort.dir', 'The sort direction is asc or desc.');
  }
  return { ...query, offset, limit };
}

interface Active {
  readonly jobId: JobId;
  readonly runId: JobRunId;
  readonly group: string;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

export function createJobService(deps: JobServiceDeps): JobService {
  const clock = deps.clock ?? systemControlClock;
  const log = deps.log ?? (() => undefined);
  const { repo } = deps;
  const progressTickMs = deps.progressTickMs ?? 250;
  const schedulerTickMs = deps.schedulerTickMs ?? 1_000;
  const pollIntervalMs = deps.pollIntervalMs ?? 5_000;
  const nowIso = (): string => new Date(clock.nowMs()).toISOString();

  const jobs = new Map<JobId, JobRecord>();
  const pending = new Map<string, StoredTarget>();
  const active = new Map<string, Active>();
  const listeners = new Set<(update: JobProgress) => void>();
  const changedTargets = new Map<string, JobTarget>();
  const changedJobs = new Set<JobId>();
  const endedJobs = new Set<JobId>();
  const idleWaiters: Array<() => void> = [];
  let started = false;
  let stopping = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let progressTimer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let tickAgain = false;
  const lease = deps.lease === undefined ? undefined : new SchedulerLease(repo, deps.lease, () => clock.nowMs());

  const audit = (entry: JobAuditEntry): void => {
    try {
      deps.audit(entry);
    } catch (error) {
      log(`jobs: the audit entry could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const markChanged = (target: StoredTarget): void => {
    changedTargets.set(keyOf(target), publicTarget(target));
    changedJobs.add(target.jobId);
    scheduleProgress();
  };

  function scheduleProgress(): void {
    if (progressTimer !== undefined || listeners.size === 0) return;
    progressTimer = setTimeout(() => {
      progressTimer = undefined;
      void flushProgress();
    }, progressTickMs);
  }

  async function flushProgress(): Promise<void> {
    if (changedTargets.size === 0 && changedJobs.size === 0 && endedJobs.size === 0) return;
    const targets = [...changedTargets.values()];
    const jobIds = [...changedJobs];
    const ended = [...endedJobs];
    changedTargets.clear();
    changedJobs.clear();
    endedJobs.clear();
    const summaries: JobSummary[] = [];
    for (const id of jobIds) {
      const job = await loadJob(id);
      if (job) summaries.push(await summaryOf(job));
    }
    const update: JobProgress = { jobs: summaries, targets, ended };
    for (const listener of listeners) {
      try {
        listener(update);
      } catch (error) {
        log(`jobs: a progress listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async function loadJob(id: JobId): Promise<JobRecord | undefined> {
    const job = await repo.getJob(id);
    if (job) jobs.set(id, job);
    return job;
  }

  async function requireJob(id: JobId): Promise<JobRecord> {
    const job = typeof id === 'number' ? await loadJob(id) : undefined;
    if (!job) throw new JobError('not-found', `There is no job with id ${String(id)} (it may have been removed).`);
    return job;
  }

  async function summaryOf(job: JobRecord): Promise<JobSummary> {
    const run = await repo.latestRun(job.id);
    let counts: JobCounts;
    if (run) counts = await repo.counts(run.id);
    else {
      const total = await repo.clientCount(job.id);
      counts = {
        ...ZERO_COUNTS,
        total,
        waiting: job.status === 'cancelled' ? 0 : total,
        cancelled: job.status === 'cancelled' ? total : 0,
      };
    }
    return {
      id: job.id,
      name: job.name,
      type: job.type,
      schedule: job.schedule,
      options: job.options,
      status: job.status,
      createdAt: job.createdAt,
      createdBy: job.createdBy,
      nextRunAt: job.nextRunAt,
      latestRunId: run?.id ?? null,
      latestRunStartedAt: run?.startedAt ?? null,
      latestRunMissedAt: run?.missedAt ?? null,
      counts,
    };
  }

  async function defaults(): Promise<JobOptions> {
    const stored = await repo.getSetting(DEFAULTS_SETTING);
    if (stored === undefined) return BUILT_IN_JOB_DEFAULTS;
    try {
      return withDefaults(checkOptions(JSON.parse(stored), 'defaults.'), BUILT_IN_JOB_DEFAULTS);
    } catch {
      log('jobs: the stored job defaults are not valid; the built-in defaults apply');
      return BUILT_IN_JOB_DEFAULTS;
    }
  }

  // --- The scheduler.

  function kick(): void {
    if (!started || stopping) return;
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = tick()
      .catch((error: unknown) =>
        log(`jobs: scheduler tick failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        ticking = undefined;
        if (tickAgain) {
          tickAgain = false;
          kick();
        }
      });
  }

  async function tick(): Promise<void> {
    if (lease && !(await lease.beat())) {
      log('jobs: another scheduler took over this data folder; this one stops working');
      void service.stop();
      return;
    }
    const now = clock.nowMs();
    for (const job of await repo.dueJobs(new Date(now).toISOString())) await startRun(job, now);
    launchReady(now);
    checkIdle();
  }

  async function startRun(job: JobRecord, now: number): Promise<void> {
    const dueMs = Date.parse(job.nextRunAt ?? new Date(now).toISOString());
    const next = nextOccurrenceAfter(job.schedule, now);
    const nextRunAt = next === null ? null : new Date(next).toISOString();
    const previous = await repo.latestRun(job.id);
    if (previous && previous.endedAt === null) {
      // The last occurrence is still working (a daily job over a long night): this one is skipped, and said so.
      await repo.updateJob(job.id, { nextRunAt }, nowIso());
      audit({
        actor: job.createdBy,
        action: 'job:run-skipped',
        target: job.name,
        result: 'failed',
        jobId: job.id,
        detail: `job ${job.id}: the occurrence due at ${localTimeWords(dueMs)} was skipped: the previous run was still working`,
      });
      await loadJob(job.id);
      return;
    }
    const missedAt = now - dueMs > MISSED_AFTER_MS ? new Date(dueMs).toISOString() : null;
    const run = await repo.startRun(
      { jobId: job.id, dueAt: new Date(dueMs).toISOString(), startedAt: new Date(now).toISOString(), missedAt },
      { status: 'running', nextRunAt },
    );
    await loadJob(job.id);
    const missedWords =
      missedAt === null
        ? ''
        : `; it was due at ${localTimeWords(dueMs)} while the console was not running, so it ran at start (${localTimeWords(now)})`;
    audit({
      actor: job.createdBy,
      action: 'job:run-start',
      target: job.name,
      result: 'ok',
      jobId: job.id,
      detail: `job ${job.id} "${job.name}" run ${run.id} started${missedWords}`,
    });
    for (const target of await repo.allTargets(run.id)) {
      pending.set(keyOf(target), target);
      markChanged(target);
    }
    if (run) changedJobs.add(job.id);
    await finishRunIfDone(run);
  }

  function groupOf(target: StoredTarget): string {
    return target.relayId === null ? CONSOLE_GROUP : `relay:${target.relayId}`;
  }

  /** A 0 limit means client control cannot start clients (target-runner.ts); the work is then bounded by the default. */
  function limitOf(value: number, fallback: number): number {
    return value > 0 ? value : fallback;
  }

  function launchReady(now: number): void {
    const perJob = new Map<JobId, number>();
    const perGroup = new Map<string, number>();
    for (const a of active.values()) {
      perJob.set(a.jobId, (perJob.get(a.jobId) ?? 0) + 1);
      const g = `${a.jobId}|${a.group}`;
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
    }
    for (const [key, target] of pending) {
      if (stopping) return;
      const job = jobs.get(target.jobId);
      if (!job || job.status === 'cancelled') {
        pending.delete(key);
        continue;
      }
      if (target.notBefore !== null && Date.parse(target.notBefore) > now) continue;
      const overall = limitOf(job.options.maxConcurrent, BUILT_IN_JOB_DEFAULTS.maxConcurrent);
      const perRelay = limitOf(job.options.maxPerRelay, BUILT_IN_JOB_DEFAULTS.maxPerRelay);
      const g = `${job.id}|${groupOf(target)}`;
      if ((perJob.get(job.id) ?? 0) >= overall || (perGroup.get(g) ?? 0) >= perRelay) continue;
      perJob.set(job.id, (perJob.get(job.id) ?? 0) + 1);
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
      pending.delete(key);
      launch(job, target);
    }
  }

  function launch(job: JobRecord, target: StoredTarget): void {
    const abort = new AbortController();
    const runner = new TargetRunner(
      {
        repo,
        channelFor: deps.channelFor,
        deviceOf: (t) => deps.deviceOf(t.clientId),
        clock,
        audit,
        setClientProblem: (t, problem) => deps.setClientProblem(t.clientId, problem),
        storeInfo: (t, info) => deps.storeInfo(t.clientId, info),
        changed: markChanged,
        pollIntervalMs,
      },
      job,
      abort.signal,
    );
    const key = keyOf(target);
    const done = runner
      .run(target)
      .then(async (final) => {
        active.delete(key);
        if (abort.signal.aborted) return;
        if (final.state === 'queued') pending.set(key, final);
        else if (FINAL_TARGET_STATES.has(final.state)) {
          const run = await repo.getRun(final.runId);
          if (run) await finishRunIfDone(run);
        }
      })
      .catch((error: unknown) => {
        active.delete(key);
        log(`jobs: target ${target.hostName} stopped: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => kick());
    active.set(key, { jobId: job.id, runId: target.runId, group: groupOf(target), abort, done });
  }

  async function finishRunIfDone(run: RunRecord): Promise<void> {
    if (run.endedAt !== null) return;
    for (const a of active.values()) if (a.runId === run.id) return;
    for (const t of pending.values()) if (t.runId === run.id) return;
    const counts = await repo.counts(run.id);
    if (counts.waiting + counts.running > 0) return;
    await repo.endRun(run.id, nowIso());
    const job = await loadJob(run.jobId);
    if (!job) return;
    if (job.status !== 'cancelled')
      await repo.updateJob(job.id, { status: job.nextRunAt === null ? 'done' : 'scheduled' }, nowIso());
    await loadJob(job.id);
    changedJobs.add(job.id);
    endedJobs.add(job.id);
    scheduleProgress();
    const words = `${counts.done} done, ${counts.failed} failed, ${counts.cancelled} cancelled of ${counts.total}`;
    audit({
      actor: job.createdBy,
      action: 'job:run-end',
      target: job.name,
      result: counts.failed > 0 ? 'failed' : 'ok',
      jobId: job.id,
      detail: `job ${job.id} "${job.name}" run ${run.id} ended: ${words}`,
    });
  }

  function checkIdle(): void {
    if (active.size > 0 || pending.size > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function scheduleTicks(): void {
    tickTimer = setInterval(kick, schedulerTickMs);
  }

  const service: JobService = {
    async create(spec, actor) {
      const now = clock.nowMs();
      const checked = checkJobSpec(spec, deps.fleet, await defaults(), now);
      const job = await repo.createJob(
        {
          name: checked.name,
          type: checked.type,
          schedule: checked.schedule,
          options: checked.options,
          selection: checked.selection,
          status: 'scheduled',
          nextRunAt: new Date(checked.firstRunMs).toISOString(),
          createdAt: new Date(now).toISOString(),
          createdBy: actor,
        },
        checked.clients,
      );
      jobs.set(job.id, job);
      audit({
        actor,
        action: 'job:create',
        target: job.name,
        result: 'ok',
        jobId: job.id,
        detail: `job ${job.id} "${job.name}" (${job.type}) for ${checked.clients.length} client(s), ${JSON.stringify(job.schedule)}`,
      });
      kick();
      return summaryOf(job);
    },
    async list() {
      const all = await repo.listJobs();
      for (const job of all) jobs.set(job.id, job);
      return Promise.all(all.map(summaryOf));
    },
    async get(id) {
      return summaryOf(await requireJob(id));
    },
    async targets(runId, query) {
      const checked = checkQuery(query);
      if (typeof runId !== 'number' || (await repo.getRun(runId)) === undefined)
        throw new JobError('not-found', `There is no run with id ${String(runId)}.`);
      const page = await repo.queryTargets(runId, checked);
      return { total: page.total, rows: page.rows.map((r) => publicTarget(r as StoredTarget)) };
    },
    async cancel(id, actor) {
      const job = await requireJob(id);
      if (job.status === 'cancelled') return summaryOf(job);
      await repo.updateJob(id, { status: 'cancelled', nextRunAt: null }, nowIso());
      await loadJob(id);
      const waits: Promise<void>[] = [];
      for (const a of active.values()) {
        if (a.jobId !== id) continue;
        a.abort.abort();
        waits.push(a.done);
      }
      for (const [key, t] of pending) if (t.jobId === id) pending.delete(key);
      const run = await repo.latestRun(id);
      const reason = `cancelled by ${actor} at ${localTimeWords(clock.nowMs())}`;
      if (run) {
        await repo.cancelUnfinished(run.id, reason, nowIso());
        await repo.endRun(run.id, nowIso());
        for (const t of await repo.allTargets(run.id)) if (t.state === 'cancelled') markChanged(t);
      }
      await Promise.all(waits);
      changedJobs.add(id);
      endedJobs.add(id);
      scheduleProgress();
      audit({
        actor,
        action: 'job:cancel',
        target: job.name,
        result: 'ok',
        jobId: id,
        detail: `job ${id} "${job.name}" ${reason}`,
      });
      checkIdle();
      return summaryOf(await requireJob(id));
    },
    async retryFailed(id, actor) {
      const job = await requireJob(id);
      if (job.status === 'cancelled')
        throw new JobError('bad-state', `The job "${job.name}" was cancelled; create a new job to run it again.`);
      const run = await repo.latestRun(id);
      if (!run) throw new JobError('bad-state', `The job "${job.name}" has not run yet.`);
      for (const a of active.values())
        if (a.runId === run.id)
          throw new JobError(
            'bad-state',
            `The job "${job.name}" is still running; retry its failed targets when it has ended.`,
          );
      const n = await repo.requeueFailed(run.id, nowIso());
      if (n === 0) throw new JobError('bad-state', `The latest run of "${job.name}" has no failed targets.`);
      await repo.endRun(run.id, null);
      await repo.updateJob(id, { status: 'running' }, nowIso());
      await loadJob(id);
      for (const t of await repo.allTargets(run.id)) {
        if (t.state !== 'queued') continue;
        pending.set(keyOf(t), t);
        markChanged(t);
      }
      audit({
        actor,
        action: 'job:retry',
        target: job.name,
        result: 'ok',
        jobId: id,
        detail: `job ${id} "${job.name}": ${n} failed target(s) of run ${run.id} queued again`,
      });
      kick();
      return summaryOf(await requireJob(id));
    },
    async exportCsv(id) {
      await requireJob(id);
      const run = await repo.latestRun(id);
      return targetsCsv(run ? (await repo.allTargets(run.id)).map(publicTarget) : []);
    },
    defaults,
    async setDefaults(options, actor) {
      const checked = checkOptions(options, 'defaults.');
      const merged = withDefaults(checked, await defaults());
      await repo.setSetting(DEFAULTS_SETTING, JSON.stringify(merged), nowIso());
      audit({ actor, action: 'job:defaults', target: 'job defaults', result: 'ok', detail: JSON.stringify(merged) });
      return merged;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      await lease?.acquire();
      started = true;
      stopping = false;
      for (const job of await repo.listJobs()) jobs.set(job.id, job);
      const resumed = await repo.unfinishedTargets();
      for (const target of resumed) pending.set(keyOf(target), target);
      const runs = new Set(resumed.map((t) => t.runId));
      for (const runId of runs) {
        const sample = resumed.find((t) => t.runId === runId);
        const job = sample ? jobs.get(sample.jobId) : undefined;
        if (job)
          audit({
            actor: job.createdBy,
            action: 'job:resume',
            target: job.name,
            result: 'ok',
            jobId: job.id,
            detail: `job ${job.id} run ${runId}: ${resumed.filter((t) => t.runId === runId).length} target(s) resumed from their last persisted step`,
          });
      }
      // Runs whose targets all ended while the console was stopping are closed now.
      for (const job of jobs.values()) {
        const run = await repo.latestRun(job.id);
        if (run && run.endedAt === null && !runs.has(run.id)) await finishRunIfDone(run);
      }
      scheduleTicks();
      kick();
    },
    async stop() {
      stopping = true;
      if (tickTimer) clearInterval(tickTimer);
      tickTimer = undefined;
      const waits = [...active.values()].map((a) => {
        a.abort.abort();
        return a.done;
      });
      await Promise.all(waits);
      await ticking;
      if (progressTimer) clearTimeout(progressTimer);
      progressTimer = undefined;
      await flushProgress();
      pending.clear();
      await lease?.release();
      started = false;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
    idle() {
      if (active.size === 0 && pending.size === 0 && !ticking) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
  return service;
}
