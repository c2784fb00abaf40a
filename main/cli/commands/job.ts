// `amtctl job create|list|show|cancel|retry|run|defaults --data DIR` (issue 7 item 6): the console's own jobs, store
// and scheduler code over its data folder. Exit codes a script can use:
//   0 done (every target of the job done), 1 some target failed or was cancelled, 2 bad input (the field is
//   named), 3 the job, the data folder or the scheduler is not available (not found, another scheduler runs).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JOB_OPTION_WORDS,
  TARGET_STATE_LABEL,
  type JobId,
  type JobOptions,
  type JobSpec,
  type JobSummary,
  type LimitedJobOption,
} from '../../../shared/domain';
import { FilePinStore, TransportPool } from '../../amt/index';
import {
  createJobService,
  hostNamesFromCsv,
  isJobError,
  isJobSpecError,
  JobSpecError,
  scheduleWords,
  storeJobDeps,
  TARGETS_CSV_FIELD,
  type JobService,
} from '../../jobs/index';
import {
  dataFolderKeyProvider,
  databasePath,
  isStoreError,
  openStore,
  PIN_FILE_NAME,
  type Store,
} from '../../store/index';
import { parseJobArgs, type JobArgs } from '../job-args';
import { formatTable, jsonLine } from '../output';

export const JOB_EXIT_OK = 0;
export const JOB_EXIT_TARGETS_FAILED = 1;
export const JOB_EXIT_BAD_INPUT = 2;
export const JOB_EXIT_UNAVAILABLE = 3;

export interface JobCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stopSignal: () => Promise<string>;
  /** The status line rewritten in place (the CLI's statusLine); given only when stderr is a terminal. */
  readonly statusLine?: (text: string) => void;
}

const AMT_TIMEOUT_MS = 10_000;
/** `--wait` and `run --until-idle` look this often whether the work is over. */
const WAIT_POLL_MS = 200;

function actorOf(env: JobCliIo['env']): string {
  return `${env['USER'] ?? env['USERNAME'] ?? 'amtctl'} (amtctl)`;
}

function specOf(args: JobArgs): JobSpec {
  const hostNames = [...args.clients];
  if (args.targetsCsv !== undefined) {
    let text: string;
    try {
      text = readFileSync(args.targetsCsv, 'utf8');
    } catch (error) {
      throw new JobSpecError(
        TARGETS_CSV_FIELD,
        `Cannot read ${args.targetsCsv}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
      );
    }
    hostNames.push(...hostNamesFromCsv(text));
  }
  return {
    name: args.name ?? '',
    type: args.type ?? ('' as JobSpec['type']),
    targets: {
      ...(hostNames.length > 0 ? { hostNames } : {}),
      ...(args.clientIds.length > 0 ? { clientIds: args.clientIds as JobSpec['targets']['clientIds'] } : {}),
      ...(args.relayIds.length > 0 ? { relayIds: args.relayIds as JobSpec['targets']['relayIds'] } : {}),
      ...(args.filter !== undefined ? { filter: args.filter } : {}),
    },
    schedule: args.schedule,
    options: args.options,
  };
}

function countsWords(s: JobSummary): string {
  const c = s.counts;
  return `${c.done} done, ${c.failed} failed, ${c.running} running, ${c.waiting} waiting, ${c.cancelled} cancelled of ${c.total}`;
}

function summaryLines(s: JobSummary): string {
  const lines = [
    `job ${s.id} "${s.name}" (${s.type}), ${s.status}, ${scheduleWords(s.schedule)}`,
    `  ${countsWords(s)}`,
  ];
  if (s.nextRunAt !== null) lines.push(`  next run ${s.nextRunAt}`);
  if (s.latestRunMissedAt !== null)
    lines.push(
      `  the latest run was due at ${s.latestRunMissedAt} while the console was not running; it ran at ${s.latestRunStartedAt}`,
    );
  return lines.join('\n');
}

/** The job defaults as a person reads them: one option per line, its value and unit. */
function defaultsLines(d: JobOptions): string {
  const yesNo = (on: boolean): string => (on ? 'on' : 'off');
  const limited = (key: LimitedJobOption, value: number | null): [string, string] => {
    const { label, unit } = JOB_OPTION_WORDS[key];
    return [label, value === null ? 'none (AMT S0 is enough)' : `${value}${unit === '' ? '' : ` ${unit}`}`];
  };
  return formatTable(
    ['OPTION', 'DEFAULT'],
    [
      ['Client control', yesNo(d.clientControl)],
      ['Wake-on-LAN fallback', yesNo(d.wakeOnLanFallback)],
      ['Shut down afterwards', yesNo(d.shutdownAfter)],
      limited('waitSec', d.waitSec),
      limited('retries', d.retries),
      limited('retryIntervalSec', d.retryIntervalSec),
      limited('maxConcurrent', d.maxConcurrent),
      limited('maxPerRelay', d.maxPerRelay),
      limited('upPort', d.upPort),
    ],
  );
}

function exitFor(s: JobSummary): number {
  return s.counts.failed + s.counts.cancelled > 0 ? JOB_EXIT_TARGETS_FAILED : JOB_EXIT_OK;
}

interface Opened {
  readonly store: Store;
  readonly service: JobService;
  readonly pool: TransportPool;
  close(): Promise<void>;
}

function open(args: JobArgs, io: JobCliIo): Opened {
  const store = openStore(databasePath(args.data), { keyProvider: dataFolderKeyProvider(args.data, io.env) });
  const pool = new TransportPool();
  const service = createJobService({
    ...storeJobDeps({
      store,
      pool,
      pins: new FilePinStore(join(args.data, PIN_FILE_NAME)),
      tlsPolicy: args.tlsPolicy,
      amtTimeoutMs: AMT_TIMEOUT_MS,
      ...(args.wolPort === undefined ? {} : { wolPort: args.wolPort }),
      // Routed networks and loopback tests: the packet goes to the client's own address, not its subnet's broadcast.
      ...(args.wolToClient ? { wolDestination: (device) => ({ kind: 'address' as const, address: device.ip }) } : {}),
    }),
    ...(args.pollMs === undefined ? {} : { pollIntervalMs: args.pollMs }),
    log: (line) => io.err(`amtctl: ${line}`),
  });
  return {
    store,
    service,
    pool,
    async close() {
      await service.stop();
      pool.closeAll();
      store.close();
    },
  };
}

/** Runs the scheduler until the job has ended (or, without a job, until nothing is queued), or a stop signal. */
async function runScheduler(
  opened: Opened,
  io: JobCliIo,
  jobId: JobId | undefined,
  forever: boolean,
): Promise<JobSummary | undefined> {
  const { service } = opened;
  await service.start();
  let stopped = false;
  void io.stopSignal().then(() => {
    stopped = true;
  });
  // Bounded by the stop signal or the job's end; a run forever (`job run`) ends only by signal.
  for (;;) {
    if (stopped) break;
    if (jobId !== undefined) {
      const s = await service.get(jobId);
      io.statusLine?.(`job ${s.id}: ${countsWords(s)}`);
      // The counts are read after the status: all final and not running means the run really ended.
      const settled = s.latestRunId !== null && s.counts.waiting + s.counts.running === 0 && s.status !== 'running';
      if (settled || s.status === 'cancelled') return s;
    } else if (!forever) {
      let idle = false;
      await Promise.race([service.idle().then(() => (idle = true)), new Promise((r) => setTimeout(r, WAIT_POLL_MS))]);
      if (idle) break;
      continue;
    }
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
  return jobId === undefined ? undefined : service.get(jobId);
}

export async function runJobCommand(argv: readonly string[], io: JobCliIo): Promise<number> {
  let args: JobArgs;
  let spec: JobSpec | undefined;
  try {
    args = parseJobArgs(argv);
    if (args.verb === 'create') spec = specOf(args);
  } catch (error) {
    if (isJobSpecError(error)) {
      io.err(`amtctl job: ${error.field}: ${error.message}`);
      return JOB_EXIT_BAD_INPUT;
    }
    throw error;
  }
  let opened: Opened;
  try {
    opened = open(args, io);
  } catch (error) {
    if (isStoreError(error)) {
      io.err(`amtctl job: ${error.message}`);
      return JOB_EXIT_UNAVAILABLE;
    }
    throw error;
  }
  const { service } = opened;
  const actor = actorOf(io.env);
  try {
    switch (args.verb) {
      case 'create': {
        const created = await service.create(spec as JobSpec, actor);
        if (!args.wait) {
          io.out(args.json ? jsonLine({ ...created }) : summaryLines(created));
          return JOB_EXIT_OK;
        }
        const ended = (await runScheduler(opened, io, created.id, false)) ?? created;
        io.out(args.json ? jsonLine({ ...ended }) : summaryLines(ended));
        return exitFor(ended);
      }
      case 'list': {
        const all = await service.list();
        if (args.json) for (const s of all) io.out(jsonLine({ ...s }));
        else
          io.out(
            formatTable(
              ['ID', 'NAME', 'TYPE', 'STATUS', 'SCHEDULE', 'PROGRESS'],
              all.map((s) => [String(s.id), s.name, s.type, s.status, scheduleWords(s.schedule), countsWords(s)]),
            ),
          );
        return JOB_EXIT_OK;
      }
      case 'show': {
        const s = await service.get(args.id as JobId);
        if (args.csv) {
          io.out((await service.exportCsv(s.id)).trimEnd());
          return exitFor(s);
        }
        const rows =
          s.latestRunId === null ? [] : (await service.targets(s.latestRunId, { offset: 0, limit: 1_000 })).rows;
        if (args.json) {
          io.out(jsonLine({ ...s }));
          for (const t of rows) io.out(jsonLine({ ...t }));
        } else {
          io.out(summaryLines(s));
          io.out(
            formatTable(
              ['HOST', 'STATE', 'ATTEMPT', 'WAKE', 'REASON'],
              rows.map((t) => [
                t.hostName,
                TARGET_STATE_LABEL[t.state],
                String(t.attempt),
                t.wakeMethod ?? '',
                t.reason ?? '',
              ]),
            ),
          );
        }
        return exitFor(s);
      }
      case 'cancel': {
        const s = await service.cancel(args.id as JobId, actor);
        io.out(args.json ? jsonLine({ ...s }) : summaryLines(s));
        return JOB_EXIT_OK;
      }
      case 'retry': {
        const s = await service.retryFailed(args.id as JobId, actor);
        const ended = args.wait ? ((await runScheduler(opened, io, s.id, false)) ?? s) : s;
        io.out(args.json ? jsonLine({ ...ended }) : summaryLines(ended));
        return args.wait ? exitFor(ended) : JOB_EXIT_OK;
      }
      case 'run':
        await runScheduler(opened, io, undefined, !args.untilIdle);
        return JOB_EXIT_OK;
      case 'defaults': {
        // With option flags, the settings' job defaults change (checked like a job's, audited); then they are shown.
        if (Object.keys(args.options).length > 0) await service.setDefaults(args.options, actor);
        const defaults = await service.defaults();
        io.out(args.json ? jsonLine({ ...defaults }) : defaultsLines(defaults));
        return JOB_EXIT_OK;
      }
    }
  } catch (error) {
    if (isJobSpecError(error)) {
      io.err(`amtctl job: ${error.field}: ${error.message}`);
      return JOB_EXIT_BAD_INPUT;
    }
    if (isJobError(error)) {
      io.err(`amtctl job: ${error.message}`);
      return JOB_EXIT_UNAVAILABLE;
    }
    throw error;
  } finally {
    await opened.close();
  }
}
