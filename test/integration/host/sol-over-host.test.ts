// Serial-over-LAN through the headless host's WebSocket, as the page drives it (window.amt over the bridge's
// transport): sol:data arrives as Uint8Array ({"$bytes"} on the wire), keys go out as Uint8Array, the session's
// events reach only the connection that opened it, and closing that connection ends the session at the device.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startConsoleHost, type ConsoleHost } from '../../../main/host-main';
import { tokenCookieName } from '../../../main/host';
import { createWebSocketTransport, type BrowserLikeSocket } from '../../../preload/web-socket-transport';
import { buildAmtApi, HOST_SOCKET_PATH, WIRE_BYTES_TAG, type AmtApi, type EventPayloads } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, POST_BANNER, SETUP_TITLE, type Fleet } from '../../sim';

const WAIT_MS = 10_000;
const ESC = '\x1b';
let fleet: Fleet;
let consoleHost: ConsoleHost;
let dir: string;
const sockets: WebSocket[] = [];

interface Page {
  readonly socket: WebSocket;
  readonly api: AmtApi;
  readonly frames: string[];
  readonly data: Array<EventPayloads['sol:data']>;
  readonly states: Array<EventPayloads['sol:state']>;
}

async function openPage(): Promise<Page> {
  const { host } = consoleHost;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_SOCKET_PATH}`, {
    origin: host.origin,
    headers: { Cookie: `${tokenCookieName(host.port)}=${host.token}` },
  });
  sockets.push(socket);
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const api = buildAmtApi(createWebSocketTransport(() => socket as unknown as BrowserLikeSocket));
  const page: Page = { socket, api, frames, data: [], states: [] };
  api.onSolData((payload) => page.data.push(payload));
  api.onSolState((payload) => page.states.push(payload));
  return page;
}

function text(page: Page): string {
  return page.data.map((d) => Buffer.from(d.data).toString('latin1')).join('');
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  fleet = await startFleet({ count: 1, baseAddress: '127.162.0.1', timeScale: 0.01 });
  dir = mkdtempSync(join(tmpdir(), 'sol-host-'));
  mkdirSync(join(dir, 'dist', 'renderer'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'preload'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'dist', 'preload', 'web-socket-bridge.js'), '');
  consoleHost = await startConsoleHost({
    userDataDir: join(dir, 'user-data'),
    distDir: join(dir, 'dist'),
    actor: 'helpdesk-sol',
    amtTimeoutMs: 3000,
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await consoleHost?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SOL over the headless host', () => {
  it('carries bytes both ways, addresses events to the opening connection, and ends the session with it', async () => {
    const device = fleet.devices[0];
    if (!device) throw new Error('no device');
    const owner = await openPage();
    const bystander = await openPage();
    await owner.api.profilesSet({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
    const client = await owner.api.clientsAdd({ hostName: 'pc-sol', ip: device.host, amtVersion: device.amtVersion });

    const { sessionId } = await owner.api.solOpen({ id: client.id });
    await until('the BIOS setup screen', () => text(owner).includes(SETUP_TITLE));
    expect(text(owner)).toContain(POST_BANNER);
    expect(owner.data.every((d) => d.data instanceof Uint8Array && d.sessionId === sessionId)).toBe(true);
    expect(owner.states[0]).toMatchObject({ sessionId, clientId: client.id, state: 'connecting' });
    // On the wire the bytes were tagged base64, not a JSON object of numbered keys.
    expect(owner.frames.some((f) => f.includes('"sol:data"') && f.includes(`"${WIRE_BYTES_TAG}":`))).toBe(true);

    expect(await owner.api.solSend({ sessionId, data: new TextEncoder().encode(`${ESC}[B`) })).toEqual({ sent: 3 });
    await until('the selection to move', () => text(owner).includes('Selected: Advanced'));
    expect(device.redirectionStats().keyMessages).toBeGreaterThanOrEqual(1);

    // The other page heard nothing of this session.
    expect(bystander.frames.some((f) => f.includes('"sol:'))).toBe(false);
    await expect(bystander.api.solSend({ sessionId, data: new Uint8Array([13]) })).rejects.toMatchObject({
      code: 'not-found',
    });

    // Closing the owner's connection ends SOL at the device.
    expect(device.solActive()).toBe(true);
    owner.socket.close();
    await until('the device to see SOL end', () => !device.solActive());
    const audit = await bystander.api.auditList({ target: 'pc-sol', limit: 5 });
    expect(audit[0]).toMatchObject({
      action: 'sol:close',
      result: 'ok',
      detail: expect.stringMatching(/window that opened it closed/),
    });
  });
});
