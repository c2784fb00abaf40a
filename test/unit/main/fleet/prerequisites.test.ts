// The M3 prerequisite table (seed §2.7.6) through evaluatePrerequisites: each rule, the OS/version
// boundaries (08-50/08-51 on Vista and Server 2008, 09-49/09-50 on Windows 7, 08-09/08-10 elsewhere),
// unknown values kept apart from failures, and the version and OS readers on their own.
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_PREREQUISITE_CONTEXT,
  compareAgentVersions,
  evaluatePrerequisites,
  osFamilyOf,
  parseAgentVersion,
  PREREQUISITE_RULES,
  type PrerequisiteContext,
} from '../../../../main/fleet';
import type {
  Client,
  ClientId,
  FacilityPrerequisites,
  PrerequisiteFacility,
  Relay,
  RelayId,
} from '../../../../shared/domain';

const context: PrerequisiteContext = CONSOLE_PREREQUISITE_CONTEXT;

function client(overrides: Partial<Client> = {}): Client {
  return {
    id: 1 as ClientId,
    hostName: 'pc-1',
    ip: '127.0.0.1',
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
    ...overrides,
  };
}

function relay(overrides: Partial<Relay> = {}): Relay {
  return {
    id: 1 as RelayId,
    name: 'Relay',
    kind: 'relay-system',
    host: '127.0.0.2',
    parentId: null,
    os: 'Windows Server 2003',
    agentVersion: '08-10',
    ...overrides,
  };
}

function facility(results: FacilityPrerequisites[], name: PrerequisiteFacility): FacilityPrerequisites {
  const found = results.find((r) => r.facility === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

function stateOf(
  results: FacilityPrerequisites[],
  ruleId: string,
  name: PrerequisiteFacility = 'amt-linkage',
): string | undefined {
  return facility(results, name).checks.find((c) => c.ruleId === ruleId)?.state;
}

describe('agent versions', () => {
  it('reads VV-RR and the dotted and one-digit spellings alike, ignoring a revision', () => {
    for (const text of ['08-10', '8-10', '08.10', '8.10', ' 08-10 ', '08-10-01'])
      expect(parseAgentVersion(text), text).toEqual({ major: 8, minor: 10 });
  });
  it('refuses what is not a version', () => {
    for (const text of ['', 'N/A', '0810', 'v8', '08-', '123-45', '08-10-beta'])
      expect(parseAgentVersion(text), text).toBeNull();
  });
  it('orders by version then release', () => {
    const v = (t: string) => parseAgentVersion(t)!;
    expect(compareAgentVersions(v('08-51'), v('08-50'))).toBeGreaterThan(0);
    expect(compareAgentVersions(v('08-99'), v('09-00'))).toBeLessThan(0);
    expect(compareAgentVersions(v('8.5'), v('08-05'))).toBe(0);
  });
});

describe('OS families', () => {
  it.each([
    ['Microsoft Windows 7 Professional SP1', 'windows-7'],
    ['windows vista business', 'windows-vista'],
    ['Windows Server 2008 R2 Standard', 'windows-server-2008'],
    ['Windows 8.1 Pro', 'windows-8'],
    ['WINDOWS SERVER 2012 R2', 'windows-server-2012'],
    ['Windows 10 Enterprise', null],
    ['Windows 11 Pro', null],
    ['Windows XP Professional', null],
    ['Windows Server 2003', null],
    [null, null],
  ])('%s is %s', (os, family) => expect(osFamilyOf(os)).toBe(family));
});

describe('the rule table', () => {
  it('has unique ids and every version threshold is a version', () => {
    const ids = PREREQUISITE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of PREREQUISITE_RULES)
      if (rule.condition.op === 'atLeast') expect(parseAgentVersion(rule.condition.value), rule.id).not.toBeNull();
  });
});

describe('client prerequisites', () => {
  it('a client meeting every rule can use both facilities', () => {
    const results = evaluatePrerequisites(client(), context);
    expect(results.map((r) => [r.facility, r.verdict, r.possible])).toEqual([
      ['amt-linkage', 'possible', true],
      ['remote-control', 'possible', true],
    ]);
    expect(facility(results, 'amt-linkage').checks.map((c) => c.ruleId)).toEqual([
      'client-amt-firmware',
      'client-dhcp',
      'client-host-name-id-key',
      'client-agent-version',
    ]);
    expect(facility(results, 'remote-control').checks.map((c) => c.ruleId)).toContain(
      'managing-remote-control-version',
    );
  });

  it('no firmware version (null, empty or N/A) fails AMT linkage with the seed words', () => {
    for (const amtVersion of [null, '', 'N/A', 'n/a']) {
      const results = evaluatePrerequisites(client({ amtVersion }), context);
      expect(stateOf(results, 'client-amt-firmware'), String(amtVersion)).toBe('failed');
      expect(facility(results, 'amt-linkage')).toMatchObject({ possible: false, verdict: 'not-possible' });
      expect(facility(results, 'amt-linkage').checks[0]?.words).toMatch(/AMT firmware version.*N\/A.*cannot be used/);
    }
    expect(facility(evaluatePrerequisites(client(), context), 'amt-linkage').checks[0]?.words).toBe(
      'AMT firmware version present in the system information: found 16.1.27.',
    );
  });

  it('DHCP off fails; DHCP not known is unknown and leaves the facility unverified, not possible', () => {
    expect(stateOf(evaluatePrerequisites(client({ dhcp: false }), context), 'client-dhcp')).toBe('failed');
    const unknown = evaluatePrerequisites(client({ dhcp: null }), context);
    expect(stateOf(unknown, 'client-dhcp')).toBe('unknown');
    expect(facility(unknown, 'amt-linkage')).toMatchObject({ possible: false, verdict: 'unverified' });
  });

  it('a failure outweighs an unknown', () => {
    expect(
      facility(evaluatePrerequisites(client({ dhcp: null, amtVersion: null }), context), 'amt-linkage').verdict,
    ).toBe('not-possible');
  });

  it('the host name must be the ID key', () => {
    expect(stateOf(evaluatePrerequisites(client(), context), 'client-host-name-id-key')).toBe('ok');
    expect(
      stateOf(evaluatePrerequisites(client(), { ...context, idKey: 'ip-address' }), 'client-host-name-id-key'),
    ).toBe('failed');
  });

  it.each([
    ['Windows 10 Enterprise', '08-09', 'client-agent-version', 'failed'],
    ['Windows 10 Enterprise', '08-10', 'client-agent-version', 'ok'],
    ['Windows XP Professional SP3', '8.10', 'client-agent-version', 'ok'],
    ['Windows Vista Business', '08-50', 'client-agent-version-vista-2008', 'failed'],
    ['Windows Vista Business', '08-51', 'client-agent-version-vista-2008', 'ok'],
    ['Windows Server 2008 R2', '08-50', 'client-agent-version-vista-2008', 'failed'],
    ['Windows Server 2008 R2', '08-51', 'client-agent-version-vista-2008', 'ok'],
    ['Windows 7 Professional', '09-49', 'client-agent-version-windows-7', 'failed'],
    ['Windows 7 Professional', '09-50', 'client-agent-version-windows-7', 'ok'],
  ])('%s with agent %s: %s is %s', (os, agentVersion, ruleId, state) => {
    const results = evaluatePrerequisites(client({ os, agentVersion }), context);
    expect(stateOf(results, ruleId)).toBe(state);
    expect(facility(results, 'amt-linkage').possible).toBe(state === 'ok');
  });

  it('OS-specific rows do not apply on other OSes: 08-50 is enough on Windows 10', () => {
    const results = evaluatePrerequisites(client({ os: 'Windows 10', agentVersion: '08-50' }), context);
    expect(stateOf(results, 'client-agent-version-vista-2008')).toBeUndefined();
    expect(stateOf(results, 'client-agent-version-windows-7')).toBeUndefined();
    expect(facility(results, 'amt-linkage').possible).toBe(true);
  });

  it('with the OS unknown, a version that meets the strictest row is ok and a lower one is unknown', () => {
    expect(
      facility(evaluatePrerequisites(client({ os: null, agentVersion: '09-50' }), context), 'amt-linkage').verdict,
    ).toBe('possible');
    const lower = evaluatePrerequisites(client({ os: null, agentVersion: '08-20' }), context);
    expect(stateOf(lower, 'client-agent-version')).toBe('ok');
    expect(stateOf(lower, 'client-agent-version-windows-7')).toBe('unknown');
    expect(facility(lower, 'amt-linkage').verdict).toBe('unverified');
  });

  it('a missing or unreadable agent version is unknown, with words that say which', () => {
    const missing = evaluatePrerequisites(client({ agentVersion: null }), context);
    expect(stateOf(missing, 'client-agent-version')).toBe('unknown');
    expect(facility(missing, 'amt-linkage').checks.find((c) => c.ruleId === 'client-agent-version')?.words).toMatch(
      /no version recorded/,
    );
    const odd = evaluatePrerequisites(client({ agentVersion: 'latest' }), context);
    expect(facility(odd, 'amt-linkage').checks.find((c) => c.ruleId === 'client-agent-version')?.words).toMatch(
      /"latest" is not in the product's VV-RR form/,
    );
  });

  it('remote control needs 08-51 on the client and on the managing side', () => {
    const at0850 = evaluatePrerequisites(client({ agentVersion: '08-50' }), context);
    expect(facility(at0850, 'amt-linkage').possible).toBe(true);
    expect(stateOf(at0850, 'client-remote-control-version', 'remote-control')).toBe('failed');
    expect(facility(at0850, 'remote-control').verdict).toBe('not-possible');
    expect(
      stateOf(
        evaluatePrerequisites(client({ agentVersion: '08-51' }), context),
        'client-remote-control-version',
        'remote-control',
      ),
    ).toBe('ok');
    const oldServer = evaluatePrerequisites(client(), { ...context, managingVersion: '08-50' });
    expect(stateOf(oldServer, 'managing-remote-control-version', 'remote-control')).toBe('failed');
    expect(facility(oldServer, 'amt-linkage').possible).toBe(true);
    expect(
      stateOf(
        evaluatePrerequisites(client(), { ...context, managingVersion: null }),
        'managing-remote-control-version',
        'remote-control',
      ),
    ).toBe('unknown');
  });
});

describe('relay prerequisites', () => {
  it('needs 08-10 like the managing server', () => {
    expect(stateOf(evaluatePrerequisites(relay({ agentVersion: '08-09' }), context), 'relay-managing-version')).toBe(
      'failed',
    );
    const ok = evaluatePrerequisites(relay({ agentVersion: '08-10' }), context);
    expect(facility(ok, 'amt-linkage')).toMatchObject({
      possible: true,
      checks: [expect.objectContaining({ ruleId: 'relay-managing-version', state: 'ok' })],
    });
    expect(ok[0]?.checks.some((c) => c.ruleId.startsWith('client-'))).toBe(false);
  });

  it.each(['Windows 8', 'Windows Server 2012', 'Windows 7', 'Windows Server 2008', 'Windows Vista'])(
    'on %s needs 08-51 (08-50 fails)',
    (os) => {
      expect(
        stateOf(evaluatePrerequisites(relay({ os, agentVersion: '08-50' }), context), 'relay-version-newer-windows'),
      ).toBe('failed');
      expect(
        stateOf(evaluatePrerequisites(relay({ os, agentVersion: '08-51' }), context), 'relay-version-newer-windows'),
      ).toBe('ok');
    },
  );

  it('remote control through a relay needs 08-51; no version recorded is unverified', () => {
    expect(facility(evaluatePrerequisites(relay({ agentVersion: '08-50' }), context), 'remote-control').verdict).toBe(
      'not-possible',
    );
    expect(facility(evaluatePrerequisites(relay({ agentVersion: null }), context), 'amt-linkage').verdict).toBe(
      'unverified',
    );
  });
});
