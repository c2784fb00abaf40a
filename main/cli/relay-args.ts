// `amtctl relay …` arguments: its own small parser (a relay shares no options with the host commands). Every
// mistake is a RelayArgsError naming the option, so the CLI prints it and exits 2.

export interface RelayArgs {
  readonly data: string;
  /** Where the console listens; may be left out once the data folder holds an enrolment. */
  readonly console: { readonly host: string; readonly port: number } | undefined;
  readonly code: string | undefined;
  readonly subnets: readonly string[];
  readonly localAddress: string | undefined;
  readonly wolPort: number | undefined;
  /** Send each magic packet to the client's own address (networks that drop directed broadcasts; loopback). */
  readonly wolToClient: boolean;
  readonly tlsPolicy: 'tls-only' | 'tls-then-http' | 'http-only';
  readonly help: boolean;
}

export class RelayArgsError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

const TLS_POLICIES = ['tls-only', 'tls-then-http', 'http-only'] as const;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export const RELAY_USAGE = `amtctl relay --data DIR [--console HOST:PORT] [--code CODE] [options]

Runs this machine as a relay of an AMT console: the console's AMT and Wake-on-LAN work for the clients
below this relay is done from here. The first run enrols it with the one-time code the console shows
(--console and --code); later runs need only --data. Stops on Ctrl-C; refused by the console: exit 3.

  --data DIR            the relay's own folder (its key and certificate, enrolment, work in hand)
  --console HOST:PORT   where the console's relay listener is
  --code CODE           the one-time enrolment code shown by the console (first run only)
  --subnet CIDR         a subnet this relay serves, as the console will show it (repeatable)
  --local-address IP    the address to connect to the console from
  --wol-port N          UDP port of magic packets (default 9)
  --wol-to-client       send each magic packet to the client's own address, not the subnet broadcast
  --tls-policy P        tls-only | tls-then-http (default) | http-only, for the AMT devices`;

function port(option: string, text: string | undefined): number {
  const value = text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 65_535))
    throw new RelayArgsError(option, `${option} needs a port from 1 to 65535 (got ${text ?? 'nothing'})`);
  return value;
}

function consoleAddress(text: string | undefined): { host: string; port: number } {
  const at = text?.lastIndexOf(':') ?? -1;
  if (text === undefined || at <= 0)
    throw new RelayArgsError('--console', `--console needs HOST:PORT (got ${text ?? 'nothing'})`);
  return { host: text.slice(0, at).replace(/^\[|\]$/g, ''), port: port('--console', text.slice(at + 1)) };
}

function subnet(text: string | undefined): string {
  const m = text === undefined ? null : CIDR.exec(text);
  const octetsOk = m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  if (!octetsOk)
    throw new RelayArgsError(
      '--subnet',
      `--subnet needs an IPv4 subnet like 192.168.20.0/24 (got ${text ?? 'nothing'})`,
    );
  return text as string;
}

export function parseRelayArgs(argv: readonly string[]): RelayArgs {
  let data: string | undefined;
  let consoleAt: RelayArgs['console'];
  let code: string | undefined;
  let localAddress: string | undefined;
  let wolPort: number | undefined;
  let wolToClient = false;
  let tlsPolicy: RelayArgs['tlsPolicy'] = 'tls-then-http';
  let help = false;
  const subnets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => argv[++i];
    switch (arg) {
      case '--data':
        data = value();
        break;
      case '--console':
        consoleAt = consoleAddress(value());
        break;
      case '--code':
        code = value();
        if (!code || code.replace(/[\s-]/g, '').length === 0)
          throw new RelayArgsError('--code', '--code needs the code the console shows');
        break;
      case '--subnet':
        subnets.push(subnet(value()));
        break;
      case '--local-address':
        localAddress = value();
        break;
      case '--wol-port':
        wolPort = port('--wol-port', value());
        break;
      case '--wol-to-client':
        wolToClient = true;
        break;
      case '--tls-policy': {
        const policy = value();
        if (!(TLS_POLICIES as readonly (string | undefined)[]).includes(policy)) {
          throw new RelayArgsError(
            '--tls-policy',
            `--tls-policy is one of ${TLS_POLICIES.join(', ')} (got ${policy ?? 'nothing'})`,
          );
        }
        tlsPolicy = policy as RelayArgs['tlsPolicy'];
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new RelayArgsError(arg, `unknown option ${arg} (see amtctl relay --help)`);
    }
  }
  if (!help && (data === undefined || data.length === 0))
    throw new RelayArgsError('--data', 'amtctl relay needs --data DIR (its own folder)');
  return { data: data ?? '', console: consoleAt, code, subnets, localAddress, wolPort, wolToClient, tlsPolicy, help };
}
