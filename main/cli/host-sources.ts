// Where amtctl's hosts come from: arguments, --hosts-file (one per line, # comments) and --range
// (IPv4 `a.b.c.d-a.b.c.e`, `a.b.c.d-e`, or CIDR `a.b.c.d/n`). Issue spec "amtctl", host sources.

import { AmtError, expandRange, MAX_RANGE_HOSTS } from '../../shared/domain';

// The range expansion itself lives in shared/domain/ipv4.ts (the console's discovery uses it too).
export { parseIpv4, formatIpv4, expandRange } from '../../shared/domain';

/** More hosts than this in one run is almost surely a typo (a /16 instead of a /24): refuse it. */
export const MAX_HOSTS = MAX_RANGE_HOSTS;

export interface HostSourceInput {
  readonly args: readonly string[];
  readonly hostsFiles: readonly { readonly path: string; readonly text: string }[];
  readonly ranges: readonly string[];
}

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** Hosts listed in a file: one per line; `#` starts a comment (whole line or after the host). */
export function parseHostsFile(path: string, text: string): string[] {
  const hosts: string[] = [];
  // A byte-order mark (Windows editors write one) is not part of the first host name.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const hash = line.indexOf('#');
    const content = (hash === -1 ? line : line.slice(0, hash)).trim();
    if (content.length === 0) return;
    if (/\s/.test(content)) throw bad(`${path}:${index + 1}: one host per line (got '${content}')`);
    hosts.push(content);
  });
  return hosts;
}

/**
 * All hosts of a run in the order given (arguments, then files, then ranges), duplicates dropped so no
 * device gets the same power action twice. Throws 'bad-input' when there are none or too many.
 */
export function collectHosts(input: HostSourceInput, maxHosts = MAX_HOSTS): string[] {
  const all: string[] = [...input.args.map((a) => a.trim()).filter((a) => a.length > 0)];
  for (const file of input.hostsFiles) all.push(...parseHostsFile(file.path, file.text));
  for (const value of input.ranges) {
    for (const part of value.split(',')) {
      if (part.trim().length === 0) continue;
      all.push(...expandRange(part, maxHosts));
    }
  }
  const unique = [...new Set(all)];
  if (unique.length === 0) throw bad('no hosts given (name them, or use --hosts-file or --range)');
  if (unique.length > maxHosts) throw bad(`${unique.length} hosts given; the limit is ${maxHosts} per run`);
  return unique;
}
