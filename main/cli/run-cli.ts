// amtctl's whole run as one function over injected I/O: parse, resolve hosts and credentials, dispatch,
// and return 0 (every host succeeded), 1 (some host failed) or 2 (usage error). Issue spec "amtctl".

import { readFileSync } from 'node:fs';
import { AmtError, isAmtError, type CertFingerprint } from '../../shared/domain';
import { FilePinStore, parseFingerprint, type AmtCredentials } from '../amt/index';
import { parseArgs, type ParsedArgs } from './args';
import { bootCommand } from './commands/boot';
import { hostIdCommand } from './commands/hostid';
import { infoCommand } from './commands/info';
import { inventoryCommand } from './commands/inventory';
import { powerActionCommand, powerStatusCommand } from './commands/power';
import { runSim } from './commands/sim';
import { runSol, type SolTerminal } from './commands/sol';
import { runIder } from './commands/ider';
import { describeError } from './error-words';
import { decodeSendText } from './sol-keys';
import { runWake } from './commands/wake';
import { runJobCommand } from './commands/job';
import { runRelayCommand } from './commands/relay';
import { collectHosts, MAX_HOSTS } from './host-sources';
import type { HostCommand } from './host-command';
import { resolveCredentials } from './password';
import type { RedirectionAccess } from './redirection-access';
import { defaultPinsPath } from './pins-path';
import { runHosts } from './run-hosts';
import { FULL_HELP, SHORT_USAGE } from './usage';
import { jsonLine } from './output';
import { collectWakeTargets } from './wake-targets';
import { parseSecureOn } from '../wol/index';

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  /** Writes one line (or block) to stdout. */
  readonly out: (text: string) => void;
  /** Writes one line to stderr. */
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTty: boolean;
  readonly prompt: (question: string) => Promise<string>;
  /** Resolves when the user asks the long-running `sim` to stop (SIGINT/SIGTERM). */
  readonly stopSignal: () => Promise<string>;
  /** Shows how many hosts are done while a table is being gathered; only given when stderr is a terminal. */
  readonly progress?: (done: number, total: number) => void;
  /** The local terminal for `amtctl sol` (stdin/stdout as bytes). */
  readonly terminal?: SolTerminal;
  /** Rewrites one status line in place (`amtctl ider` progress); only given when stderr is a terminal. */
  readonly statusLine?: (text: string) => void;
}

/** `--hosts-file -` reads the host list from stdin (e.g. piped from another tool). */
export const STDIN_PATH = '-';

function readHostsFile(path: string): { path: string; text: string } {
  try {
    if (path === STDIN_PATH) return { path: 'stdin', text: readFileSync(0, 'utf8') };
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AmtError('bad-input', `cannot read hosts file ${path}: ${reason}`);
  }
}

function commandFor(args: ParsedArgs): HostCommand<unknown> {
  const { options } = args;
  switch (args.command) {
    case 'power':
      if (args.powerVerb === 'status' || args.powerVerb === undefined)
        return powerStatusCommand() as HostCommand<unknown>;
      return powerActionCommand(
        args.powerVerb,
        options.wait ? { timeoutMs: options.waitTimeoutMs, pollIntervalMs: options.pollIntervalMs } : undefined,
      ) as HostCommand<unknown>;
    case 'info':
      return infoCommand() as HostCommand<unknown>;
    case 'inventory':
      return inventoryCommand() as HostCommand<unknown>;
    case 'boot':
      if (options.bootTo === undefined) throw new AmtError('bad-input', "'boot' needs --to");
      return bootCommand(options.bootTo) as HostCommand<unknown>;
    case 'hostid':
      if (args.hostIdVerb === undefined) throw new AmtError('bad-input', "'hostid' needs init, show or clear");
      return hostIdCommand(args.hostIdVerb) as HostCommand<unknown>;
    default:
      throw new AmtError('bad-input', `'${args.command}' is not a host command`);
  }
}

/** `amtctl wake`: no device session and no credentials, only UDP datagrams (main/wol). */
async function wakeFromArgs(args: ParsedArgs, io: CliIo): Promise<number> {
  const { options } = args;
  const targets = collectWakeTargets({
    macs: args.hosts,
    hostsFiles: options.hostsFiles.map(readHostsFile),
    destination: options.wake,
    maxTargets: MAX_HOSTS,
  });
  const secureOn = options.wake.secureOn === undefined ? undefined : parseSecureOn(options.wake.secureOn);
  const { failed } = await runWake({
    targets,
    json: options.json,
    concurrency: options.concurrency,
    port: options.wake.port,
    repeatCount: options.wake.repeatCount,
    secureOn,
    write: io.out,
  });
  return failed === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}

/** What sol/ider need to deal with consent and redirection settings over WS-Man at HOST (HOST:PORT). */
function accessOf(
  host: string,
  feature: 'sol' | 'ider',
  args: ParsedArgs,
  io: CliIo,
  credentials: AmtCredentials,
  explicitPin: CertFingerprint | undefined,
): RedirectionAccess {
  const { options } = args;
  return {
    host,
    feature,
    consentCode: options.access.consentCode,
    enableRedirection: options.access.enableRedirection,
    connection: {
      credentials,
      tlsPolicy: options.tlsPolicy,
      pins: new FilePinStore(options.pinsFile ?? defaultPinsPath(io.env)),
      explicitPin,
      timeoutMs: options.timeoutMs,
      ...(options.legacyTls ? { legacyTls: true } : {}),
    },
    prompt: io.stdinIsTty ? io.prompt : undefined,
    err: io.err,
  };
}

/** `amtctl sol HOST`: one device, one SOL session (main/redirect). */
async function solFromArgs(args: ParsedArgs, io: CliIo): Promise<number> {
  const { options } = args;
  const host = args.hosts[0] as string;
  const send = options.sol.send.map(decodeSendText);
  const explicitPin = options.pin === undefined ? undefined : parseFingerprint(options.pin);
  const credentials = await resolveCredentials({
    userOption: options.user,
    env: io.env,
    stdinIsTty: io.stdinIsTty,
    prompt: io.prompt,
  });
  const terminal: SolTerminal = io.terminal ?? {
    input: { on: () => undefined, off: () => undefined, resume: () => undefined, pause: () => undefined },
    write: (bytes) => io.out(Buffer.from(bytes).toString('latin1')),
  };
  try {
    return await runSol({
      host,
      credentials,
      tlsPolicy: options.tlsPolicy,
      legacyTls: options.legacyTls,
      pins: new FilePinStore(options.pinsFile ?? defaultPinsPath(io.env)),
      explicitPin,
      timeoutMs: options.timeoutMs,
      port: options.sol.port,
      send,
      expect: options.sol.expect,
      terminal,
      err: io.err,
      stopSignal: io.stopSignal,
      access: accessOf(host, 'sol', args, io, credentials, explicitPin),
    });
  } catch (error) {
    const report = describeError(error, { host, explicitPin: explicitPin !== undefined }, (text) =>
      text.split(credentials.password).join('***'),
    );
    io.err(`amtctl: ${host}: ${report.words}`);
    return EXIT_SOME_FAILED;
  }
}

/** `amtctl ider HOST --floppy IMG | --cd ISO`: one device, one IDE-R session (main/redirect). */
async function iderFromArgs(args: ParsedArgs, io: CliIo): Promise<number> {
  const { options } = args;
  const host = args.hosts[0] as string;
  const explicitPin = options.pin === undefined ? undefined : parseFingerprint(options.pin);
  const credentials = await resolveCredentials({
    userOption: options.user,
    env: io.env,
    stdinIsTty: io.stdinIsTty,
    prompt: io.prompt,
  });
  const { floppy, cd, start, boot } = options.ider;
  const image =
    cd !== undefined ? { path: cd, kind: 'cd' as const } : { path: floppy as string, kind: 'floppy' as const };
  try {
    return await runIder({
      host,
      image,
      startMode: start,
      boot,
      credentials,
      tlsPolicy: options.tlsPolicy,
      pins: new FilePinStore(options.pinsFile ?? defaultPinsPath(io.env)),
      explicitPin,
      timeoutMs: options.timeoutMs,
      legacyTls: options.legacyTls,
      port: options.sol.port,
      json: options.json,
      out: io.out,
      err: io.err,
      statusLine: options.json ? undefined : io.statusLine,
      stopSignal: io.stopSignal,
      access: accessOf(host, 'ider', args, io, credentials, explicitPin),
    });
  } catch (error) {
    const report = describeError(error, { host, explicitPin: explicitPin !== undefined }, (text) =>
      text.split(credentials.password).join('***'),
    );
    if (options.json)
      io.out(jsonLine({ host, event: 'error', code: report.code, error: report.words, message: report.message }));
    io.err(`amtctl: ${host}: ${report.words}`);
    return EXIT_SOME_FAILED;
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Setup: every mistake here is the user's input (exit 2); nothing has been sent to any device yet.
  let args: ParsedArgs;
  let setup: Parameters<typeof runHosts>[1];
  let command: HostCommand<unknown>;
  // `amtctl job …` has its own verbs and options (main/cli/job-args.ts) and its own exit codes.
  if (argv[0] === 'job') return runJobCommand(argv.slice(1), io);
  // `amtctl relay …` runs this machine as a relay of a console (main/cli/relay-args.ts).
  if (argv[0] === 'relay') return runRelayCommand(argv.slice(1), io);
  try {
    args = parseArgs(argv);
    if (args.command === 'help' || args.options.help) {
      io.out(FULL_HELP);
      return EXIT_OK;
    }
    if (args.command === 'sim') {
      const { count, json, baseAddress, timeScale, initialPower, bios } = args.options;
      return await runSim({
        count,
        json,
        baseAddress,
        timeScale,
        initialPower,
        bios,
        out: io.out,
        err: io.err,
        stopSignal: io.stopSignal,
      });
    }
    if (args.command === 'wake') return await wakeFromArgs(args, io);
    if (args.command === 'sol') return await solFromArgs(args, io);
    if (args.command === 'ider') return await iderFromArgs(args, io);
    const { options } = args;
    // hostid names its clients as the product's command does: --host, --ip and --file beside the usual sources.
    const hosts = collectHosts({
      args: [...args.hosts, ...options.hostid.hosts, ...options.hostid.ips],
      hostsFiles: [...options.hostsFiles, ...options.hostid.files].map(readHostsFile),
      ranges: options.ranges,
    });
    command = commandFor(args);
    const explicitPin = options.pin === undefined ? undefined : parseFingerprint(options.pin);
    // Every AMT device has its own certificate: one fingerprint for many hosts is a mistake, not a shortcut.
    if (explicitPin !== undefined && hosts.length > 1) {
      throw new AmtError(
        'bad-input',
        `--pin names one device's certificate; give exactly one host (got ${hosts.length})`,
      );
    }
    const pins = new FilePinStore(options.pinsFile ?? defaultPinsPath(io.env));
    const credentials = await resolveCredentials({
      userOption: options.user,
      env: io.env,
      // A host list read from stdin used it up: there is nothing left to type a password into.
      stdinIsTty: io.stdinIsTty && !options.hostsFiles.includes(STDIN_PATH),
      prompt: io.prompt,
    });
    setup = {
      hosts,
      json: options.json,
      concurrency: options.concurrency,
      write: io.out,
      ...(io.progress && !options.json ? { progress: io.progress } : {}),
      connection: {
        credentials,
        tlsPolicy: options.tlsPolicy,
        legacyTls: options.legacyTls,
        pins,
        explicitPin,
        timeoutMs: options.timeoutMs,
      },
    };
  } catch (error) {
    if (isAmtError(error) && error.code === 'bad-input') {
      io.err(`amtctl: ${error.message}\n${SHORT_USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const outcome = await runHosts(command, setup);
  return outcome.failed === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}
