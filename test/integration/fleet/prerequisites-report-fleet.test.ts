// The prerequisites report for a simulated fleet of 520 clients and 3 relays, imported by CSV into a store on disk,
// against the fleet's generated truth row for row: the simulator decides which PCs have AMT and DHCP, this test's
// generator decides each PC's OS/agent defect, and the expected failing and unknown rules follow from those choices
// (written here independently of the evaluator). Loopback range of this file: 127.100.40.0/22.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayId } from '../../../shared/domain';
import {
  CONSOLE_PREREQUISITE_CONTEXT,
  fleetEligibility,
  importClientsCsv,
  prerequisitesReport,
  prerequisitesReportCsv,
} from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { startFleet, type Fleet } from '../../sim/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const COUNT = 520;
type AgentDefect = 'none' | 'old-agent' | 'windows-7-low' | 'vista-low' | 'agent-unknown';
const DEFECTS: readonly AgentDefect[] = ['none', 'none', 'old-agent', 'windows-7-low', 'vista-low', 'agent-unknown'];
const OS_AND_AGENT: Readonly<Record<AgentDefect, readonly [string, string]>> = {
  none: ['Windows 10 Enterprise', '09-50'],
  'old-agent': ['Windows 10 Enterprise', '08-05'],
  'windows-7-low': ['Windows 7 Professional SP1', '09-00'],
  'vista-low': ['Windows Vista Business', '08-50'],
  'agent-unknown': ['Windows 10 Enterprise', ''],
};
/** The truth per defect: rules failed and rules unknown. */
const AGENT_TRUTH: Readonly<Record<AgentDefect, { failed: string[]; unknown: string[] }>> = {
  none: { failed: [], unknown: [] },
  'old-agent': { failed: ['client-agent-version', 'client-remote-control-version'], unknown: [] },
  'windows-7-low': { failed: ['client-agent-version-windows-7'], unknown: [] },
  'vista-low': { failed: ['client-agent-version-vista-2008', 'client-remote-control-version'], unknown: [] },
  'agent-unknown': { failed: [], unknown: ['client-agent-version', 'client-remote-control-version'] },
};
const RELAYS = [
  {
    name: 'Relay East',
    os: 'Windows Server 2012 R2',
    agentVersion: '08-50',
    failed: ['relay-version-newer-windows', 'relay-remote-control-version'],
  },
  {
    name: 'Relay West',
    os: 'Windows Server 2003',
    agentVersion: '08-05',
    failed: ['relay-managing-version', 'relay-remote-control-version'],
  },
  { name: 'Relay North', os: 'Windows Server 2003', agentVersion: '09-50', failed: [] },
];

const folder = tempFolder('report-fleet');
let fleet: Fleet;
let store: Store;
interface Truth {
  readonly name: string;
  readonly failed: string[];
  readonly unknown: string[];
  readonly relay: string | null;
}
const truth: Truth[] = [];

beforeAll(async () => {
  fleet = await startFleet({
    count: COUNT,
    baseAddress: '127.100.40.1',
    seed: 'report-fleet',
    withoutAmt: 0.15,
    keyPoolSize: 1,
  });
  store = openTempStore(folder);
  for (const r of RELAYS)
    store.relays.add({
      name: r.name,
      kind: 'relay-system',
      host: `${r.name}.example`,
      os: r.os,
      agentVersion: r.agentVersion,
    });
  const lines = ['host name,ip,mac,os,agent version,dhcp,amt version,relay'];
  fleet.devices.forEach((d, i) => {
    const defect = DEFECTS[i % DEFECTS.length] as AgentDefect;
    const [os, agent] = OS_AND_AGENT[defect];
    const relay = i % 4 === 3 ? '' : (RELAYS[i % 4] as (typeof RELAYS)[number]).name;
    const dhcp = d.profile.dhcpEnabled;
    lines.push(
      [d.hostName, d.host, d.mac, os, agent, dhcp ? 'yes' : 'no', d.hasAmt ? d.amtVersion : 'N/A', relay].join(','),
    );
    const failed = [
      ...(d.hasAmt ? [] : ['client-amt-firmware']),
      ...(dhcp ? [] : ['client-dhcp']),
      ...AGENT_TRUTH[defect].failed,
    ];
    truth.push({ name: d.hostName, failed, unknown: AGENT_TRUTH[defect].unknown, relay: relay || null });
  });
  const summary = importClientsCsv(store, lines.join('\n'));
  expect(summary.errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  store?.close();
  await fleet?.close();
  folder.remove();
});

const order = (ids: string[]): string[] => [...ids].sort();

describe('prerequisites report for a simulated fleet', () => {
  it('matches the generated truth row for row, with counts per rule', () => {
    const data = { serverName: 'Managing server', relays: store.relays.list(), clients: store.clients.list() };
    const report = prerequisitesReport(data, { relayId: null }, CONSOLE_PREREQUISITE_CONTEXT);
    expect(report.totals).toMatchObject({ clients: COUNT, relays: RELAYS.length });
    const relayRows = report.rows.filter((r) => r.kind === 'relay');
    expect(relayRows.map((r) => [r.name, order(r.findings.map((f) => f.ruleId))])).toEqual(
      [...RELAYS].sort((a, b) => a.name.localeCompare(b.name)).map((r) => [r.name, order(r.failed)]),
    );
    const clientRows = report.rows.filter((r) => r.kind === 'client');
    const expected = [...truth].sort((a, b) => a.name.localeCompare(b.name));
    expect(clientRows).toHaveLength(expected.length);
    clientRows.forEach((row, i) => {
      const t = expected[i] as Truth;
      expect(row.name).toBe(t.name);
      expect(order(row.findings.filter((f) => f.state === 'failed').map((f) => f.ruleId)), t.name).toEqual(
        order(t.failed),
      );
      expect(order(row.findings.filter((f) => f.state === 'unknown').map((f) => f.ruleId)), t.name).toEqual(
        order(t.unknown),
      );
      expect(row.under).toBe(t.relay ?? 'Managing server');
      expect(row.wakeMethod, t.name).toBe(t.failed.length > 0 ? 'wake-on-lan' : 'amt');
    });
    for (const count of report.counts) {
      const failed = [...truth.map((t) => t.failed), ...RELAYS.map((r) => r.failed)].filter((f) =>
        f.includes(count.ruleId),
      ).length;
      const unknown = truth.filter((t) => t.unknown.includes(count.ruleId)).length;
      expect([count.ruleId, count.failed, count.unknown]).toEqual([count.ruleId, failed, unknown]);
    }
    // The fleet really mixes cases: every defect and both AMT outcomes occur.
    expect(truth.filter((t) => t.failed.includes('client-amt-firmware')).length).toBeGreaterThan(30);
    expect(truth.filter((t) => t.failed.includes('client-dhcp')).length).toBeGreaterThan(30);
    expect(prerequisitesReportCsv(report).trimEnd().split('\r\n')).toHaveLength(1 + COUNT + RELAYS.length);
  });

  it('gives the tree filters the same clients the report names', () => {
    const clients = store.clients.list();
    const sets = fleetEligibility(clients, CONSOLE_PREREQUISITE_CONTEXT);
    const nameOf = new Map(clients.map((c) => [c.id, c.hostName]));
    const names = (ids: readonly number[]) => ids.map((id) => nameOf.get(id as never)).sort();
    expect(names(sets['cannot-use-amt'])).toEqual(
      truth
        .filter((t) => t.failed.length > 0)
        .map((t) => t.name)
        .sort(),
    );
    expect(names(sets['prerequisite-unknown'])).toEqual(
      truth
        .filter((t) => t.unknown.length > 0)
        .map((t) => t.name)
        .sort(),
    );
    // Every client rule the generator breaks also covers remote control in the table, so the same clients.
    const remote = truth.filter((t) => t.failed.length > 0);
    expect(names(sets['remote-control-not-possible'])).toEqual(remote.map((t) => t.name).sort());
  });

  it('scopes to one relay subtree', () => {
    const east = store.relays.list().find((r) => r.name === 'Relay East')!;
    const data = { serverName: 'Managing server', relays: store.relays.list(), clients: store.clients.list() };
    const report = prerequisitesReport(data, { relayId: east.id as RelayId }, CONSOLE_PREREQUISITE_CONTEXT);
    expect(
      report.rows
        .filter((r) => r.kind === 'client')
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      truth
        .filter((t) => t.relay === 'Relay East')
        .map((t) => t.name)
        .sort(),
    );
  });
});
