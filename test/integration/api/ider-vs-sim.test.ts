// ider:start / ider:stop and clients:boot to the redirected floppy/CD (issue 9) through the router against the
// simulator over loopback: the image checked first (missing, odd-sized: 'bad-image' at the field 'path', nothing
// sent), the host's reads served byte for byte with throttled progress events, the one-shot boot to the
// redirected drive (normal boot after), stop audited with what was served; faults: busy in this console and on the
// device, a wrong password (the client's problem, as with WS-Man), a device that drops mid-transfer, an image that
// changes size; the console stays usable after each. Loopback range: 127.163.0.0/24.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { ClientId } from '../../../shared/domain';
import type { EventName, EventPayloads } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, type Fleet, type SimDevice } from '../../sim';

const BASE = '127.163.0.1';
const WAIT_MS = 10_000;
const FLOPPY_BYTES = 2880 * 512;
const CD_BYTES = 300 * 2048;
const TEST: CallContext = { transport: 'test' };

let fleet: Fleet;
let core: Core;
let dir: string;
let floppy: string;
let cd: string;
const events: Array<{ event: EventName; payload: unknown }> = [];
const ids: ClientId[] = [];

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string; field?: string } };
async function call(channel: string, request: unknown, context: CallContext = TEST): Promise<Reply> {
  return (await core.router.handle(channel, request, context)) as Reply;
}

type IderStateEvent = EventPayloads['ider:state'];
type IderProgressEvent = EventPayloads['ider:progress'];
function states(sessionId: string): IderStateEvent[] {
  return events
    .filter((e) => e.event === 'ider:state' && (e.payload as IderStateEvent).sessionId === sessionId)
    .map((e) => e.payload as IderStateEvent);
}
function progress(sessionId: string): IderProgressEvent[] {
  return events
    .filter((e) => e.event === 'ider:progress' && (e.payload as IderProgressEvent).sessionId === sessionId)
    .map((e) => e.payload as IderProgressEvent);
}
const lastState = (sessionId: string): string | undefined => states(sessionId).at(-1)?.state;

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function patterned(length: number, salt: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 4) out.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ salt) >>> 0, i);
  return out;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;

async function start(i: number, media: 'floppy' | 'cd', path: string): Promise<string> {
  const reply = await call('ider:start', { id: ids[i], media, path, startMode: 'now' });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  return reply.value.sessionId as string;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-ider-'));
  floppy = join(dir, 'diag.img');
  cd = join(dir, 'diag.iso');
  writeFileSync(floppy, patterned(FLOPPY_BYTES, 0x51));
  writeFileSync(cd, patterned(CD_BYTES, 0xcd));
  fleet = await startFleet({ count: 6, baseAddress: BASE, timeScale: 0.01, initialPowerState: 8 });
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-ider',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD }))
      .ok,
  ).toBe(true);
  for (const [i, d] of fleet.devices.entries()) {
    const reply = await call('clients:add', { hostName: `pc-ider-${i}`, ip: d.host, amtVersion: d.amtVersion });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    ids.push(reply.value.id as ClientId);
  }
  expect(
    (await call('profiles:set', { scope: 'client', targetId: ids[3], user: 'admin', password: 'Wrong-Pass9!' })).ok,
  ).toBe(true);
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ider:start / ider:stop', () => {
  it('serves the floppy byte for byte with progress, boots the client from it once, and stops audited', async () => {
    const d = device(0);
    const sessionId = await start(0, 'floppy', floppy);
    await until('IDE-R to become active', () => lastState(sessionId) === 'active');
    expect(states(sessionId).map((s) => s.state)).toEqual(['starting', 'active']);
    const fw = await d.waitForIder();
    const read = await fw.readSectors('floppy', 0, 2880, { retryUnitAttention: true });
    expect(read.good).toBe(true);
    expect(sha(read.data)).toBe(sha(patterned(FLOPPY_BYTES, 0x51)));
    await until('a progress event with the whole image', () =>
      progress(sessionId).some((p) => p.progress.bytesSent === FLOPPY_BYTES),
    );
    const last = progress(sessionId).at(-1)?.progress;
    expect(last).toMatchObject({
      imageBytes: FLOPPY_BYTES,
      sectorsRead: 2880,
      lastCommand: expect.stringMatching(/^READ\(10\) floppy LBA/),
    });
    expect(last?.bytesPerSecond).toBeGreaterThan(0);
    // Throttled: far fewer events than read chunks (the host's one READ(10) is dozens of chunks).
    expect(progress(sessionId).length).toBeLessThan(20);

    // The boot to the redirected floppy: a powered-off PC is powered on from it, then the next boot is normal.
    const boot = await call('clients:boot', { ids: [ids[0]], target: 'ider-floppy', useSol: true, confirmed: true });
    expect(boot.value.results[0]).toMatchObject({ id: ids[0], ok: true });
    await until('the PC to come up', () => d.lastBoot() !== undefined);
    expect(d.lastBoot()?.plan.target).toBe('ider-floppy');
    expect(d.nextBoot().target).toBe('default');
    // A CD boot while only the floppy is served is refused for that client, nothing sent.
    const cdBoot = await call('clients:boot', { ids: [ids[0]], target: 'ider-cd', useSol: false, confirmed: true });
    expect(cdBoot.value.results[0]).toMatchObject({ ok: false, error: { code: 'ider-not-active' } });

    expect(await call('ider:stop', { sessionId }, { transport: 'test', peer: 'someone-else' })).toEqual({
      ok: true,
      value: { stopped: false },
    });
    expect(await call('ider:stop', { sessionId })).toEqual({ ok: true, value: { stopped: true } });
    expect(lastState(sessionId)).toBe('stopped');
    await until('the device to see the session end', () => d.ider() === undefined);
    const audit = (await call('audit:list', { target: 'pc-ider-0', limit: 10 })).value as Array<{
      action: string;
      result: string;
      detail: string;
    }>;
    expect(audit.find((a) => a.action === 'ider:stop')).toMatchObject({
      result: 'ok',
      detail: expect.stringContaining(`${FLOPPY_BYTES} bytes (2880 sectors) of diag.img served`),
    });
    expect(audit.find((a) => a.action === 'ider:start')).toMatchObject({
      result: 'ok',
      detail: expect.stringContaining('floppy image diag.img'),
    });
    expect(audit.find((a) => a.action === 'boot:ider-floppy')).toMatchObject({ result: 'ok' });
  });

  it('refuses a missing or odd-sized image at the field "path" before anything is sent', async () => {
    const d = device(1);
    const before = d.redirectionStats().sessions + d.redirectionStats().iderSessions;
    const odd = join(dir, 'odd.iso');
    writeFileSync(odd, Buffer.alloc(3000));
    const missing = await call('ider:start', {
      id: ids[1],
      media: 'floppy',
      path: join(dir, 'nope.img'),
      startMode: 'now',
    });
    expect(missing).toEqual({
      ok: false,
      error: {
        code: 'bad-image',
        field: 'path',
        message: `The floppy image: ${join(dir, 'nope.img')} does not exist.`,
      },
    });
    const oddReply = await call('ider:start', { id: ids[1], media: 'cd', path: odd, startMode: 'now' });
    expect(oddReply.error).toMatchObject({
      code: 'bad-image',
      field: 'path',
      message: expect.stringContaining('3000 bytes, not a whole number of 2048-byte sectors'),
    });
    expect(d.redirectionStats().sessions + d.redirectionStats().iderSessions).toBe(before);
    // Then a good image works on the same client.
    const sessionId = await start(1, 'cd', cd);
    await until('IDE-R to become active', () => lastState(sessionId) === 'active');
    await call('ider:stop', { sessionId });
  });

  it('is busy for a second start to the same client, and the device refuses another console as busy', async () => {
    const first = await start(2, 'floppy', floppy);
    await until('active', () => lastState(first) === 'active');
    const again = await call('ider:start', { id: ids[2], media: 'cd', path: cd, startMode: 'now' });
    expect(again.error).toMatchObject({
      code: 'busy',
      message: expect.stringContaining('already being served to pc-ider-2'),
    });
    // Another console (a second core on the same device) gets the device's busy answer in words.
    const otherDir = mkdtempSync(join(tmpdir(), 'api-ider-other-'));
    const other = createCore({
      userDataDir: otherDir,
      keyProvider: keyFileProvider(join(otherDir, 'vault.key')),
      actor: 'other',
      serverName: 'other',
      amtTimeoutMs: 3000,
    });
    const otherEvents: IderStateEvent[] = [];
    other.events.subscribe((event, payload) => {
      if (event === 'ider:state') otherEvents.push(payload as IderStateEvent);
    });
    try {
      await other.router.handle(
        'profiles:set',
        { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD },
        TEST,
      );
      const added = (await other.router.handle(
        'clients:add',
        { hostName: 'pc-ider-2', ip: device(2).host, amtVersion: device(2).amtVersion },
        TEST,
      )) as Reply;
      const started = (await other.router.handle(
        'ider:start',
        { id: added.value.id, media: 'floppy', path: floppy, startMode: 'now' },
        TEST,
      )) as Reply;
      expect(started.ok).toBe(true);
      await until('the other console to fail busy', () => otherEvents.some((e) => e.state === 'failed'));
      expect(otherEvents.at(-1)?.words).toMatch(/busy|another/i);
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
    await call('ider:stop', { sessionId: first });
  });

  it('a wrong password fails with words and marks the client (auth-failed), as a WS-Man call does', async () => {
    const sessionId = await start(3, 'floppy', floppy);
    await until('failure', () => lastState(sessionId) === 'failed');
    expect(states(sessionId).at(-1)?.words).toMatch(/password/i);
    const snapshot = (await call('fleet:snapshot', {})).value as {
      clients: Array<{ id: number; problem: { code: string } | null }>;
    };
    expect(snapshot.clients.find((c) => c.id === ids[3])?.problem?.code).toBe('auth-failed');
    expect(JSON.stringify(events)).not.toContain('Wrong-Pass9!');
  });

  it('a device that drops mid-transfer fails the session with words; a new session then works', async () => {
    const d = device(4);
    d.setFault('iderDropMidTransfer', true);
    const sessionId = await start(4, 'cd', cd);
    await until('active', () => lastState(sessionId) === 'active');
    const fw = await d.waitForIder();
    await expect(fw.readSectors('cd', 0, 300, { retryUnitAttention: true })).rejects.toThrow(/dropped/);
    await until('failure', () => lastState(sessionId) === 'failed');
    expect(states(sessionId).at(-1)?.words).toMatch(/closed|ended/i);
    const audit = (await call('audit:list', { target: 'pc-ider-4', limit: 5 })).value as Array<{
      action: string;
      result: string;
    }>;
    expect(audit[0]).toMatchObject({ action: 'ider:stop', result: 'failed' });
    d.setFault('iderDropMidTransfer', false);
    const again = await start(4, 'cd', cd);
    await until('active again', () => lastState(again) === 'active');
    const fw2 = await d.waitForIder();
    expect((await fw2.readSectors('cd', 0, 4, { retryUnitAttention: true })).good).toBe(true);
    await call('ider:stop', { sessionId: again });
  });

  it('an image that changes size during the transfer fails the session naming both sizes', async () => {
    const d = device(5);
    const path = join(dir, 'changing.img');
    writeFileSync(path, patterned(FLOPPY_BYTES, 5));
    const sessionId = await start(5, 'floppy', path);
    await until('active', () => lastState(sessionId) === 'active');
    const fw = await d.waitForIder();
    expect((await fw.readSectors('floppy', 0, 8, { retryUnitAttention: true })).good).toBe(true);
    appendFileSync(path, Buffer.alloc(512));
    const r = await fw.readSectors('floppy', 8, 8, { retryUnitAttention: false });
    expect(r.sense).toEqual([0x06, 0x28, 0x00]);
    await until('failure', () => lastState(sessionId) === 'failed');
    expect(states(sessionId).at(-1)?.words).toContain(
      `${FLOPPY_BYTES} bytes when it was opened, ${FLOPPY_BYTES + 512} now`,
    );
  });

  it('a session ends with the connection that started it', async () => {
    const peer = { transport: 'test', peer: 'window-7' } as const;
    const reply = await call('ider:start', { id: ids[1], media: 'floppy', path: floppy, startMode: 'now' }, peer);
    const sessionId = reply.value.sessionId as string;
    await until('active', () => lastState(sessionId) === 'active');
    core.connectionClosed('window-7');
    await until('stopped', () => lastState(sessionId) === 'stopped');
    expect(states(sessionId).at(-1)?.words).toContain('window that started it closed');
  });
});
