// Issue 9 through the router against the simulator over loopback: user consent in client control mode
// (consent:start shows a code on the client's screen, consent:send-code with the right code lets SOL, IDE-R and the
// boot go on; a wrong code and an expired code each fail with their own code and words; sol:open, ider:start and
// clients:boot without consent fail with 'consent-required', nothing sent) and a redirection service that is off
// (SOL switched off, listener off: 'redirection-disabled' naming what is off; redirection:enable turns it on and
// says what it changed). Every step audited, the code never in the audit log. Loopback range: 127.164.9.0/24.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { ClientId } from '../../../shared/domain';
import type { EventName, EventPayloads } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, type Fleet, type SimDevice } from '../../sim';

const BASE = '127.164.9.1';
const WAIT_MS = 10_000;
const CODE_TIMEOUT_MS = 800;
const OPT_IN_ALL = 4294967295;
const POWER_SOFT_OFF = 8;
const TEST: CallContext = { transport: 'test' };

let fleet: Fleet;
let core: Core;
let dir: string;
let floppy: string;
const events: Array<{ event: EventName; payload: unknown }> = [];
const ids: ClientId[] = [];

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string; field?: string } };
async function call(channel: string, request: unknown): Promise<Reply> {
  return (await core.router.handle(channel, request, TEST)) as Reply;
}
const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;

type SolStateEvent = EventPayloads['sol:state'];
type IderStateEvent = EventPayloads['ider:state'];
function lastOf<T extends { sessionId: string }>(name: EventName, sessionId: string): T | undefined {
  return events
    .filter((e) => e.event === name && (e.payload as T).sessionId === sessionId)
    .map((e) => e.payload as T)
    .at(-1);
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** sol:open, then its last state once it settled (open or failed). */
async function openSolSettled(i: number): Promise<{ sessionId: string; state: SolStateEvent }> {
  const reply = await call('sol:open', { id: ids[i] });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  const sessionId = reply.value.sessionId as string;
  await until('the SOL session to settle', () => {
    const s = lastOf<SolStateEvent>('sol:state', sessionId)?.state;
    return s === 'open' || s === 'failed';
  });
  return { sessionId, state: lastOf<SolStateEvent>('sol:state', sessionId) as SolStateEvent };
}

async function auditOf(i: number): Promise<Array<{ action: string; result: string; detail: string }>> {
  const reply = await call('audit:list', { target: `pc-consent-${i}`, limit: 100 });
  return reply.value as Array<{ action: string; result: string; detail: string }>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-consent-'));
  floppy = join(dir, 'diag.img');
  writeFileSync(floppy, Buffer.alloc(2880 * 512, 0x5a));
  fleet = await startFleet({
    count: 4,
    baseAddress: BASE,
    timeScale: 0.01,
    initialPowerState: POWER_SOFT_OFF,
    optInRequired: OPT_IN_ALL,
    optInCodeTimeoutMs: CODE_TIMEOUT_MS,
  });
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-consent',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  const profile = { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD };
  expect((await call('profiles:set', profile)).ok).toBe(true);
  for (const [i, d] of fleet.devices.entries()) {
    const reply = await call('clients:add', { hostName: `pc-consent-${i}`, ip: d.host, amtVersion: d.amtVersion });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    ids.push(reply.value.id as ClientId);
  }
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('user consent in client control mode', () => {
  it('refuses SOL without consent (consent-required, nothing opened), then opens it after the right code', async () => {
    const d = device(0);
    const refused = await openSolSettled(0);
    expect(refused.state).toMatchObject({ state: 'failed', code: 'consent-required' });
    expect(refused.state.words).toMatch(/client control mode/);
    expect(d.redirectionStats().sessions).toBe(0);
    expect(d.redirectionStats().refusals).toBe(0); // the console asked WS-Man first; the port never saw it

    const started = await call('consent:start', { id: ids[0] });
    expect(started).toMatchObject({ ok: true, value: { needed: true, codeTimeoutSec: 1 } });
    const code = d.optInCode();
    expect(code).not.toBeNull();
    const typed = String(code).padStart(6, '0');
    expect(await call('consent:send-code', { id: ids[0], code: typed })).toMatchObject({
      ok: true,
      value: { accepted: true },
    });
    const opened = await openSolSettled(0);
    expect(opened.state.state).toBe('open');
    expect(d.redirectionSettings().optInState).toBe(4); // in session
    await call('sol:close', { sessionId: opened.sessionId });

    const audit = await auditOf(0);
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(
      expect.arrayContaining(['consent:start ok', 'consent:send-code ok', 'sol:open failed', 'sol:open ok']),
    );
    expect(JSON.stringify(audit)).not.toContain(typed);
  });

  it('a wrong code says so and the right one still works; IDE-R and the boot then go on', async () => {
    const d = device(1);
    expect((await call('consent:start', { id: ids[1] })).ok).toBe(true);
    const code = d.optInCode() as number;
    const wrong = String((code + 1) % 1_000_000).padStart(6, '0');
    const refused = await call('consent:send-code', { id: ids[1], code: wrong });
    expect(refused).toMatchObject({ ok: false, error: { code: 'consent-wrong-code' } });
    expect(refused.error?.message).toMatch(/not the code shown on the PC's screen/);
    // The client is not marked: consent is not a fault of the client.
    const snapshot = (await call('fleet:snapshot', {})).value as { clients: Array<{ id: number; problem: unknown }> };
    expect(snapshot.clients.find((c) => c.id === ids[1])?.problem).toBeNull();

    expect((await call('consent:send-code', { id: ids[1], code: String(code).padStart(6, '0') })).ok).toBe(true);
    const ider = await call('ider:start', { id: ids[1], media: 'floppy', path: floppy, startMode: 'now' });
    expect(ider.ok).toBe(true);
    const sessionId = ider.value.sessionId as string;
    await until('IDE-R active', () => lastOf<IderStateEvent>('ider:state', sessionId)?.state === 'active');
    const boot = await call('clients:boot', { ids: [ids[1]], target: 'ider-floppy', useSol: false, confirmed: true });
    expect(boot.value.results[0]).toMatchObject({ ok: true });
    await until('the client to boot from the redirected floppy', () => d.lastBoot()?.plan.target === 'ider-floppy');
    await call('ider:stop', { sessionId });
  });

  it('a code typed after it expired is consent-expired; boot and IDE-R without consent are refused', async () => {
    const d = device(2);
    expect((await call('consent:start', { id: ids[2] })).ok).toBe(true);
    const code = String(d.optInCode() as number).padStart(6, '0');
    await new Promise((resolve) => setTimeout(resolve, CODE_TIMEOUT_MS + 300));
    const late = await call('consent:send-code', { id: ids[2], code });
    expect(late).toMatchObject({ ok: false, error: { code: 'consent-expired' } });
    expect(late.error?.message).toMatch(/timed out/);

    const boot = await call('clients:boot', { ids: [ids[2]], target: 'bios', useSol: true, confirmed: true });
    expect(boot.value.results[0]).toMatchObject({ ok: false, error: { code: 'consent-required' } });
    expect(d.nextBoot().target).toBe('default'); // nothing was set
    const ider = await call('ider:start', { id: ids[2], media: 'floppy', path: floppy, startMode: 'now' });
    const sessionId = ider.value.sessionId as string;
    await until('IDE-R to fail', () => lastOf<IderStateEvent>('ider:state', sessionId)?.state === 'failed');
    expect(lastOf<IderStateEvent>('ider:state', sessionId)).toMatchObject({ code: 'consent-required' });
    expect(d.redirectionStats().iderSessions).toBe(0);
  });

  it('refuses a malformed code at the schema, before AMT is asked', async () => {
    for (const code of ['12345', '1234567', '12a456', ' 123456']) {
      expect(await call('consent:send-code', { id: ids[2], code })).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
    }
  });
});

describe('redirection service off', () => {
  it('names what is off, turns it on on request, says what it changed, and SOL then works', async () => {
    const d = device(3);
    await d.configureRedirection({ enabledState: 32769, listenerEnabled: false }); // IDE-R only, listener off
    const refused = await openSolSettled(3);
    expect(refused.state).toMatchObject({ state: 'failed', code: 'redirection-disabled' });
    expect(refused.state.words).toMatch(/Serial-over-LAN is switched off and the redirection listener/);
    const snapshot = (await call('fleet:snapshot', {})).value as {
      clients: Array<{ id: number; problem: { code: string } | null }>;
    };
    expect(snapshot.clients.find((c) => c.id === ids[3])?.problem?.code).toBe('redirection-disabled');

    const enabled = await call('redirection:enable', { id: ids[3], features: ['sol'] });
    expect(enabled).toMatchObject({ ok: true });
    expect(enabled.value.changes).toEqual([
      'Serial-over-LAN switched on',
      'the redirection listener (ports 16994/16995) turned on',
    ]);
    expect(d.redirectionSettings()).toMatchObject({ enabledState: 32771, listenerEnabled: true });
    const again = await call('redirection:enable', { id: ids[3], features: ['sol', 'ider'] });
    expect(again.value.changes).toEqual([]);
    const audit = await auditOf(3);
    const details = audit.filter((a) => a.action === 'redirection:enable').map((a) => a.detail);
    expect(details).toEqual(
      expect.arrayContaining([expect.stringMatching(/Serial-over-LAN switched on; the redirection/)]),
    );

    // Still client control mode: consent, then the session opens.
    expect((await call('consent:start', { id: ids[3] })).ok).toBe(true);
    const code = String(d.optInCode() as number).padStart(6, '0');
    expect((await call('consent:send-code', { id: ids[3], code })).ok).toBe(true);
    const opened = await openSolSettled(3);
    expect(opened.state.state).toBe('open');
    await call('sol:close', { sessionId: opened.sessionId });
  });

  it('refuses an unknown feature and an empty list at the schema', async () => {
    expect(await call('redirection:enable', { id: ids[3], features: [] })).toMatchObject({
      error: { code: 'invalid-request' },
    });
    expect(await call('redirection:enable', { id: ids[3], features: ['kvm'] })).toMatchObject({
      error: { code: 'invalid-request' },
    });
  });
});
