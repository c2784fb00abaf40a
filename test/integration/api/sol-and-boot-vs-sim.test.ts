// clients:boot and the SOL channels (mission M5) through the router against the simulator over loopback: boot to
// BIOS setup with SOL, the BIOS banner in sol:data, ESC [ B moving the selection, close, busy on a second open,
// a wrong password failing only its own session, an N/A client refused without a connection, sessions ending
// with their connection, and the redirection port of a single-address client (its amtPort + 2).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_AMT_WORDS, type CallContext } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { ClientId } from '../../../shared/domain';
import type { EventName, EventPayloads } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, POST_BANNER, SETUP_TITLE, type Fleet } from '../../sim';

const BASE = '127.160.0.1';
const SINGLE_ADDRESS = '127.161.0.1';
const SINGLE_BASE_PORT = 21_000;
const NO_AMT_ADDRESS = '127.160.1.1';
const WAIT_MS = 10_000;
const ESC = '\x1b';
const TEST: CallContext = { transport: 'test' };

let fleet: Fleet;
let single: Fleet;
let core: Core;
let dir: string;
let noAmtListener: Server;
let noAmtConnections = 0;
const events: Array<{ event: EventName; payload: unknown }> = [];
const logged: string[] = [];
const ids: Record<'boot' | 'sol' | 'wrong' | 'second' | 'noAmt' | 'single', ClientId> = {} as never;

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string } };
async function call(channel: string, request: unknown, context: CallContext = TEST): Promise<Reply> {
  return (await core.router.handle(channel, request, context)) as Reply;
}

type SolState = EventPayloads['sol:state'];
function solStates(sessionId: string): SolState[] {
  return events
    .filter((e) => e.event === 'sol:state' && (e.payload as SolState).sessionId === sessionId)
    .map((e) => e.payload as SolState);
}
function solText(sessionId: string): string {
  return events
    .filter((e) => e.event === 'sol:data' && (e.payload as EventPayloads['sol:data']).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as EventPayloads['sol:data']).data).toString('latin1'))
    .join('');
}

/** Polls a condition every 20 ms, at most WAIT_MS. */
async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function openSol(id: ClientId, context: CallContext = TEST): Promise<string> {
  const reply = await call('sol:open', { id }, context);
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  return reply.value.sessionId as string;
}

beforeAll(async () => {
  fleet = await startFleet({ count: 4, baseAddress: BASE, timeScale: 0.01 });
  single = await startFleet({
    count: 1,
    singleAddress: SINGLE_ADDRESS,
    basePort: SINGLE_BASE_PORT,
    timeScale: 0.01,
    seed: 'single',
  });
  noAmtListener = createServer((socket) => {
    noAmtConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => noAmtListener.listen(16992, NO_AMT_ADDRESS, resolve));
  dir = mkdtempSync(join(tmpdir(), 'api-sol-'));
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-sol',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
    log: (line) => logged.push(line),
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD }))
      .ok,
  ).toBe(true);
  const add = async (request: Record<string, unknown>): Promise<ClientId> => {
    const reply = await call('clients:add', request);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    return reply.value.id as ClientId;
  };
  const [d0, d1, d2, d3] = fleet.devices;
  const s0 = single.devices[0];
  if (!d0 || !d1 || !d2 || !d3 || !s0) throw new Error('fleet too small');
  ids.boot = await add({ hostName: 'pc-boot', ip: d0.host, amtVersion: d0.amtVersion });
  ids.sol = await add({ hostName: 'pc-sol', ip: d1.host, amtVersion: d1.amtVersion });
  ids.wrong = await add({ hostName: 'pc-wrong', ip: d2.host, amtVersion: d2.amtVersion });
  ids.second = await add({ hostName: 'pc-second', ip: d3.host, amtVersion: d3.amtVersion });
  ids.noAmt = await add({ hostName: 'pc-no-amt', ip: NO_AMT_ADDRESS, amtVersion: null });
  ids.single = await add({ hostName: 'pc-single', ip: s0.host, amtPort: s0.httpPort, amtVersion: s0.amtVersion });
  // A wrong password for this one client only (client-scope credential profile).
  expect(
    (await call('profiles:set', { scope: 'client', targetId: ids.wrong, user: 'admin', password: 'Wrong-Pass9!' })).ok,
  ).toBe(true);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  await single?.close();
  await new Promise<void>((resolve) => (noAmtListener ? noAmtListener.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('clients:boot', () => {
  it('boots a running client into BIOS setup with its console on SOL, audited, and refuses N/A without a connection', async () => {
    const device = fleet.devices[0];
    const bootsBefore = device?.bootHistory().length ?? 0;
    const reply = await call('clients:boot', {
      ids: [ids.boot, ids.noAmt],
      target: 'bios',
      useSol: true,
      confirmed: true,
    });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const byId = new Map(reply.value.results.map((r: { id: ClientId }) => [r.id, r]));
    expect(byId.get(ids.boot)).toMatchObject({ ok: true });
    expect(byId.get(ids.noAmt)).toEqual({ id: ids.noAmt, ok: false, error: { code: 'no-amt', message: NO_AMT_WORDS } });
    expect(noAmtConnections).toBe(0);
    // The reset happens in the simulator's (scaled) time; its boot record shows what the PC booted into.
    await until('the simulated reset', () => (device?.bootHistory().length ?? 0) > bootsBefore);
    expect(device?.lastBoot()?.plan).toMatchObject({ target: 'bios-setup', biosSetup: true, useSol: true, role: 1 });
    const audit = await call('audit:list', { target: 'pc-boot', limit: 5 });
    expect(audit.value[0]).toMatchObject({
      actor: 'helpdesk-sol',
      action: 'boot:bios',
      result: 'ok',
      detail: expect.stringMatching(/BIOS setup with its console on Serial-over-LAN; reset/),
    });
    const naAudit = await call('audit:list', { target: 'pc-no-amt', limit: 5 });
    expect(naAudit.value[0]).toMatchObject({ action: 'boot:bios', result: 'failed', detail: NO_AMT_WORDS });
  });

  it('needs confirmation and sends nothing without it', async () => {
    const before = fleet.devices[0]?.stats.requests;
    const reply = await call('clients:boot', { ids: [ids.boot], target: 'pxe', useSol: false, confirmed: false });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'confirmation-required', message: expect.stringMatching(/unsaved work/) },
    });
    expect(fleet.devices[0]?.stats.requests).toBe(before);
  });

  it('refuses an IDE-R target for a client this console serves no such image to, rather than boot it into a missing drive', async () => {
    const before = fleet.devices[0]?.stats.requests;
    for (const [target, what] of [
      ['ider-floppy', 'floppy'],
      ['ider-cd', 'CD'],
    ] as const) {
      const reply = await call('clients:boot', { ids: [ids.boot], target, useSol: false, confirmed: true });
      expect(reply.ok).toBe(true);
      expect(reply.value.results).toEqual([
        {
          id: ids.boot,
          ok: false,
          error: {
            code: 'ider-not-active',
            message: expect.stringContaining(`not serving a ${what} image to pc-boot`),
          },
        },
      ]);
    }
    expect(fleet.devices[0]?.stats.requests).toBe(before);
  });
});

describe('sol:open / sol:send / sol:close', () => {
  it('opens SOL, shows the BIOS, moves the selection with ESC [ B, refuses a second open as busy, and closes', async () => {
    const sessionId = await openSol(ids.sol);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await until('the BIOS setup screen', () => solText(sessionId).includes(SETUP_TITLE));
    expect(solText(sessionId)).toContain(POST_BANNER);
    expect(solText(sessionId)).toContain('Selected: Main');
    // 'open' repeats when SOL's host status reports the power (0x29): the simulated PC is on.
    expect([...new Set(solStates(sessionId).map((s) => s.state))]).toEqual(['connecting', 'open']);
    await until('the host power from SOL', () => solStates(sessionId).some((s) => s.hostPoweredOn === true));
    expect(solStates(sessionId).at(-1)).toMatchObject({ clientId: ids.sol, state: 'open', hostPoweredOn: true });
    // The first data event comes after 'open'.
    const firstData = events.findIndex(
      (e) => e.event === 'sol:data' && (e.payload as { sessionId: string }).sessionId === sessionId,
    );
    const openAt = events.findIndex(
      (e) =>
        e.event === 'sol:state' &&
        (e.payload as SolState).sessionId === sessionId &&
        (e.payload as SolState).state === 'open',
    );
    expect(openAt).toBeLessThan(firstData);

    const busy = await call('sol:open', { id: ids.sol });
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringMatching(/already open/) } });

    const sent = await call('sol:send', { sessionId, data: new TextEncoder().encode(`${ESC}[B`) });
    expect(sent).toEqual({ ok: true, value: { sent: 3 } });
    await until('the selection to move', () => solText(sessionId).includes('Selected: Advanced'));

    const closed = await call('sol:close', { sessionId });
    expect(closed).toEqual({ ok: true, value: { closed: true } });
    expect(solStates(sessionId).at(-1)).toMatchObject({
      state: 'closed',
      words: expect.stringMatching(/closed by the user/),
    });
    await until('the simulator to release SOL', () => fleet.devices[1]?.solActive() === false);
    expect(await call('sol:close', { sessionId })).toEqual({ ok: true, value: { closed: false } });
    expect(await call('sol:send', { sessionId, data: new Uint8Array([13]) })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const audit = await call('audit:list', { target: 'pc-sol', limit: 5 });
    expect(audit.value.map((a: { action: string; result: string }) => `${a.action} ${a.result}`)).toEqual([
      'sol:close ok',
      'sol:open failed',
      'sol:open ok',
    ]);
    expect(audit.value[1]).toMatchObject({ detail: expect.stringMatching(/already open/) });
  });

  it('fails a wrong-password session with words while another client opens fine, and never logs the password', async () => {
    const wrong = await openSol(ids.wrong);
    const fine = await openSol(ids.second);
    await until('the wrong-password session to fail', () => solStates(wrong).some((s) => s.state === 'failed'));
    await until('the other session to open', () => solStates(fine).some((s) => s.state === 'open'));
    expect(solStates(wrong).at(-1)).toMatchObject({
      state: 'failed',
      clientId: ids.wrong,
      words: expect.stringMatching(/password/i),
    });
    const audit = await call('audit:list', { target: 'pc-wrong', limit: 5 });
    expect(audit.value[0]).toMatchObject({ action: 'sol:open', result: 'failed' });
    // A wrong SOL password is the client's problem, as a wrong WS-Man password is (the tree and details show it).
    const details = await call('fleet:snapshot', {});
    const client = (details.value.clients as Array<{ id: number; problem: { code: string } | null }>).find(
      (c) => c.id === ids.wrong,
    );
    expect(client?.problem?.code).toBe('auth-failed');
    // The failed session is gone: a new open is not 'busy'.
    const again = await openSol(ids.wrong);
    await until('the retry to fail too', () => solStates(again).some((s) => s.state === 'failed'));
    expect((await call('sol:close', { sessionId: fine })).value).toEqual({ closed: true });
    expect(JSON.stringify(events)).not.toContain('Wrong-Pass9!');
    expect(JSON.stringify(events)).not.toContain(DEFAULT_SIM_PASSWORD);
    expect(logged.join('\n')).not.toContain('Wrong-Pass9!');
  });

  it('refuses an N/A client without a connection, an unknown client, and bad sol:send input', async () => {
    expect(await call('sol:open', { id: ids.noAmt })).toEqual({
      ok: false,
      error: { code: 'no-amt', message: NO_AMT_WORDS },
    });
    expect(noAmtConnections).toBe(0);
    expect(await call('sol:open', { id: 999_999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const sessionId = 'abcdefgh12345678';
    expect(await call('sol:send', { sessionId, data: new Uint8Array(0) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('sol:send', { sessionId, data: new Uint8Array(4097) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('sol:send', { sessionId, data: 'text' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('sol:close', { sessionId: '../x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('keeps sessions to their connection: another peer cannot type into or close them, and they end with it', async () => {
    const owner: CallContext = { transport: 'host', peer: 'socket 41' };
    const other: CallContext = { transport: 'host', peer: 'socket 42' };
    const sessionId = await openSol(ids.second, owner);
    await until('the session to open', () => solStates(sessionId).some((s) => s.state === 'open'));
    expect(await call('sol:send', { sessionId, data: new Uint8Array([13]) }, other)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await call('sol:close', { sessionId }, other)).toEqual({ ok: true, value: { closed: false } });
    const addressed: Array<string | undefined> = [];
    const off = core.events.subscribe((event, _payload, to) => {
      if (event === 'sol:state' || event === 'sol:data') addressed.push(to);
    });
    core.connectionClosed('socket 41');
    off();
    expect(solStates(sessionId).at(-1)).toMatchObject({
      state: 'closed',
      words: expect.stringMatching(/window that opened it closed/),
    });
    expect(addressed).toContain('socket 41');
    expect(addressed.every((to) => to === 'socket 41')).toBe(true);
    await until('the simulator to release SOL', () => fleet.devices[3]?.solActive() === false);
  });

  it("reaches a single-address client's redirection port at its amtPort + 2", async () => {
    const sessionId = await openSol(ids.single);
    await until('the BIOS of the single-address device', () => solText(sessionId).includes(POST_BANNER));
    expect(single.devices[0]?.redirectionPort).toBe(SINGLE_BASE_PORT + 2);
    expect((await call('sol:close', { sessionId })).value).toEqual({ closed: true });
  });
});
