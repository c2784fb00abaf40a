import { describe, expect, it } from 'vitest';
import { clientMatcherOf, type StatusFilter } from '../../../../renderer/model/client-filter';
import {
  buildFleetIndex,
  deriveTreeRows,
  relayKey,
  SERVER_KEY,
  type TreeRow,
} from '../../../../renderer/model/tree-rows';
import type { RelayId } from '../../../../shared/domain';
import { CLIENTS, RELAYS, client, relay } from './fleet-fixture';

function labels(rows: readonly TreeRow[]): string[] {
  return rows.map(
    (r) =>
      `${'  '.repeat(r.depth)}${r.kind === 'server' ? r.label : r.kind === 'relay' ? r.relay.name : r.client.hostName}`,
  );
}

function rowsFor(opts: { collapsed?: string[]; text?: string; statuses?: StatusFilter[] } = {}): TreeRow[] {
  const match = clientMatcherOf({ text: opts.text ?? '', statuses: new Set(opts.statuses ?? []) });
  return deriveTreeRows({
    serverName: 'HQ',
    index: buildFleetIndex(RELAYS, CLIENTS),
    collapsed: new Set(opts.collapsed ?? []),
    match,
  });
}

describe('deriveTreeRows', () => {
  it('lists server, nested relays (relays before clients) and clients depth-first, sorted by name', () => {
    expect(labels(rowsFor())).toEqual([
      'HQ',
      '  East manager',
      '    East floor 2',
      '      pc-floor2-20',
      '      pc-floor2-21',
      '    pc-east-10',
      '    pc-east-11',
      '  West',
      '    pc-west-30',
      '  pc-direct-40',
    ]);
  });

  it('counts every client below a node, nested relays included', () => {
    const rows = rowsFor();
    const east = rows.find((r) => r.key === relayKey(1 as RelayId));
    expect(east?.kind === 'relay' && east.clientCount).toBe(4);
    expect(rows[0]?.kind === 'server' && rows[0].clientCount).toBe(6);
  });

  it('keeps a collapsed node row and drops its descendants', () => {
    const rows = rowsFor({ collapsed: [relayKey(1 as RelayId)] });
    expect(labels(rows)).toEqual(['HQ', '  East manager', '  West', '    pc-west-30', '  pc-direct-40']);
    const east = rows[1];
    expect(east?.kind === 'relay' && east.expanded).toBe(false);
    expect(east?.kind === 'relay' && east.hasChildren).toBe(true);
  });

  it('collapsing the server leaves only the server row', () => {
    expect(labels(rowsFor({ collapsed: [SERVER_KEY] }))).toEqual(['HQ']);
  });

  it('keeps the ancestors of a match visible and drops relays without matches', () => {
    expect(labels(rowsFor({ text: 'floor2-21' }))).toEqual([
      'HQ',
      '  East manager',
      '    East floor 2',
      '      pc-floor2-21',
    ]);
  });

  it('matches IP, MAC with or without separators, OS and AMT version, case-insensitively', () => {
    expect(labels(rowsFor({ text: '192.168.1.30' })).at(-1)).toBe('    pc-west-30');
    expect(labels(rowsFor({ text: 'A4:AE:11:1C:02:28' })).at(-1)).toBe('  pc-direct-40');
    expect(labels(rowsFor({ text: 'a4ae111c021e' })).at(-1)).toBe('    pc-west-30');
    expect(labels(rowsFor({ text: 'ubuntu' })).at(-1)).toBe('      pc-floor2-21');
    expect(labels(rowsFor({ text: 'n/a' })).at(-1)).toBe('      pc-floor2-21');
    expect(rowsFor({ text: '16.1.25' }).filter((r) => r.kind === 'client')).toHaveLength(5);
  });

  it('needs every search word to match (AND)', () => {
    expect(
      rowsFor({ text: 'pc-east 192.168.1.11' })
        .filter((r) => r.kind === 'client')
        .map((r) => r.key),
    ).toEqual(['c:11']);
  });

  it('status filters keep clients with any chosen status', () => {
    const keys = (s: StatusFilter[]) =>
      rowsFor({ statuses: s }).flatMap((r) => (r.kind === 'client' ? [r.client.hostName] : []));
    expect(keys(['off'])).toEqual(['pc-east-11']);
    expect(keys(['no-amt', 'problem'])).toEqual(['pc-floor2-21', 'pc-west-30']);
    expect(keys(['sleep', 'hibernate'])).toEqual(['pc-floor2-20', 'pc-direct-40']);
  });

  it('shows nothing but the server when no client matches', () => {
    const rows = rowsFor({ text: 'no-such-host' });
    expect(labels(rows)).toEqual(['HQ']);
    expect(rows[0]?.kind === 'server' && rows[0].hasChildren).toBe(false);
  });

  it('keeps a relay whose own name matches when relayMatch says so', () => {
    const match = clientMatcherOf({ text: 'west', statuses: new Set() });
    const rows = deriveTreeRows({
      serverName: 'HQ',
      index: buildFleetIndex(RELAYS, CLIENTS),
      collapsed: new Set(),
      match: (c) => match!(c) && c.hostName !== 'pc-west-30',
      relayMatch: (r) => r.name.toLowerCase().includes('west'),
    });
    expect(labels(rows)).toEqual(['HQ', '  West']);
  });

  it('puts relays with an unknown parent or a parent loop, and clients of unknown relays, under the server', () => {
    const relays = [relay(1, 'A', 2), relay(2, 'B', 1), relay(3, 'C', 99)];
    const clients = [client(5, 'orphan', 42), client(6, 'in-a', 1)];
    const rows = deriveTreeRows({
      serverName: 'S',
      index: buildFleetIndex(relays, clients),
      collapsed: new Set(),
      match: null,
    });
    expect(labels(rows)).toEqual(['S', '  A', '    in-a', '  B', '  C', '  orphan']);
  });

  it('derives 10,000 clients under 20 relays into one row per node', () => {
    const relays = Array.from({ length: 20 }, (_, i) => relay(i + 1, `relay-${i + 1}`));
    const clients = Array.from({ length: 10_000 }, (_, i) => client(i + 100, `pc-${i}`, (i % 20) + 1));
    const rows = deriveTreeRows({
      serverName: 'S',
      index: buildFleetIndex(relays, clients),
      collapsed: new Set(),
      match: null,
    });
    expect(rows).toHaveLength(1 + 20 + 10_000);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});
