// Who `amtctl wake` wakes and where each packet goes: MAC arguments sharing the command line's
// destination, and --hosts-file lines `MAC [IP MASK | IP/N]` (mission M6: send on the client's own subnet).

import { AmtError } from '../../shared/domain';
import { destinationAddress, type WolDestination } from '../wol/index';

export interface WakeTarget {
  /** The MAC as typed; parsed when the target runs, so one bad MAC fails only its own line. */
  readonly macText: string;
  readonly destination: WolDestination;
}

/** Where to send when a target does not say: --broadcast, or --ip with --mask. */
export interface DestinationOptions {
  readonly broadcast: string | undefined;
  readonly ip: string | undefined;
  readonly mask: string | undefined;
}

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** The command line's destination, checked (a bad --ip/--mask or /31 is a usage error); undefined when none given. */
export function commandLineDestination(options: DestinationOptions): WolDestination | undefined {
  const { broadcast, ip, mask } = options;
  if (broadcast !== undefined && (ip !== undefined || mask !== undefined)) {
    throw bad('give either --broadcast, or --ip with --mask, not both');
  }
  if (broadcast !== undefined) {
    const destination: WolDestination = { kind: 'address', address: broadcast };
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(broadcast)) throw bad(`--broadcast needs an IPv4 address (got '${broadcast}')`);
    return destination;
  }
  if (ip === undefined && mask === undefined) return undefined;
  if (ip === undefined || mask === undefined) throw bad('--ip and --mask go together: the subnet broadcast needs both');
  const destination: WolDestination = { kind: 'subnet', ip, mask };
  destinationAddress(destination); // throws now, with the reason, rather than once per MAC
  return destination;
}

/** One line of a wake hosts file: `MAC`, `MAC IP MASK` or `MAC IP/N` (`#` starts a comment). */
function parseLine(fields: readonly string[], where: string, fallback: WolDestination | undefined): WakeTarget {
  const [macText, second, third] = fields as [string, string | undefined, string | undefined];
  if (fields.length > 3)
    throw bad(`${where}: expected 'MAC', 'MAC IP MASK' or 'MAC IP/N' (got ${fields.length} fields)`);
  if (second === undefined) {
    if (fallback === undefined)
      throw bad(`${where}: no IP and mask for ${macText}, and no --broadcast or --ip/--mask given`);
    return { macText, destination: fallback };
  }
  let destination: WolDestination;
  if (third !== undefined) destination = { kind: 'subnet', ip: second, mask: third };
  else {
    const slash = second.indexOf('/');
    if (slash === -1) throw bad(`${where}: '${second}' needs a mask: write 'IP MASK' or 'IP/N'`);
    destination = { kind: 'subnet', ip: second.slice(0, slash), mask: second.slice(slash) };
  }
  try {
    destinationAddress(destination);
  } catch (error) {
    throw bad(`${where}: ${(error as Error).message}`);
  }
  return { macText, destination };
}

export function parseWakeHostsFile(path: string, text: string, fallback: WolDestination | undefined): WakeTarget[] {
  const targets: WakeTarget[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const hash = line.indexOf('#');
      const fields = (hash === -1 ? line : line.slice(0, hash))
        .trim()
        .split(/\s+/)
        .filter((f) => f.length > 0);
      if (fields.length > 0) targets.push(parseLine(fields, `${path}:${index + 1}`, fallback));
    });
  return targets;
}

export interface WakeTargetInput {
  readonly macs: readonly string[];
  readonly hostsFiles: readonly { readonly path: string; readonly text: string }[];
  readonly destination: DestinationOptions;
  readonly maxTargets: number;
}

/** Every target of a run, in the order given, exact duplicates dropped. Throws 'bad-input' (exit 2). */
export function collectWakeTargets(input: WakeTargetInput): WakeTarget[] {
  const fallback = commandLineDestination(input.destination);
  const macs = input.macs.map((m) => m.trim()).filter((m) => m.length > 0);
  if (macs.length > 0 && fallback === undefined) {
    throw bad(
      "'wake' needs where to send: --broadcast ADDR (e.g. 192.168.10.255), or --ip A --mask M of the clients' subnet",
    );
  }
  const all: WakeTarget[] = macs.map((macText) => ({ macText, destination: fallback as WolDestination }));
  for (const file of input.hostsFiles) all.push(...parseWakeHostsFile(file.path, file.text, fallback));
  const seen = new Set<string>();
  const unique = all.filter((target) => {
    const key = `${target.macText.toLowerCase()} ${JSON.stringify(target.destination)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0)
    throw bad("no MAC addresses given (name them, or use --hosts-file with 'MAC IP MASK' lines)");
  if (unique.length > input.maxTargets)
    throw bad(`${unique.length} MAC addresses given; the limit is ${input.maxTargets} per run`);
  return unique;
}
