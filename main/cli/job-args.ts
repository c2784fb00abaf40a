// `amtctl job …` arguments: its own small parser (the job verbs share no options with the host commands).
// Every mistake is a JobSpecError naming the option, so the CLI prints it and exits 2.

import {
  JOB_TYPES,
  WEEKDAYS,
  type JobOptions,
  type JobSchedule,
  type JobType,
  type Weekday,
} from '../../shared/domain';
import { JobSpecError } from '../jobs/index';

export const JOB_VERBS = ['create', 'list', 'show', 'cancel', 'retry', 'run', 'defaults'] as const;
export type JobVerb = (typeof JOB_VERBS)[number];

export interface JobArgs {
  readonly verb: JobVerb;
  readonly data: string;
  readonly json: boolean;
  readonly csv: boolean;
  readonly wait: boolean;
  readonly untilIdle: boolean;
  readonly id: number | undefined;
  readonly name: string | undefined;
  readonly type: JobType | undefined;
  readonly clients: readonly string[];
  readonly clientIds: readonly number[];
  readonly relayIds: readonly number[];
  readonly filter: string | undefined;
  readonly targetsCsv: string | undefined;
  readonly schedule: JobSchedule;
  readonly options: Partial<JobOptions>;
  readonly wolPort: number | undefined;
  readonly wolToClient: boolean;
  readonly pollMs: number | undefined;
  readonly tlsPolicy: 'tls-only' | 'tls-then-http' | 'http-only';
}

const NUMBER_OPTIONS: Readonly<Record<string, keyof JobOptions>> = {
  '--wait-sec': 'waitSec',
  '--retries': 'retries',
  '--retry-interval-sec': 'retryIntervalSec',
  '--max-concurrent': 'maxConcurrent',
  '--max-per-relay': 'maxPerRelay',
  '--up-port': 'upPort',
};
const FLAG_OPTIONS: Readonly<Record<string, readonly [keyof JobOptions, boolean]>> = {
  '--no-client-control': ['clientControl', false],
  '--client-control': ['clientControl', true],
  '--no-wol-fallback': ['wakeOnLanFallback', false],
  '--shutdown-after': ['shutdownAfter', true],
  '--no-shutdown-after': ['shutdownAfter', false],
  '--wol-fallback': ['wakeOnLanFallback', true],
};

/** A number as typed: "1801" → 1801; "abc", "1.5" stay as they are so the option check names them. */
function numberOf(text: string): number {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
}

export function parseJobArgs(argv: readonly string[]): JobArgs {
  const verb = argv[0];
  if (!(JOB_VERBS as readonly (string | undefined)[]).includes(verb)) {
    throw new JobSpecError(
      'verb',
      `'amtctl job' needs one of ${JOB_VERBS.join(', ')} (got ${verb === undefined ? 'nothing' : `'${verb}'`}).`,
    );
  }
  let data: string | undefined;
  let json = false;
  let csv = false;
  let wait = false;
  let untilIdle = false;
  let id: number | undefined;
  let name: string | undefined;
  let type: JobType | undefined;
  const clients: string[] = [];
  const clientIds: number[] = [];
  const relayIds: number[] = [];
  let filter: string | undefined;
  let targetsCsv: string | undefined;
  let schedule: JobSchedule = { kind: 'now' };
  const options: Record<string, unknown> = {};
  let wolPort: number | undefined;
  let wolToClient = false;
  let pollMs: number | undefined;
  let tlsPolicy: JobArgs['tlsPolicy'] = 'tls-then-http';
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new JobSpecError(arg, `${arg} needs a value.`);
      return v;
    };
    if (arg in NUMBER_OPTIONS) {
      const key = NUMBER_OPTIONS[arg] as string;
      const text = value();
      const n = numberOf(text);
      options[key] = Number.isNaN(n) ? text : n;
      continue;
    }
    if (arg in FLAG_OPTIONS) {
      const [key, on] = FLAG_OPTIONS[arg] as readonly [string, boolean];
      options[key] = on;
      continue;
    }
    switch (arg) {
      case '--data':
        data = value();
        break;
      case '--json':
        json = true;
        break;
      case '--csv':
        csv = true;
        break;
      case '--wait':
        wait = true;
        break;
      case '--until-idle':
        untilIdle = true;
        break;
      case '--name':
        name = value();
        break;
      case '--type': {
        const t = value();
        if (!(JOB_TYPES as readonly string[]).includes(t))
          throw new JobSpecError('type', `--type is one of ${JOB_TYPES.join(', ')} (got '${t}').`);
        type = t as JobType;
        break;
      }
      case '--client':
        clients.push(value());
        break;
      case '--client-id':
        clientIds.push(numberOf(value()));
        break;
      case '--relay-id':
        relayIds.push(numberOf(value()));
        break;
      case '--filter':
        filter = value();
        break;
      case '--targets-csv':
        targetsCsv = value();
        break;
      case '--at':
        schedule = { kind: 'at', at: value() };
        break;
      case '--daily':
        schedule = { kind: 'daily', time: value() };
        break;
      case '--weekly': {
        // mon,fri@02:00
        const [days = '', time = ''] = value().split('@');
        schedule = { kind: 'weekly', days: days.split(',').filter((d) => d.length > 0) as Weekday[], time };
        if (schedule.days.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) {
          throw new JobSpecError(
            'schedule.days',
            `--weekly takes days (${WEEKDAYS.join(',')}) then @HH:MM, e.g. mon,fri@02:00.`,
          );
        }
        break;
      }
      case '--wol-port':
        wolPort = numberOf(value());
        if (!(Number.isInteger(wolPort) && wolPort >= 1 && wolPort <= 65_535))
          throw new JobSpecError('--wol-port', '--wol-port is a UDP port from 1 to 65535.');
        break;
      case '--wol-to-client':
        wolToClient = true;
        break;
      case '--poll-ms':
        pollMs = numberOf(value());
        if (!(Number.isInteger(pollMs) && pollMs >= 10 && pollMs <= 60_000))
          throw new JobSpecError('--poll-ms', '--poll-ms is from 10 to 60000.');
        break;
      case '--no-up-port':
        // "Up" is AMT S0 alone: no OS port to wait for.
        options['upPort'] = null;
        break;
      case '--tls-policy': {
        const p = value();
        if (p !== 'tls-only' && p !== 'tls-then-http' && p !== 'http-only')
          throw new JobSpecError('--tls-policy', '--tls-policy is tls-only, tls-then-http or http-only.');
        tlsPolicy = p;
        break;
      }
      default:
        if (/^\d+$/.test(arg) && id === undefined) id = Number(arg);
        else throw new JobSpecError(arg, `'${arg}' is not an option of 'amtctl job ${verb}'.`);
    }
  }
  if (data === undefined) throw new JobSpecError('--data', "'amtctl job' needs --data DIR: the console's data folder.");
  if ((verb === 'show' || verb === 'cancel' || verb === 'retry') && id === undefined)
    throw new JobSpecError('id', `'amtctl job ${verb}' needs the job's id.`);
  return {
    verb: verb as JobVerb,
    data,
    json,
    csv,
    wait,
    untilIdle,
    id,
    name,
    type,
    clients,
    clientIds,
    relayIds,
    filter,
    targetsCsv,
    schedule,
    options: options as Partial<JobOptions>,
    wolPort,
    wolToClient,
    pollMs,
    tlsPolicy,
  };
}
