// IPv4 addresses and address ranges as people type them (`a.b.c.d-a.b.c.e`, `a.b.c.d-e`, CIDR `a.b.c.d/n`).
// Pure and shared: amtctl's --range and the console's discovery expand ranges the same way.

import { AmtError } from './errors';

/** More addresses than this in one range is almost surely a typo (a /16 instead of a /24): refuse it. */
export const MAX_RANGE_HOSTS = 4096;

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV4_BITS = 32;

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/** Parses dotted IPv4 into an unsigned 32-bit number; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4_PATTERN.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part.startsWith('0')) return undefined; // 010 is octal to some tools: refuse the ambiguity
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** True for a dotted subnet mask: ones then zeros (255.255.255.0, 255.255.252.0, 0.0.0.0 …). */
export function isSubnetMask(text: string): boolean {
  const value = parseIpv4(text);
  if (value === undefined) return false;
  const inverted = ~value >>> 0; // the host bits: must be 2^k - 1
  return (inverted & (inverted + 1)) === 0;
}

/**
 * Expands one range. CIDR blocks of /30 and wider leave out the network and broadcast addresses (no PC
 * answers there); /31 and /32 are taken whole. A start-end range is taken whole, both ends included.
 */
export function expandRange(text: string, maxHosts = MAX_RANGE_HOSTS): string[] {
  const spec = text.trim();
  let first: number;
  let last: number;
  const slash = spec.indexOf('/');
  if (slash !== -1) {
    const base = parseIpv4(spec.slice(0, slash));
    const bitsText = spec.slice(slash + 1);
    if (base === undefined) throw bad(`bad range '${spec}': '${spec.slice(0, slash)}' is not an IPv4 address`);
    if (!/^\d{1,2}$/.test(bitsText) || Number(bitsText) > IPV4_BITS)
      throw bad(`bad range '${spec}': prefix length must be 0-32`);
    const bits = Number(bitsText);
    const size = 2 ** (IPV4_BITS - bits);
    const network = base - (base % size);
    first = network;
    last = network + size - 1;
    if (bits <= 30) {
      first += 1;
      last -= 1;
    }
  } else {
    const dash = spec.indexOf('-');
    if (dash === -1) throw bad(`bad range '${spec}': expected a.b.c.d-a.b.c.e, a.b.c.d-e or a.b.c.d/n`);
    const startText = spec.slice(0, dash).trim();
    const endText = spec.slice(dash + 1).trim();
    const start = parseIpv4(startText);
    if (start === undefined) throw bad(`bad range '${spec}': '${startText}' is not an IPv4 address`);
    let end = parseIpv4(endText);
    if (end === undefined && /^\d{1,3}$/.test(endText) && Number(endText) <= 255) {
      end = start - (start % 256) + Number(endText); // short form: only the last octet
    }
    if (end === undefined) throw bad(`bad range '${spec}': '${endText}' is not an IPv4 address or last octet`);
    if (end < start) throw bad(`bad range '${spec}': the end comes before the start`);
    first = start;
    last = end;
  }
  const count = last - first + 1;
  if (count > maxHosts) {
    throw bad(
      `range '${spec}' has ${count} addresses; the limit is ${maxHosts} per run (split it, or list hosts in --hosts-file)`,
    );
  }
  const hosts: string[] = [];
  for (let value = first; value <= last; value++) hosts.push(formatIpv4(value));
  return hosts;
}
