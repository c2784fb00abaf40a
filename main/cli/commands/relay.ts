// `amtctl relay --data DIR [--console HOST:PORT] [--code CODE]` (issue 8): this machine as a relay of a console.
// The first run enrols with the console's one-time code; later runs resume from the data folder (its identity,
// enrolment and work in hand). It prints what happens on stderr (never a credential) and runs until a signal.
// Exit codes: 0 stopped by a signal, 2 bad input (the option is named), 3 refused by the console or a console
// whose certificate is not the pinned one (trying again cannot help).

import { createRelayAgent, readEnrolment, type RelayAgent } from '../../relay/index';
import { parseRelayArgs, RELAY_USAGE, RelayArgsError, type RelayArgs } from '../relay-args';

export const RELAY_EXIT_STOPPED = 0;
export const RELAY_EXIT_BAD_INPUT = 2;
export const RELAY_EXIT_REFUSED = 3;

export interface RelayCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stopSignal: () => Promise<string>;
}

function consoleOf(args: RelayArgs): { host: string; port: number } {
  if (args.console) return args.console;
  let enrolled;
  try {
    enrolled = readEnrolment(args.data);
  } catch (error) {
    throw new RelayArgsError('--data', error instanceof Error ? error.message : String(error));
  }
  if (!enrolled)
    throw new RelayArgsError(
      '--console',
      `${args.data} holds no enrolment yet: give --console HOST:PORT and --code CODE`,
    );
  return { host: enrolled.consoleHost, port: enrolled.consolePort };
}

export async function runRelayCommand(argv: readonly string[], io: RelayCliIo): Promise<number> {
  let args: RelayArgs;
  let consoleAt: { host: string; port: number };
  let agent: RelayAgent;
  try {
    args = parseRelayArgs(argv);
    if (args.help) {
      io.out(RELAY_USAGE);
      return RELAY_EXIT_STOPPED;
    }
    consoleAt = consoleOf(args);
    agent = createRelayAgent({
      dataDir: args.data,
      consoleHost: consoleAt.host,
      consolePort: consoleAt.port,
      subnets: args.subnets,
      tlsPolicy: args.tlsPolicy,
      log: (line) => io.err(line),
      ...(args.code === undefined ? {} : { enrolmentCode: args.code }),
      ...(args.localAddress === undefined ? {} : { localAddress: args.localAddress }),
      ...(args.wolPort === undefined ? {} : { wolPort: args.wolPort }),
      ...(args.wolToClient
        ? { wolDestination: (device: { ip: string }) => ({ kind: 'address' as const, address: device.ip }) }
        : {}),
    });
  } catch (error) {
    if (error instanceof RelayArgsError) {
      io.err(`amtctl relay: ${error.option}: ${error.message}`);
      return RELAY_EXIT_BAD_INPUT;
    }
    io.err(`amtctl relay: ${error instanceof Error ? error.message : String(error)}`);
    return RELAY_EXIT_BAD_INPUT;
  }
  io.err(`relay: certificate ${agent.identity.fingerprint}; console ${consoleAt.host}:${consoleAt.port}`);
  // The first connection's failure is the refusal too; afterwards the agent runs (and reconnects) until stopped.
  agent.start().catch(() => undefined);
  const ended = await Promise.race([
    io.stopSignal().then((signal) => `stopped by ${signal}`),
    agent.refused.then((words) => `refused: ${words}`),
  ]);
  await agent.stop();
  io.err(`relay: ${ended}`);
  return ended.startsWith('refused') ? RELAY_EXIT_REFUSED : RELAY_EXIT_STOPPED;
}
