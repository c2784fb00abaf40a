// The prerequisites report and tree filters (main/fleet/prerequisites/fleet-eligibility.ts) as a table: for each
// rule of the one table, a client or relay that fails it, the exact words, the facilities it blocks and what to do;
// unknown values as their own findings; counts per rule; the CSV; subtree scoping.
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_PREREQUISITE_CONTEXT,
  PREREQUISITE_RULES,
  eligibilityFiltersOf,
  prerequisitesReport,
  prerequisitesReportCsv,
  wakeMethodOf,
} from '../../../../main/fleet';
import type { Client, ClientId, Relay, RelayId } from '../../../../shared/domain';

const ctx = CONSOLE_PREREQUISITE_CONTEXT;
const goodClient: Client = {
  id: 1 as ClientId,
  hostName: 'pc-good',
  ip: '10.0.0.1',
  amtPort: null,
  mac: null,
  subnetMask: null,
  relayId: null,
  os: 'Windows 10 Enterprise',
  agentVersion: '09-50',
  dhcp: true,
  amtVersion: '16.1.27',
  power: 'on',
  lastSeenAt: null,
  problem: null,
  legacyTls: false,
};
const goodRelay: Relay = {
  id: 1 as RelayId,
  name: 'Relay A',
  kind: 'relay-system',
  host: '10.0.1.1',
  parentId: null,
  os: 'Windows Server 2003',
  agentVersion: '09-50',
};

const BOTH = ['amt-linkage', 'remote-control'];
const REMOTE = ['remote-control'];
const CASES: ReadonlyArray<{
  rule: string;
  kind: 'client' | 'relay';
  change: Partial<Client> & Partial<Relay>;
  words: string;
  facilities: string[];
}> = [
  {
    rule: 'client-amt-firmware',
    kind: 'client',
    change: { amtVersion: 'N/A' },
    words:
      'AMT firmware version present in the system information: N/A; no AMT firmware version (empty or N/A): AMT linkage cannot be used on this PC.',
    facilities: BOTH,
  },
  {
    rule: 'client-dhcp',
    kind: 'client',
    change: { dhcp: false },
    words: 'DHCP in use on the client: found no; the client does not use DHCP.',
    facilities: BOTH,
  },
  {
    rule: 'client-agent-version',
    kind: 'client',
    change: { agentVersion: '08-09' },
    words: 'Client agent version 08-10 or later: found 08-09; the client agent is older than 08-10.',
    facilities: BOTH,
  },
  {
    rule: 'client-agent-version-vista-2008',
    kind: 'client',
    change: { os: 'Windows Vista Business', agentVersion: '08-50' },
    words:
      'Client agent version 08-51 or later on Windows Vista / Server 2008: found 08-50; on Windows Vista / Server 2008 the client agent must be 08-51 or later.',
    facilities: BOTH,
  },
  {
    rule: 'client-agent-version-windows-7',
    kind: 'client',
    change: { os: 'Windows 7 Professional', agentVersion: '09-49' },
    words:
      'Client agent version 09-50 or later on Windows 7: found 09-49; on Windows 7 the client agent must be 09-50 or later.',
    facilities: BOTH,
  },
  {
    rule: 'client-remote-control-version',
    kind: 'client',
    change: { agentVersion: '08-50' },
    words:
      'Client agent version 08-51 or later for remote control: found 08-50; remote control needs the client at 08-51 or later.',
    facilities: REMOTE,
  },
  {
    rule: 'relay-managing-version',
    kind: 'relay',
    change: { agentVersion: '08-09' },
    words:
      'Relay version 08-10 or later (as for the managing server): found 08-09; a relay below which clients are controlled needs what the managing server needs: 08-10 or later.',
    facilities: BOTH,
  },
  {
    rule: 'relay-version-newer-windows',
    kind: 'relay',
    change: { os: 'Windows Server 2012 R2', agentVersion: '08-50' },
    words:
      'Relay version 08-51 or later on Windows 8 / Server 2012 / 7 / Server 2008 / Vista: found 08-50; a relay on Windows 8 / Server 2012 / 7 / Server 2008 / Vista must be 08-51 or later.',
    facilities: BOTH,
  },
  {
    rule: 'relay-remote-control-version',
    kind: 'relay',
    change: { agentVersion: '08-50' },
    words:
      'Relay version 08-51 or later for remote control (as the managing side): found 08-50; remote control through a relay needs the relay at 08-51 or later.',
    facilities: REMOTE,
  },
];

function reportOf(clients: Client[], relays: Relay[] = []) {
  return prerequisitesReport({ serverName: 'Managing server', clients, relays }, { relayId: null }, ctx);
}

describe('prerequisites report, rule by rule', () => {
  it('has no findings for a client and relay that meet everything', () => {
    const report = reportOf([goodClient], [goodRelay]);
    expect(report.rows.map((r) => r.findings)).toEqual([[], []]);
    expect(report.totals).toEqual({ clients: 1, relays: 1, withFindings: 0 });
  });

  it.each(CASES)(
    '$kind failing $rule: named in words, the facilities it blocks, what to do',
    ({ rule, kind, change, words, facilities }) => {
      const report =
        kind === 'client'
          ? reportOf([{ ...goodClient, ...change } as Client])
          : reportOf([], [{ ...goodRelay, ...change } as Relay]);
      const row = report.rows[0]!;
      const finding = row.findings.find((f) => f.ruleId === rule);
      expect(finding).toMatchObject({ state: 'failed', words, facilities });
      expect(finding?.remedy).toBe(PREREQUISITE_RULES.find((r) => r.id === rule)?.remedy);
      expect(finding?.remedy.length).toBeGreaterThan(20);
      expect(report.counts.find((c) => c.ruleId === rule)).toMatchObject({ failed: 1, unknown: 0 });
    },
  );

  it('covers every rule of the table that a client or relay can fail (the managing side and ID key are the console)', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const fixedByConsole = ['client-host-name-id-key', 'managing-remote-control-version'];
    expect(
      PREREQUISITE_RULES.map((r) => r.id)
        .filter((id) => !covered.has(id))
        .sort(),
    ).toEqual(fixedByConsole.sort());
    // Those two fail only under another managing side; the same table says so.
    const old = prerequisitesReport(
      { serverName: 's', clients: [goodClient], relays: [] },
      { relayId: null },
      { managingVersion: '08-10', idKey: 'mac' },
    );
    expect(old.rows[0]!.findings.map((f) => f.ruleId)).toEqual(fixedByConsole);
  });

  it('reports unknown values as unknown, not as failed, and the filters follow', () => {
    const unknown = { ...goodClient, dhcp: null, agentVersion: null } as Client;
    const row = reportOf([unknown]).rows[0]!;
    expect(row.findings.map((f) => [f.ruleId, f.state])).toEqual([
      ['client-dhcp', 'unknown'],
      ['client-agent-version', 'unknown'],
      ['client-remote-control-version', 'unknown'],
    ]);
    expect(row.amtLinkage).toBe('unverified');
    expect(eligibilityFiltersOf(unknown, ctx)).toEqual(['prerequisite-unknown']);
  });

  it('sends clients without AMT, or whose AMT refuses, to Wake-on-LAN', () => {
    const noAmt = { ...goodClient, amtVersion: null } as Client;
    expect(eligibilityFiltersOf(noAmt, ctx)).toEqual([
      'cannot-use-amt',
      'needs-wake-on-lan',
      'remote-control-not-possible',
    ]);
    const refused = { ...goodClient, problem: { code: 'auth-failed', words: 'x', at: 'y' } } as Client;
    expect(wakeMethodOf(refused, ctx)).toBe('wake-on-lan');
    expect(eligibilityFiltersOf(refused, ctx)).toEqual(['needs-wake-on-lan']);
    expect(wakeMethodOf(goodClient, ctx)).toBe('amt');
  });

  it('limits a relay scope to the relay, the relays below it and their clients', () => {
    const east = { ...goodRelay, id: 2 as RelayId, name: 'East' };
    const eastSub = { ...goodRelay, id: 3 as RelayId, name: 'East sub', parentId: 2 as RelayId };
    const west = { ...goodRelay, id: 4 as RelayId, name: 'West' };
    const clients = [
      { ...goodClient, id: 10 as ClientId, hostName: 'e1', relayId: 2 as RelayId },
      { ...goodClient, id: 11 as ClientId, hostName: 'e2', relayId: 3 as RelayId },
      { ...goodClient, id: 12 as ClientId, hostName: 'w1', relayId: 4 as RelayId },
      { ...goodClient, id: 13 as ClientId, hostName: 'top', relayId: null },
    ];
    const report = prerequisitesReport(
      { serverName: 'srv', clients, relays: [east, eastSub, west] },
      { relayId: 2 as RelayId },
      ctx,
    );
    expect(report.scope).toBe('East');
    expect(report.rows.map((r) => `${r.kind}:${r.name}<${r.under}`)).toEqual([
      'relay:East<srv',
      'relay:East sub<East',
      'client:e1<East',
      'client:e2<East sub',
    ]);
    expect(() =>
      prerequisitesReport({ serverName: 'srv', clients, relays: [] }, { relayId: 99 as RelayId }, ctx),
    ).toThrow(/Relay #99/);
  });

  it('exports CSV with one line per row, quoted fields and no spreadsheet formulas', () => {
    const csv = prerequisitesReportCsv(
      reportOf([{ ...goodClient, hostName: '=cmd', amtVersion: 'N/A', dhcp: false } as Client]),
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Kind,Name,Below,AMT linkage,Remote control,Power-on by,Failing or unknown rules,Facility blocked,What to do',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^client,'=cmd,Managing server,not possible,not possible,Wake-on-LAN,failed: AMT firmware version .* \| failed: DHCP in use/,
    );
    // The remedies hold commas, so that field is quoted.
    expect(lines[1]).toMatch(
      /,"Provision Intel AMT on this PC .* \| Let the client take its address from DHCP \(AMT shares the address with the OS\), or keep using Wake-on-LAN for it"$/,
    );
  });
});
