// The API handlers against a real store on disk and the AMT simulator over loopback: power on a soft-off
// client (state, event, audit), a wrong password fails only its own client, a client without AMT is
// answered without a connection, and no reply, event or log line of a scripted session holds a password.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_AMT_WORDS } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { Client, ClientId } from '../../../shared/domain';
import type { EventName } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, type Fleet } from '../../sim';

const BASE = '127.110.0.1';
const NO_AMT_ADDRESS = '127.110.1.1';
const DEFAULT_USER = 'admin';

let fleet: Fleet;
let core: Core;
let dir: string;
let noAmtListener: Server;
let noAmtConnections = 0;
const replies: unknown[] = [];
const events: Array<{ event: EventName; payload: unknown }> = [];
const logged: string[] = [];
const ids: Record<'soft' | 'on' | 'wrong' | 'noAmt' | 'second', ClientId> = {} as never;

async function call(
  channel: string,
  request: unknown,
): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  const reply = await core.router.handle(channel, request, { transport: 'test' });
  replies.push(reply);
  return reply as never;
}

/** The clients of one batched clients:changed payload. */
function changedClients(payload: unknown): readonly Client[] {
  return (payload as { clients: readonly Client[] }).clients;
}

function waitForEvent(
  predicate: (event: EventName, payload: unknown) => boolean,
  timeoutMs = 10_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('event did not arrive in time'));
    }, timeoutMs);
    const off = core.events.subscribe((event, payload) => {
      if (!predicate(event, payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

beforeAll(async () => {
  fleet = await startFleet({ count: 4, baseAddress: BASE, timeScale: 0.01, faults: { '2': ['wrongPassword'] } });
  fleet.devices[0]?.setPowerState(POWER_OFF_SOFT);
  // A "PC without AMT" that counts connections, to show the N/A client is never contacted.
  noAmtListener = createServer((socket) => {
    noAmtConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => noAmtListener.listen(16992, NO_AMT_ADDRESS, resolve));

  dir = mkdtempSync(join(tmpdir(), 'api-handlers-'));
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-anna',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
    log: (line) => logged.push(line),
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  expect(
    (
      await call('profiles:set', {
        scope: 'default',
        targetId: null,
        user: DEFAULT_USER,
        password: DEFAULT_SIM_PASSWORD,
      })
    ).ok,
  ).toBe(true);
  const add = async (hostName: string, ip: string, amtVersion: string | null): Promise<ClientId> => {
    const reply = await call('clients:add', { hostName, ip, amtVersion });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    return reply.value.id as ClientId;
  };
  const [d0, d1, d2, d3] = fleet.devices;
  if (!d0 || !d1 || !d2 || !d3) throw new Error('fleet too small');
  ids.soft = await add('pc-soft-off', d0.host, d0.amtVersion);
  ids.on = await add('pc-on', d1.host, d1.amtVersion);
  ids.wrong = await add('pc-wrong-password', d2.host, d2.amtVersion);
  ids.second = await add('pc-second', d3.host, d3.amtVersion);
  ids.noAmt = await add('pc-no-amt', NO_AMT_ADDRESS, null);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  await new Promise<void>((resolve) => (noAmtListener ? noAmtListener.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('power:action against the simulator', () => {
  it('powers on a soft-off client: its state becomes on, clients:changed carries it, and the action is audited', async () => {
    const reachedOn = waitForEvent(
      (event, payload) =>
        event === 'clients:changed' && changedClients(payload).some((c) => c.id === ids.soft && c.power === 'on'),
    );
    const reply = await call('power:action', { ids: [ids.soft], action: 'on', confirmed: false });
    expect(reply.ok).toBe(true);
    expect(reply.value.results).toEqual([expect.objectContaining({ id: ids.soft, ok: true })]);
    await reachedOn;
    expect(fleet.devices[0]?.getPowerState()).toBe(2);
    const snapshot = await call('fleet:snapshot', {});
    expect(snapshot.value.clients.find((c: Client) => c.id === ids.soft)).toMatchObject({ power: 'on', problem: null });
    expect(snapshot.value.clients.find((c: Client) => c.id === ids.soft).lastSeenAt).not.toBeNull();
    const audit = await call('audit:list', { target: 'pc-soft-off', limit: 10 });
    expect(audit.value).toEqual([
      expect.objectContaining({ actor: 'helpdesk-anna', action: 'power:on', target: 'pc-soft-off', result: 'ok' }),
    ]);
  });

  it('gives each client its own result: wrong password and N/A fail alone, the others succeed', async () => {
    const missing = 999_999 as ClientId;
    const reply = await call('power:action', {
      ids: [ids.on, ids.wrong, ids.noAmt, ids.second, missing],
      action: 'on',
      confirmed: false,
    });
    expect(reply.ok).toBe(true);
    const byId = new Map(reply.value.results.map((r: { id: ClientId }) => [r.id, r]));
    expect(byId.get(ids.on)).toMatchObject({ ok: true, power: 'on' });
    expect(byId.get(ids.second)).toMatchObject({ ok: true, power: 'on' });
    expect(byId.get(ids.wrong)).toMatchObject({
      ok: false,
      error: { code: 'auth-failed', message: expect.stringMatching(/password.*credential profile/) },
    });
    expect(byId.get(ids.noAmt)).toEqual({ id: ids.noAmt, ok: false, error: { code: 'no-amt', message: NO_AMT_WORDS } });
    expect(byId.get(missing)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(noAmtConnections).toBe(0);
    // The wrong-password client now shows its problem in the tree; the others do not.
    const snapshot = await call('fleet:snapshot', {});
    const clients = new Map(snapshot.value.clients.map((c: Client) => [c.id, c]));
    expect(clients.get(ids.wrong)).toMatchObject({ problem: { code: 'auth-failed' } });
    expect(clients.get(ids.on)).toMatchObject({ problem: null });
    core.events.flushClientChanges();
    expect(
      events.some(
        (e) =>
          e.event === 'clients:changed' &&
          changedClients(e.payload).some((c) => c.id === ids.wrong && c.problem?.code === 'auth-failed'),
      ),
    ).toBe(true);
    const wrongAudit = await call('audit:list', { target: 'pc-wrong-password', limit: 10 });
    expect(wrongAudit.value[0]).toMatchObject({ action: 'power:on', result: 'failed' });
    const naAudit = await call('audit:list', { target: 'pc-no-amt', limit: 10 });
    expect(naAudit.value[0]).toMatchObject({ action: 'power:on', result: 'failed', detail: NO_AMT_WORDS });
  });

  it('refuses a destructive action without confirmation and sends nothing', async () => {
    const before = fleet.devices[1]?.stats.requests;
    const reply = await call('power:action', { ids: [ids.on], action: 'off', confirmed: false });
    expect(reply).toMatchObject({ ok: false, error: { code: 'confirmation-required' } });
    expect(fleet.devices[1]?.stats.requests).toBe(before);
    expect(fleet.devices[1]?.getPowerState()).toBe(2);
  });
});

describe('clients:refresh and clients:details against the simulator', () => {
  it('refreshes power state per client, N/A without a connection', async () => {
    fleet.devices[3]?.setPowerState(POWER_OFF_SOFT);
    const reply = await call('clients:refresh', { ids: [ids.second, ids.noAmt, ids.wrong] });
    const results = reply.value.results;
    expect(results[0]).toMatchObject({ id: ids.second, ok: true, power: 'soft-off' });
    expect(results[1]).toMatchObject({ id: ids.noAmt, ok: false, error: { code: 'no-amt' } });
    expect(results[2]).toMatchObject({ id: ids.wrong, ok: false, error: { code: 'auth-failed' } });
    expect(noAmtConnections).toBe(0);
  });

  it('reads system, network and inventory of a client; an N/A client gets the stored data only', async () => {
    const device = fleet.devices[1];
    const details = await call('clients:details', { id: ids.on });
    expect(details.ok, JSON.stringify(details)).toBe(true);
    expect(details.value.system).toMatchObject({ hostName: device?.hostName });
    expect(details.value.system.amtVersion.startsWith(`${device?.amtVersion}`)).toBe(true);
    expect(details.value.network.length).toBeGreaterThan(0);
    expect(details.value.inventory.processors.length).toBeGreaterThan(0);
    expect(details.value.audit[0]).toMatchObject({ action: 'power:on', target: 'pc-on' });
    const na = await call('clients:details', { id: ids.noAmt });
    expect(na.value).toMatchObject({ system: null, inventory: null, client: { amtVersion: null } });
    const gone = await call('clients:details', { id: 424242 });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('reports the M3 prerequisites: firmware met on an AMT client, failed on the N/A one, unknown DHCP and agent left unverified', async () => {
    const details = await call('clients:details', { id: ids.on });
    const linkage = details.value.prerequisites.find((p: { facility: string }) => p.facility === 'amt-linkage');
    expect(linkage.checks.find((c: { ruleId: string }) => c.ruleId === 'client-amt-firmware')).toMatchObject({
      state: 'ok',
      ok: true,
    });
    // Added without DHCP or agent version: not silently possible.
    expect(linkage.checks.find((c: { ruleId: string }) => c.ruleId === 'client-dhcp')).toMatchObject({
      state: 'unknown',
      ok: false,
    });
    expect(linkage).toMatchObject({ verdict: 'unverified', possible: false });
    const na = await call('clients:details', { id: ids.noAmt });
    const naLinkage = na.value.prerequisites.find((p: { facility: string }) => p.facility === 'amt-linkage');
    expect(naLinkage).toMatchObject({ verdict: 'not-possible', possible: false });
    expect(naLinkage.checks.find((c: { ruleId: string }) => c.ruleId === 'client-amt-firmware')).toMatchObject({
      state: 'failed',
      words: expect.stringMatching(/N\/A/),
    });
    expect(na.value.prerequisites.map((p: { facility: string }) => p.facility)).toEqual([
      'amt-linkage',
      'remote-control',
    ]);
  });
});

describe('fleet shape changes', () => {
  it('discovers a range through the router and announces the change', async () => {
    const changed = waitForEvent((event) => event === 'fleet:changed');
    const reply = await call('clients:discover', { range: '127.110.0.1-4' });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(reply.value.scanned).toBe(4);
    // Already known by address: updated, not duplicated; the wrong-password PC is found with its problem.
    expect(reply.value.found.map((c: Client) => c.ip).sort()).toEqual(fleet.devices.map((d) => d.host).sort());
    await changed;
    const snapshot = await call('fleet:snapshot', {});
    expect(snapshot.value.clients).toHaveLength(5);
  });

  it('removes clients and emits clients:removed with their ids', async () => {
    const extra = await call('clients:add', { hostName: 'pc-temporary', ip: '127.110.7.7' });
    const removed = waitForEvent((event) => event === 'clients:removed');
    expect(await call('clients:remove', { ids: [extra.value.id, 777_777] })).toEqual({
      ok: true,
      value: { removed: 1 },
    });
    expect(await removed).toEqual({ ids: [extra.value.id] });
    expect(await call('clients:add', { hostName: 'pc-on', ip: '127.110.7.8' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});

describe('credentials never leave main', () => {
  it('no reply, event or log line of the session contains a password', async () => {
    // A few more channels so the scan covers them: profiles, CSV with a bad row, relays, duplicates.
    await call('profiles:list', {});
    await call('profiles:set', { scope: 'client', targetId: ids.wrong, user: DEFAULT_USER, password: 'Other-Pass9#' });
    await call('relays:add', { name: 'Relay East', kind: 'relay-manager', host: '127.110.9.1' });
    await call('clients:import-csv', { csv: 'Host name,IP address\nimported-1,127.110.9.2\n,\n' });
    await call('clients:add', { hostName: 'pc-on', ip: '127.110.9.3' });
    await call('clients:refresh', { ids: [ids.wrong] });
    const profiles = await call('profiles:list', {});
    expect(profiles.value.every((p: Record<string, unknown>) => !('password' in p) && p.hasPassword === true)).toBe(
      true,
    );
    const secrets = [DEFAULT_SIM_PASSWORD, 'Other-Pass9#', fleet.devices[2]?.password ?? ''];
    const seen = JSON.stringify({ replies, events, logged });
    for (const secret of secrets) expect(seen).not.toContain(secret);
    expect(replies.length).toBeGreaterThan(15);
  });
});
