// The tree's search and status filters as pure functions: a client matches when every search word is
// found in its host name, IP, MAC, OS or AMT version, and (if any status is chosen) it has one of them.
import type { Client } from '../../shared/domain';
import { AMT_NOT_AVAILABLE, powerGroupOf, type PowerGroup } from './power-display';

export type StatusFilter = PowerGroup | 'no-amt' | 'problem';

export const STATUS_FILTERS: readonly StatusFilter[] = [
  'on',
  'sleep',
  'hibernate',
  'off',
  'unknown',
  'no-amt',
  'problem',
];

export interface ClientFilter {
  readonly text: string;
  readonly statuses: ReadonlySet<StatusFilter>;
  /** An eligibility filter's clients (from main's fleet:eligibility); null = no eligibility filter. */
  readonly eligibleIds?: ReadonlySet<number> | null;
}

export type ClientMatcher = (client: Client) => boolean;

// Clients are immutable and replaced on change, so the lower-cased search text can be cached by object:
// a filter over 10,000 clients then costs one substring test per word per client.
const haystackCache = new WeakMap<Client, string>();

function haystackOf(client: Client): string {
  let text = haystackCache.get(client);
  if (text === undefined) {
    const mac = client.mac ?? '';
    text = [
      client.hostName,
      client.ip,
      mac,
      mac.replace(/[^0-9a-fA-F]/g, ''),
      client.os ?? '',
      client.amtVersion ?? AMT_NOT_AVAILABLE,
    ]
      .join('\n')
      .toLowerCase();
    haystackCache.set(client, text);
  }
  return text;
}

/** Builds the search text of every client ahead of the first keystroke (call when the browser is idle). */
export function warmSearchCache(clients: Iterable<Client>): void {
  for (const client of clients) haystackOf(client);
}

export function searchWordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

export function statusesOf(client: Client): StatusFilter[] {
  const out: StatusFilter[] = [powerGroupOf(client.power)];
  if (client.amtVersion === null || client.amtVersion.trim() === '') out.push('no-amt');
  if (client.problem !== null) out.push('problem');
  return out;
}

export function isFilterActive(filter: ClientFilter): boolean {
  return searchWordsOf(filter.text).length > 0 || filter.statuses.size > 0;
}

/** Returns null when the filter lets everything through, so the tree can skip matching entirely. */
export function clientMatcherOf(filter: ClientFilter): ClientMatcher | null {
  const words = searchWordsOf(filter.text);
  const statuses = filter.statuses;
  const eligible = filter.eligibleIds ?? null;
  if (words.length === 0 && statuses.size === 0 && eligible === null) return null;
  return (client) => {
    if (eligible !== null && !eligible.has(client.id)) return false;
    if (statuses.size > 0 && !statusesOf(client).some((s) => statuses.has(s))) return false;
    if (words.length === 0) return true;
    const haystack = haystackOf(client);
    for (const word of words) if (!haystack.includes(word)) return false;
    return true;
  };
}
