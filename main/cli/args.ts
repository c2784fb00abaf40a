// amtctl's argument parser: a small hand-written one with typed options (issue spec "amtctl").
// Every mistake is an AmtError 'bad-input' with one readable line; amtctl.ts turns it into exit code 2.

import { AmtError, isPowerAction, type PowerAction } from '../../shared/domain';
import type { TlsPolicy } from '../amt/index';

export type CommandName = 'power' | 'info' | 'inventory' | 'boot' | 'hostid' | 'wake' | 'sol' | 'ider' | 'sim' | 'help';
export type PowerVerb = 'status' | PowerAction;
export type BootTarget = 'bios' | 'floppy' | 'cd' | 'pxe';

export const COMMANDS: readonly CommandName[] = [
  'power',
  'info',
  'inventory',
  'boot',
  'hostid',
  'wake',
  'sol',
  'ider',
  'sim',
  'help',
];
/** `amtctl hostid` verbs (mission M4, the product's dcmamtin): initialise, show, clear the host ID in AMT storage. */
export type HostIdVerb = 'init' | 'show' | 'clear';
export const HOST_ID_VERBS: readonly HostIdVerb[] = ['init', 'show', 'clear'];
export const BOOT_TARGETS: readonly BootTarget[] = ['bios', 'floppy', 'cd', 'pxe'];
export const TLS_POLICIES: readonly TlsPolicy[] = ['tls-only', 'tls-then-http', 'http-only'];

/**
 * TLS first; plain HTTP only when nothing answers TLS at all (older firmware without TLS set up).
 * A certificate or pin problem never falls back. `--tls-policy tls-only` forbids HTTP entirely.
 */
export const DEFAULT_TLS_POLICY: TlsPolicy = 'tls-then-http';
export const DEFAULT_CONCURRENCY = 32;
export const MAX_CONCURRENCY = 512;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 180_000; // the product's wait-for-client default (mission M7)
export const MAX_WAIT_TIMEOUT_MS = 1_800_000; // and its upper bound
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_SIM_COUNT = 8;
export const MAX_SIM_COUNT = 1_000;

export interface CliOptions {
  readonly json: boolean;
  readonly user: string | undefined;
  readonly hostsFiles: readonly string[];
  readonly ranges: readonly string[];
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly tlsPolicy: TlsPolicy;
  /** --legacy-tls: allow TLS 1.0/1.1 (AMT 11 and older) for this run's devices; off unless given. */
  readonly legacyTls: boolean;
  readonly pin: string | undefined;
  readonly pinsFile: string | undefined;
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly bootTo: BootTarget | undefined;
  readonly count: number;
  /** sim: first loopback address (one device per address, standard ports); the simulator's default when unset. */
  readonly baseAddress: string | undefined;
  /** sim: multiplies power transition times (1 = like real PCs). */
  readonly timeScale: number | undefined;
  readonly initialPower: SimInitialPower | undefined;
  readonly bios: SimBiosName | undefined;
  readonly wake: WakeOptions;
  readonly sol: SolCliOptions;
  readonly ider: IderCliOptions;
  /** sol/ider: the user's consent code (client control mode) and whether to switch redirection on where it is off. */
  readonly access: RedirectionAccessOptions;
  readonly hostid: HostIdCliOptions;
  readonly help: boolean;
}

/** hostid: the clients as the product's command names them (--file, --host, --ip), and the confirmation for clear. */
export interface HostIdCliOptions {
  readonly files: readonly string[];
  readonly hosts: readonly string[];
  readonly ips: readonly string[];
  readonly yes: boolean;
}

export type SimInitialPower = 'on' | 'soft-off' | 'mixed';
export const SIM_INITIAL_POWER: readonly SimInitialPower[] = ['on', 'soft-off', 'mixed'];
/** `amtctl sim --bios`: the scripted BIOS, or a QEMU VM (SeaBIOS, TCG) behind every device. */
export type SimBiosName = 'script' | 'qemu';
export const SIM_BIOS_NAMES: readonly SimBiosName[] = ['script', 'qemu'];
export const MAX_TIME_SCALE = 100;

/** wake: where the packets go and how (main/wol); the SecureOn password stays as typed until run-cli parses it. */
export interface WakeOptions {
  readonly broadcast: string | undefined;
  readonly ip: string | undefined;
  readonly mask: string | undefined;
  readonly port: number;
  readonly repeatCount: number;
  readonly secureOn: string | undefined;
}
/** sol: one 0x28 message per --send (escapes \e \r \n \t \xHH \\ decoded), then wait for --expect. */
export interface SolCliOptions {
  readonly send: readonly string[];
  readonly expect: string | undefined;
  /** The redirection port; default 16994 (plain) or 16995 (TLS). */
  readonly port: number | undefined;
}

/** ider: one image (floppy or CD), the start mode, and whether to boot the host from it. */
export interface IderCliOptions {
  readonly floppy: string | undefined;
  readonly cd: string | undefined;
  readonly start: IderStartModeName;
  readonly boot: boolean;
}
export type IderStartModeName = 'now' | 'graceful' | 'reboot';

/** sol/ider: --consent-code CODE (6 digits the user reads from the PC's screen), --enable-redirection. */
export interface RedirectionAccessOptions {
  readonly consentCode: string | undefined;
  readonly enableRedirection: boolean;
}
/** The code AMT shows on the PC's screen in client control mode (amt-protocols.md §2.8). */
const CONSENT_CODE_TEXT = /^\d{6}$/;
export const IDER_START_MODE_NAMES: readonly IderStartModeName[] = ['now', 'graceful', 'reboot'];
/** Enabled right away: the host sees the drives at once (a reboot or --boot then boots from them). */
export const DEFAULT_IDER_START: IderStartModeName = 'now';

export const DEFAULT_WOL_PORT = 9;
export const DEFAULT_WOL_REPEAT = 3;
export const MAX_WOL_REPEAT = 10;

export interface ParsedArgs {
  readonly command: CommandName;
  /** power only: the verb after `power`. */
  readonly powerVerb: PowerVerb | undefined;
  /** hostid only: the verb after `hostid`. */
  readonly hostIdVerb?: HostIdVerb | undefined;
  /** Host arguments as typed (host, host:port, IPv4). */
  readonly hosts: readonly string[];
  readonly options: CliOptions;
}

type OptionKind = 'flag' | 'value';
interface OptionSpec {
  readonly kind: OptionKind;
  readonly repeatable?: boolean;
  /** Commands that accept it; undefined means every command. */
  readonly commands?: readonly CommandName[];
}

const HOST_COMMANDS: readonly CommandName[] = ['power', 'info', 'inventory', 'boot', 'hostid'];

// One table of every option: what it takes and where it is allowed.
const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = {
  json: { kind: 'flag', commands: [...HOST_COMMANDS, 'wake', 'sim', 'ider'] },
  help: { kind: 'flag' },
  user: { kind: 'value', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  'hosts-file': { kind: 'value', repeatable: true, commands: [...HOST_COMMANDS, 'wake'] },
  range: { kind: 'value', repeatable: true, commands: HOST_COMMANDS },
  concurrency: { kind: 'value', commands: [...HOST_COMMANDS, 'wake'] },
  timeout: { kind: 'value', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  'tls-policy': { kind: 'value', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  'legacy-tls': { kind: 'flag', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  pin: { kind: 'value', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  'pins-file': { kind: 'value', commands: [...HOST_COMMANDS, 'sol', 'ider'] },
  wait: { kind: 'flag', commands: ['power'] },
  'wait-timeout': { kind: 'value', commands: ['power'] },
  'poll-interval': { kind: 'value', commands: ['power'] },
  to: { kind: 'value', commands: ['boot'] },
  count: { kind: 'value', commands: ['sim'] },
  'base-address': { kind: 'value', commands: ['sim'] },
  'time-scale': { kind: 'value', commands: ['sim'] },
  'initial-power': { kind: 'value', commands: ['sim'] },
  bios: { kind: 'value', commands: ['sim'] },
  broadcast: { kind: 'value', commands: ['wake'] },
  ip: { kind: 'value', repeatable: true, commands: ['wake', 'hostid'] },
  host: { kind: 'value', repeatable: true, commands: ['hostid'] },
  file: { kind: 'value', repeatable: true, commands: ['hostid'] },
  yes: { kind: 'flag', commands: ['hostid'] },
  mask: { kind: 'value', commands: ['wake'] },
  port: { kind: 'value', commands: ['wake', 'sol', 'ider'] },
  floppy: { kind: 'value', commands: ['ider'] },
  cd: { kind: 'value', commands: ['ider'] },
  start: { kind: 'value', commands: ['ider'] },
  boot: { kind: 'flag', commands: ['ider'] },
  send: { kind: 'value', repeatable: true, commands: ['sol'] },
  expect: { kind: 'value', commands: ['sol'] },
  'consent-code': { kind: 'value', commands: ['sol', 'ider'] },
  'enable-redirection': { kind: 'flag', commands: ['sol', 'ider'] },
  secureon: { kind: 'value', commands: ['wake'] },
  repeat: { kind: 'value', commands: ['wake'] },
};

const SHORT_ALIASES: Readonly<Record<string, string>> = { h: 'help', j: 'json', u: 'user', f: 'hosts-file' };

function usage(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** Parses argv (without node and the script). Throws AmtError 'bad-input' on any mistake. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const alias = SHORT_ALIASES[arg.slice(1)];
      if (alias === undefined) throw usage(`unknown option ${arg}`);
      name = alias;
    }
    const spec = OPTION_SPECS[name];
    if (spec === undefined) throw usage(`unknown option --${name}`);
    let value: string;
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw usage(`option --${name} takes no value`);
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw usage(`option --${name} needs a value`);
      value = next;
      i++;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable && spec.kind === 'value') throw usage(`option --${name} given twice`);
    list.push(value);
    values.set(name, list);
  }

  const help = values.has('help');
  const commandWord = positionals.shift();
  if (commandWord === undefined) {
    if (help) return { command: 'help', powerVerb: undefined, hosts: [], options: buildOptions(values) };
    throw usage('no command given');
  }
  if (!(COMMANDS as readonly string[]).includes(commandWord)) throw usage(`unknown command '${commandWord}'`);
  const command = commandWord as CommandName;

  for (const name of values.keys()) {
    const allowed = OPTION_SPECS[name]?.commands;
    if (allowed && !allowed.includes(command)) throw usage(`option --${name} does not apply to '${command}'`);
  }

  let powerVerb: PowerVerb | undefined;
  if (command === 'power' && !help) {
    const verb = positionals.shift();
    if (verb === undefined) throw usage(`'power' needs an action: status, ${Object.keys(POWER_VERB_HELP).join(', ')}`);
    if (verb !== 'status' && !isPowerAction(verb)) throw usage(`unknown power action '${verb}'`);
    powerVerb = verb;
  }
  let hostIdVerb: HostIdVerb | undefined;
  if (command === 'hostid' && !help) {
    const verb = positionals.shift();
    if (verb === undefined || !(HOST_ID_VERBS as readonly string[]).includes(verb)) {
      throw usage(`'hostid' needs ${HOST_ID_VERBS.join(', ')} (got ${verb === undefined ? 'nothing' : `'${verb}'`})`);
    }
    hostIdVerb = verb as HostIdVerb;
  }
  if ((command === 'sim' || command === 'help') && positionals.length > 0) {
    throw usage(`'${command}' takes no host arguments (got '${positionals[0]}')`);
  }
  const options = buildOptions(values);
  if (command === 'sol' && !help && positionals.length !== 1)
    throw usage(`'sol' takes exactly one host (got ${positionals.length})`);
  if (command === 'ider' && !help) {
    if (positionals.length !== 1) throw usage(`'ider' takes exactly one host (got ${positionals.length})`);
    const { floppy, cd } = options.ider;
    if ((floppy === undefined) === (cd === undefined))
      throw usage(`'ider' needs exactly one image: --floppy IMG or --cd ISO`);
  }
  if (command === 'boot' && !help && options.bootTo === undefined)
    throw usage(`'boot' needs --to ${BOOT_TARGETS.join('|')}`);
  if (command === 'power' && powerVerb === 'status' && options.wait)
    throw usage(`--wait applies to power actions, not 'status'`);
  if (command === 'wake' && (values.get('ip')?.length ?? 0) > 1) throw usage(`option --ip given twice`);
  if (hostIdVerb !== undefined) checkHostIdArgs(hostIdVerb, positionals, options);
  return { command, powerVerb, hostIdVerb, hosts: positionals, options };
}

function checkHostIdArgs(verb: HostIdVerb, positionals: readonly string[], options: CliOptions): void {
  const { hostid } = options;
  if (verb === 'init') {
    const sources =
      hostid.files.length +
      hostid.hosts.length +
      hostid.ips.length +
      positionals.length +
      options.hostsFiles.length +
      options.ranges.length;
    if (sources === 0) throw usage(`'hostid init' needs the clients: --file F, --host H... or --ip A...`);
    for (const ip of hostid.ips)
      if (!/^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(ip)) throw usage(`--ip needs an IPv4 address (got '${ip}')`);
    if (hostid.yes) throw usage(`--yes applies to 'hostid clear'`);
    return;
  }
  if (positionals.length !== 1 || hostid.files.length + hostid.hosts.length + hostid.ips.length > 0) {
    throw usage(
      `'hostid ${verb}' takes exactly one HOST (got ${positionals.length + hostid.hosts.length + hostid.ips.length})`,
    );
  }
  if (verb === 'clear' && !hostid.yes) {
    throw usage(`'hostid clear' deletes the host ID from ${positionals[0]}'s AMT storage; add --yes to confirm`);
  }
  if (verb === 'show' && hostid.yes) throw usage(`--yes applies to 'hostid clear'`);
}

/** Words for the power actions amtctl offers (the verbs map 1:1 onto POWER_ACTIONS). */
export const POWER_VERB_HELP: Readonly<Record<PowerAction, string>> = {
  on: 'power on',
  off: 'hard power off',
  'soft-off': 'graceful OS shutdown',
  reset: 'hard reset',
  'graceful-reset': 'graceful OS restart',
  cycle: 'power cycle',
  sleep: 'sleep (S3)',
  hibernate: 'hibernate (S4)',
};

function buildOptions(values: Map<string, string[]>): CliOptions {
  const one = (name: string): string | undefined => values.get(name)?.[0];
  const tlsPolicyText = one('tls-policy');
  if (tlsPolicyText !== undefined && !(TLS_POLICIES as readonly string[]).includes(tlsPolicyText)) {
    throw usage(`--tls-policy must be one of ${TLS_POLICIES.join(', ')} (got '${tlsPolicyText}')`);
  }
  const toText = one('to');
  if (toText !== undefined && !(BOOT_TARGETS as readonly string[]).includes(toText)) {
    throw usage(`--to must be one of ${BOOT_TARGETS.join(', ')} (got '${toText}')`);
  }
  const baseAddress = one('base-address');
  if (baseAddress !== undefined && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(baseAddress)) {
    throw usage(`--base-address must be a loopback IPv4 address in 127.0.0.0/8 (got '${baseAddress}')`);
  }
  const bios = one('bios');
  if (bios !== undefined && !(SIM_BIOS_NAMES as readonly string[]).includes(bios)) {
    throw usage(`--bios must be one of ${SIM_BIOS_NAMES.join(', ')} (got '${bios}')`);
  }
  const initialPower = one('initial-power');
  if (initialPower !== undefined && !(SIM_INITIAL_POWER as readonly string[]).includes(initialPower)) {
    throw usage(`--initial-power must be one of ${SIM_INITIAL_POWER.join(', ')} (got '${initialPower}')`);
  }
  const timeScaleText = one('time-scale');
  const timeScale = timeScaleText === undefined ? undefined : Number(timeScaleText);
  if (timeScale !== undefined && !(/^\d+(\.\d+)?$/.test(timeScaleText ?? '') && timeScale <= MAX_TIME_SCALE)) {
    throw usage(`--time-scale must be a number from 0 to ${MAX_TIME_SCALE} (got '${timeScaleText}')`);
  }
  const user = one('user');
  if (user !== undefined && user.length === 0) throw usage('--user must not be empty');
  const start = one('start');
  if (start !== undefined && !(IDER_START_MODE_NAMES as readonly string[]).includes(start)) {
    throw usage(`--start must be one of ${IDER_START_MODE_NAMES.join(', ')} (got '${start}')`);
  }
  for (const name of ['floppy', 'cd']) if (one(name) === '') throw usage(`--${name} needs a file name`);
  const consentCode = one('consent-code');
  if (consentCode !== undefined && !CONSENT_CODE_TEXT.test(consentCode)) {
    throw usage(`--consent-code must be the 6 digits shown on the PC's screen (got '${consentCode}')`);
  }
  return {
    json: values.has('json'),
    help: values.has('help'),
    user,
    hostsFiles: values.get('hosts-file') ?? [],
    ranges: values.get('range') ?? [],
    concurrency: intOption('concurrency', one('concurrency'), DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
    timeoutMs: intOption('timeout', one('timeout'), DEFAULT_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
    tlsPolicy: (tlsPolicyText as TlsPolicy | undefined) ?? DEFAULT_TLS_POLICY,
    legacyTls: values.has('legacy-tls'),
    pin: one('pin'),
    pinsFile: one('pins-file'),
    wait: values.has('wait'),
    waitTimeoutMs: intOption('wait-timeout', one('wait-timeout'), DEFAULT_WAIT_TIMEOUT_MS, 1, MAX_WAIT_TIMEOUT_MS),
    pollIntervalMs: intOption('poll-interval', one('poll-interval'), DEFAULT_POLL_INTERVAL_MS, 10, 60_000),
    bootTo: toText as BootTarget | undefined,
    count: intOption('count', one('count'), DEFAULT_SIM_COUNT, 1, MAX_SIM_COUNT),
    baseAddress,
    timeScale,
    initialPower: initialPower as SimInitialPower | undefined,
    bios: bios as SimBiosName | undefined,
    wake: {
      broadcast: one('broadcast'),
      ip: one('ip'),
      mask: one('mask'),
      port: intOption('port', one('port'), DEFAULT_WOL_PORT, 1, 65_535),
      repeatCount: intOption('repeat', one('repeat'), DEFAULT_WOL_REPEAT, 1, MAX_WOL_REPEAT),
      secureOn: one('secureon'),
    },
    hostid: {
      files: values.get('file') ?? [],
      hosts: values.get('host') ?? [],
      ips: values.get('ip') ?? [],
      yes: values.has('yes'),
    },
    access: { consentCode, enableRedirection: values.has('enable-redirection') },
    ider: {
      floppy: one('floppy'),
      cd: one('cd'),
      start: (start as IderStartModeName | undefined) ?? DEFAULT_IDER_START,
      boot: values.has('boot'),
    },
    sol: {
      send: values.get('send') ?? [],
      expect: one('expect'),
      port: one('port') === undefined ? undefined : intOption('port', one('port'), 0, 1, 65_535),
    },
  };
}

function intOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw usage(`--${name} needs a whole number (got '${text}')`);
  const value = Number(text);
  if (value < min || value > max) throw usage(`--${name} must be between ${min} and ${max} (got ${text})`);
  return value;
}
