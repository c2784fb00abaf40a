// Issue 12 item 7: old-TLS devices are an explicit, visible per-client setting, end to end through the router
// against the simulator over loopback. An AMT 11.x device that speaks only TLS 1.0/1.1 with RSA key-exchange
// suites (the simulator's legacyTlsForAmt11) is refused by default (WS-Man and the SOL redirection port, with no
// plain-HTTP fallback), reached once clients:set-legacy-tls turns the setting on, refused again once it is off;
// the setting is stored (it survives a restart), audited, pushed as client:changed, and checked by zod.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { Client, ClientId } from '../../../shared/domain';
import type { EventName, EventPayloads } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, type Fleet, type SimDevice } from '../../sim';

// This file's loopback block: 127.80.0.0/16 (issue 12 item 7).
const BASE = '127.80.0.1';
const WAIT_MS = 10_000;
const TEST: CallContext = { transport: 'test' };
/** A seed whose 12-device fleet has AMT 11.x and newer devices (as in test/sim/wire-shape.test.ts). */
const SEED = 'wire';

let fleet: Fleet;
let core: Core;
let dir: string;
let oldDevice: SimDevice;
let newDevice: SimDevice;
let oldId: ClientId;
let newId: ClientId;
const events: Array<{ event: EventName; payload: unknown }> = [];

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string } };
async function call(channel: string, request: unknown): Promise<Reply> {
  return (await core.router.handle(channel, request, TEST)) as Reply;
}

function startCore(): Core {
  return createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-tls',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
    log: () => undefined,
  });
}

async function refresh(
  id: ClientId,
): Promise<{ ok: boolean; power?: string; error?: { code: string; message: string } }> {
  const reply = await call('clients:refresh', { ids: [id] });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  return reply.value.results[0];
}

/** Polls every 20 ms, at most WAIT_MS. */
async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type SolState = EventPayloads['sol:state'];
async function solOutcome(id: ClientId): Promise<SolState> {
  const reply = await call('sol:open', { id });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  const sessionId = reply.value.sessionId as string;
  const states = (): SolState[] =>
    events
      .filter((e) => e.event === 'sol:state' && (e.payload as SolState).sessionId === sessionId)
      .map((e) => e.payload as SolState);
  await until('the SOL session to open or fail', () =>
    states().some((s) => s.state === 'open' || s.state === 'failed'),
  );
  const outcome = states().find((s) => s.state === 'open' || s.state === 'failed') as SolState;
  if (outcome.state === 'open') expect((await call('sol:close', { sessionId })).ok).toBe(true);
  return outcome;
}

beforeAll(async () => {
  fleet = await startFleet({ count: 12, seed: SEED, baseAddress: BASE, timeScale: 0.01, legacyTlsForAmt11: true });
  const major = (d: SimDevice): number => Number(d.amtVersion.split('.')[0]);
  const found = fleet.amtDevices.find((d) => major(d) === 11);
  const modern = fleet.amtDevices.find((d) => major(d) >= 12);
  if (!found || !modern) throw new Error(`seed ${SEED} no longer gives an AMT 11 and a newer device`);
  oldDevice = found;
  newDevice = modern;
  dir = mkdtempSync(join(tmpdir(), 'api-legacy-tls-'));
  core = startCore();
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD }))
      .ok,
  ).toBe(true);
  const add = async (hostName: string, device: SimDevice): Promise<ClientId> => {
    const reply = await call('clients:add', { hostName, ip: device.host, amtVersion: device.amtVersion });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    return reply.value.id as ClientId;
  };
  oldId = await add('pc-amt11', oldDevice);
  newId = await add('pc-modern', newDevice);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the old-TLS setting of a client', () => {
  it('is off for a new client, and an AMT 11 device that speaks only TLS 1.0/1.1 is then refused without plain HTTP', async () => {
    const snapshot = await call('fleet:snapshot', {});
    const stored = (snapshot.value.clients as Client[]).find((c) => c.id === oldId);
    expect(stored?.legacyTls).toBe(false);
    const result = await refresh(oldId);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('tls-error');
    // The words say what to change, and nothing was sent in clear (issue 12 item 1 stays true).
    expect(result.error?.message).toMatch(/old TLS/);
    expect(oldDevice.stats.plainConnections).toBe(0);
    expect(oldDevice.stats.requests).toBe(0);
    const sol = await solOutcome(oldId);
    expect(sol.state).toBe('failed');
    // No fallback to the plain redirection port either (it counts plain connections only).
    expect(oldDevice.stats.redirectionConnections).toBe(0);
  });

  it('turned on through clients:set-legacy-tls reaches the device (WS-Man and SOL over TLS), audited and pushed', async () => {
    const before = events.length;
    const reply = await call('clients:set-legacy-tls', { ids: [oldId], enabled: true });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(reply.value.clients).toHaveLength(1);
    expect(reply.value.clients[0]).toMatchObject({ id: oldId, legacyTls: true });
    const changed = events
      .slice(before)
      .filter((e) => e.event === 'clients:changed')
      .flatMap((e) => (e.payload as { clients: Client[] }).clients);
    expect(changed.some((c) => c.id === oldId && c.legacyTls)).toBe(true);
    const audit = await call('audit:list', { target: 'pc-amt11', limit: 5 });
    expect(audit.value[0]).toMatchObject({
      actor: 'helpdesk-tls',
      action: 'clients:set-legacy-tls',
      result: 'ok',
      detail: expect.stringMatching(/weak/),
    });

    const result = await refresh(oldId);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, power: 'on' });
    expect(oldDevice.stats.requests).toBeGreaterThan(0);
    expect(oldDevice.stats.plainConnections).toBe(0);
    const sol = await solOutcome(oldId);
    expect(sol, JSON.stringify(sol)).toMatchObject({ state: 'open' });
  });

  it('weakens nothing for other clients: a newer device stays reachable either way, the AMT 11 one only with it', async () => {
    expect((await refresh(newId)).ok).toBe(true);
    expect((await call('clients:set-legacy-tls', { ids: [newId], enabled: true })).ok).toBe(true);
    // The profile only lowers the floor: a TLS 1.2 device still negotiates TLS 1.2 suites.
    expect((await refresh(newId)).ok).toBe(true);
    expect((await call('clients:set-legacy-tls', { ids: [newId], enabled: false })).ok).toBe(true);
    expect((await refresh(newId)).ok).toBe(true);
  });

  it('is stored: after a restart of the console the AMT 11 client keeps it and is still reached', async () => {
    await core.close();
    core = startCore();
    core.events.subscribe((event, payload) => events.push({ event, payload }));
    const snapshot = await call('fleet:snapshot', {});
    const byId = new Map((snapshot.value.clients as Client[]).map((c) => [c.id, c]));
    expect(byId.get(oldId)?.legacyTls).toBe(true);
    expect(byId.get(newId)?.legacyTls).toBe(false);
    expect((await refresh(oldId)).ok).toBe(true);
  });

  it('turned off again, the AMT 11 device is refused again (the pooled transport is rebuilt)', async () => {
    const reply = await call('clients:set-legacy-tls', { ids: [oldId], enabled: false });
    expect(reply.value.clients[0]).toMatchObject({ id: oldId, legacyTls: false });
    const audit = await call('audit:list', { target: 'pc-amt11', limit: 1 });
    expect(audit.value[0]).toMatchObject({ action: 'clients:set-legacy-tls', detail: expect.stringMatching(/off/) });
    const result = await refresh(oldId);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('tls-error');
  });

  it('refuses bad input with the field named, and an unknown id changes nothing', async () => {
    const notBoolean = await call('clients:set-legacy-tls', { ids: [oldId], enabled: 'yes' });
    expect(notBoolean).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/enabled/) },
    });
    const extra = await call('clients:set-legacy-tls', { ids: [oldId], enabled: true, everyone: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const noIds = await call('clients:set-legacy-tls', { ids: [], enabled: true });
    expect(noIds).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/ids/) },
    });
    const unknown = await call('clients:set-legacy-tls', { ids: [oldId, 999_999], enabled: true });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/#999999/) },
    });
    const snapshot = await call('fleet:snapshot', {});
    expect((snapshot.value.clients as Client[]).find((c) => c.id === oldId)?.legacyTls).toBe(false);
  });
});
