// The console's channels for M4 and M2/M3 at fleet scale, through the router against the simulator: the
// "Store host ID" bulk action gives each selected client its own result in words (ok, no AMT, no 3PDS, wrong
// password), clients:details then shows where the ID is kept; fleet:eligibility and fleet:prerequisites-report
// answer from the same table (with CSV), and an unknown relay is refused. Loopback range: 127.100.50.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { ClientId } from '../../../shared/domain';
import { DEFAULT_SIM_PASSWORD, startFleet, type Fleet } from '../../sim';

const BASE = '127.100.50.1';
let fleet: Fleet;
let core: Core;
let dir: string;
const ids: ClientId[] = [];

async function call(
  channel: string,
  request: unknown,
): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  return (await core.router.handle(channel, request, { transport: 'test' })) as never;
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 3,
    baseAddress: BASE,
    timeScale: 0.01,
    faults: { '1': ['noThirdPartyStorage'], '2': ['wrongPassword'] },
  });
  dir = mkdtempSync(join(tmpdir(), 'api-hostid-'));
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'admin-ben',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    log: () => undefined,
  });
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD }))
      .ok,
  ).toBe(true);
  for (const d of fleet.devices) {
    const reply = await call('clients:add', {
      hostName: d.hostName,
      ip: d.host,
      amtVersion: d.amtVersion,
      dhcp: true,
      agentVersion: '09-50',
      os: 'Windows 10',
    });
    ids.push(reply.value.id);
  }
  const none = await call('clients:add', {
    hostName: 'pc-no-amt',
    ip: '127.100.50.200',
    amtVersion: null,
    dhcp: null,
    agentVersion: '09-50',
    os: 'Windows 10',
  });
  ids.push(none.value.id);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Store host ID and the prerequisites report over the router', () => {
  it('stores host IDs for a selection with one result per client, in words', async () => {
    const reply = await call('clients:store-host-id', { ids });
    expect(reply.ok).toBe(true);
    const [stored, platform, wrong, noAmt] = reply.value.results;
    expect(stored).toMatchObject({ ok: true, kept: 'amt-storage' });
    expect(stored.words).toMatch(/Written to AMT storage/);
    expect(platform).toMatchObject({ ok: true, kept: 'platform-uuid', hostId: fleet.devices[1]!.uuid });
    expect(platform.words).toMatch(/no Third Party Data Storage/);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(wrong.words).toMatch(/refused the user name or password/);
    expect(noAmt).toMatchObject({ ok: false, error: { code: 'no-amt' } });
    const details = await call('clients:details', { id: ids[0] });
    expect(details.value.hostId.identity).toMatchObject({ hostId: stored.hostId, kept: 'amt-storage' });
    expect(details.value.audit.map((a: { action: string }) => a.action)).toContain('host-id:store');
    expect(JSON.stringify(reply)).not.toContain(DEFAULT_SIM_PASSWORD);
  });

  it('answers the eligibility filters and the report from the same table, with CSV', async () => {
    const filters = await call('fleet:eligibility', {});
    expect(filters.value['cannot-use-amt']).toEqual([ids[3]]);
    expect(filters.value['needs-wake-on-lan']).toEqual(expect.arrayContaining([ids[3], ids[2]]));
    expect(filters.value['prerequisite-unknown']).toEqual([ids[3]]); // its DHCP is not known
    const report = await call('fleet:prerequisites-report', { relayId: null });
    expect(report.value.report.totals).toEqual({ clients: 4, relays: 0, withFindings: 1 });
    const row = report.value.report.rows.find((r: { name: string }) => r.name === 'pc-no-amt');
    expect(row.findings.map((f: { ruleId: string; state: string }) => `${f.ruleId}:${f.state}`)).toEqual([
      'client-amt-firmware:failed',
      'client-dhcp:unknown',
    ]);
    expect(report.value.csv.split('\r\n')[0]).toMatch(/^Kind,Name,Below/);
    const missing = await call('fleet:prerequisites-report', { relayId: 999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await call('fleet:prerequisites-report', { relayId: 'east' });
    expect(bad.ok).toBe(false);
  });
});
