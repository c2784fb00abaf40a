// IPv6 literals as people type them (RFC 4291 §2.2: full, '::'-compressed, with a trailing dotted IPv4; in square
// brackets as in URLs), normalised to the RFC 5952 text (lower case, no leading zeros, the longest run of zero
// groups as '::'), and the rule for a client's address: IPv4, or an IPv6 address the console can reach without
// a zone. Zones (fe80::1%eth0) and link-local addresses (which need one) are refused with words that say so.
// Pure and shared: no Node.

import { AmtError } from './errors';
import { parseIpv4 } from './ipv4';

const GROUPS = 8;
const GROUP_PATTERN = /^[0-9A-Fa-f]{1,4}$/;
const MAX_LITERAL_LENGTH = 45;
/** fe80::/10 */
const LINK_LOCAL_PREFIX = 0xfe80;
const LINK_LOCAL_MASK = 0xffc0;
/** ff00::/8 */
const MULTICAST_FIRST_BYTE = 0xff;
const IPV4_MAPPED_MARKER = 0xffff;
const MIN_RUN_TO_COMPRESS = 2;

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

function groupsOf(parts: readonly string[]): number[] | undefined {
  const groups: number[] = [];
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
    } else if (GROUP_PATTERN.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** The eight 16-bit groups of an IPv6 literal (brackets allowed, no zone); undefined when it is not one. */
export function parseIpv6(text: string): number[] | undefined {
  let literal = text;
  if (literal.startsWith('[') && literal.endsWith(']')) literal = literal.slice(1, -1);
  if (literal.length < 2 || literal.length > MAX_LITERAL_LENGTH || !literal.includes(':')) return undefined;
  const halves = literal.split('::');
  if (halves.length > 2) return undefined;
  const split = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groupsOf(split(halves[0] as string));
  if (head === undefined) return undefined;
  if (halves.length === 1) return head.length === GROUPS ? head : undefined;
  const tail = groupsOf(split(halves[1] as string));
  if (tail === undefined || head.length + tail.length >= GROUPS) return undefined;
  return [...head, ...new Array<number>(GROUPS - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text of eight groups; an IPv4-mapped address keeps its dotted tail (::ffff:192.0.2.1). */
export function formatIpv6(groups: readonly number[]): string {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === IPV4_MAPPED_MARKER;
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < GROUPS;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < GROUPS && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (list: readonly number[]): string => list.map((g) => g.toString(16)).join(':');
  if (mapped) {
    const [a, b] = [groups[6] as number, groups[7] as number];
    return `::ffff:${[a >> 8, a & 0xff, b >> 8, b & 0xff].join('.')}`;
  }
  if (bestLength < MIN_RUN_TO_COMPRESS) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/**
 * A client's address as the console stores it: dotted IPv4 as typed, or IPv6 in its RFC 5952 form. Throws
 * 'bad-input' with the reason: not an address, a zone, link-local (needs a zone), multicast, unspecified.
 */
export function normaliseClientAddress(text: string): string {
  const ip = text.trim();
  if (ip === '') throw bad('The IP address is empty.');
  if (parseIpv4(ip) !== undefined) return ip;
  const zoneAt = ip.indexOf('%');
  if (zoneAt >= 0 && parseIpv6(ip.slice(0, zoneAt).replace(/^\[/, '')) !== undefined) {
    throw bad(
      `"${ip}" has a zone (${ip.slice(zoneAt).replace(/\]$/, '')}); the console does not support IPv6 zones. ` +
        "Use the PC's global or unique-local IPv6 address (like fd00::20) or its IPv4 address.",
    );
  }
  const groups = parseIpv6(ip);
  if (groups === undefined) throw bad(`"${ip}" is not an IP address (IPv4 like 192.168.1.20, or IPv6 like fd00::20).`);
  const first = groups[0] as number;
  if ((first & LINK_LOCAL_MASK) === LINK_LOCAL_PREFIX) {
    throw bad(
      `"${ip}" is a link-local IPv6 address (fe80::/10), which is reached only through a zone (the network ` +
        "interface) and the console does not support zones. Use the PC's global or unique-local IPv6 address " +
        '(like fd00::20) or its IPv4 address.',
    );
  }
  if (first >> 8 === MULTICAST_FIRST_BYTE) throw bad(`"${ip}" is an IPv6 multicast address, not a PC's address.`);
  if (groups.every((g) => g === 0)) throw bad(`"${ip}" is the unspecified IPv6 address (::), not a PC's address.`);
  return formatIpv6(groups);
}

/** True for an IPv6 literal (the console's stored form or any other); IPv4 and host names are false. */
export function isIpv6Address(text: string): boolean {
  return parseIpv6(text) !== undefined;
}
