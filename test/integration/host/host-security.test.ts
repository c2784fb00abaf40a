// The headless host over real sockets: bound to 127.0.0.1 only; token, Host and Origin enforced; files
// served inside the renderer folder with the CSP; the WebSocket bounded in size and calls in flight;
// calls round-trip through the same window.amt the page gets, and events arrive.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ApiEvents, createRouter, type Handlers } from '../../../main/api';
import { startHost, tokenCookieName, type RunningHost } from '../../../main/host';
import { createWebSocketTransport, type BrowserLikeSocket } from '../../../preload/web-socket-transport';
import type { Client, ClientId } from '../../../shared/domain';
import {
  buildAmtApi,
  CHANNELS,
  HOST_BRIDGE_PATH,
  HOST_SOCKET_PATH,
  IPC_LIMITS,
  type Channel,
} from '../../../shared/ipc';

const MAX_IN_FLIGHT = 4;
const events = new ApiEvents();
let releaseSlow: () => void = () => undefined;
const slowGate = new Promise<void>((resolve) => {
  releaseSlow = resolve;
});
const handled: string[] = [];

function handlers(): Handlers {
  const out: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(CHANNELS) as Channel[]) out[channel] = async (request) => ({ channel, request });
  out['fleet:snapshot'] = async () => {
    handled.push('fleet:snapshot');
    return { server: { name: 'console' }, relays: [], clients: [] };
  };
  out['clients:details'] = async () => {
    handled.push('clients:details');
    await slowGate;
    return { slow: true };
  };
  return out as unknown as Handlers;
}

let host: RunningHost;
let dir: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'host-test-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'renderer', 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script src="bridge.js"></script><script src="assets/app.js" defer></script></head><body></body></html>',
  );
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  writeFileSync(join(dir, 'bridge.js'), '/* bridge */');
  host = await startHost({
    core: { router: createRouter(handlers()), events },
    rendererDir: join(dir, 'renderer'),
    bridgeFile: join(dir, 'bridge.js'),
    socketLimits: { maxInFlight: MAX_IN_FLIGHT, maxBufferedBytes: 1024 * 1024 },
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  releaseSlow();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path, method, headers: { Host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const cookie = (): string => `${tokenCookieName(host.port)}=${host.token}`;

/** Opens a socket; resolves with it once open, or with the HTTP status / close code that refused it. */
function openSocket(
  options: { query?: string; origin?: string; cookie?: string; host?: string } = {},
): Promise<{ socket?: WebSocket; refusedStatus?: number }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.host) headers.Host = options.host;
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_SOCKET_PATH}${options.query ?? ''}`, {
      headers,
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
    });
    socket.on('open', () => resolve({ socket }));
    socket.on('unexpected-response', (_req, res) => {
      resolve({ refusedStatus: res.statusCode });
      socket.terminate();
    });
    socket.on('error', () => resolve({ refusedStatus: -1 }));
  });
}

function nextClose(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('startHost: network exposure', () => {
  it('binds 127.0.0.1 only: another loopback address on the same port is refused', async () => {
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/?token=`)).toBe(true);
    const result = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.110.0.1', port: host.port });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(result).toBe('ECONNREFUSED');
  });

  it('gives a new token at every start', async () => {
    const other = await startHost({
      core: { router: createRouter(handlers()), events: new ApiEvents() },
      rendererDir: join(dir, 'renderer'),
      bridgeFile: join(dir, 'bridge.js'),
    });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.token.length).toBeGreaterThanOrEqual(43);
    } finally {
      await other.close();
    }
  });
});

describe('startHost: HTTP', () => {
  it('refuses a missing or wrong token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=nope')).status).toBe(403);
    expect((await get('/assets/app.js', { Cookie: `${tokenCookieName(host.port)}=nope` })).status).toBe(403);
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie and a clean address', async () => {
    const answer = await get(`/?token=${host.token}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toContain(`${tokenCookieName(host.port)}=${host.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
  });

  it('serves index.html, the bridge and assets with a strict CSP naming its own socket', async () => {
    const answer = await get('/', { Cookie: cookie() });
    expect(answer.status).toBe(200);
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(HOST_BRIDGE_PATH, { Cookie: cookie() })).body).toBe('/* bridge */');
    expect((await get('/assets/app.js', { Cookie: cookie() })).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a foreign Host header (DNS rebinding), other methods, and paths outside the renderer', async () => {
    expect((await get('/', { Cookie: cookie(), Host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await get('/', { Cookie: cookie(), Host: `localhost:${host.port}` })).status).toBe(421);
    expect((await get('/', { Cookie: cookie() }, 'POST')).status).toBe(405);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00',
    ]) {
      const answer = await get(path, { Cookie: cookie() });
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('outside the renderer folder');
    }
  });
});

describe('startHost: WebSocket', () => {
  const origin = (): string => `http://127.0.0.1:${host.port}`;

  it('refuses a missing or wrong token, a foreign Origin, a missing Origin and a foreign Host', async () => {
    expect((await openSocket({ origin: origin() })).refusedStatus).toBe(403);
    expect((await openSocket({ origin: origin(), query: '?token=wrong' })).refusedStatus).toBe(403);
    expect((await openSocket({ origin: 'http://evil.example', cookie: cookie() })).refusedStatus).toBe(403);
    expect((await openSocket({ origin: `http://127.0.0.1:${host.port + 1}`, cookie: cookie() })).refusedStatus).toBe(
      403,
    );
    expect((await openSocket({ cookie: cookie() })).refusedStatus).toBe(403);
    expect(
      (await openSocket({ origin: origin(), cookie: cookie(), host: `evil.example:${host.port}` })).refusedStatus,
    ).toBe(421);
    expect(handled).toEqual([]);
  });

  it('accepts the cookie or the token in the socket URL with its own Origin', async () => {
    for (const opened of [
      await openSocket({ origin: origin(), cookie: cookie() }),
      await openSocket({ origin: origin(), query: `?token=${host.token}` }),
    ]) {
      expect(opened.socket).toBeDefined();
      opened.socket?.close();
    }
  });

  it('closes the connection on a message over the size limit (1009) and on a non-call frame (1007)', async () => {
    const { socket } = await openSocket({ origin: origin(), cookie: cookie() });
    if (!socket) throw new Error('socket refused');
    const closed = nextClose(socket);
    socket.send(
      JSON.stringify({
        id: 1,
        channel: 'clients:import-csv',
        request: { csv: 'x'.repeat(IPC_LIMITS.maxMessageBytes) },
      }),
    );
    expect(await closed).toBe(1009);
    const second = await openSocket({ origin: origin(), cookie: cookie() });
    if (!second.socket) throw new Error('socket refused');
    const closedAgain = nextClose(second.socket);
    second.socket.send('not json');
    expect(await closedAgain).toBe(1007);
  });

  it('answers a request that fails the schema with invalid-request, before any handler', async () => {
    const { socket } = await openSocket({ origin: origin(), cookie: cookie() });
    if (!socket) throw new Error('socket refused');
    const reply = nextMessage(socket);
    socket.send(JSON.stringify({ id: 7, channel: 'fleet:snapshot', request: { extra: true } }));
    expect(await reply).toMatchObject({ id: 7, reply: { ok: false, error: { code: 'invalid-request' } } });
    expect(handled).toEqual([]);
    socket.close();
  });

  it('round-trips calls through window.amt and delivers events', async () => {
    const { socket } = await openSocket({ origin: origin(), cookie: cookie() });
    if (!socket) throw new Error('socket refused');
    const api = buildAmtApi(createWebSocketTransport(() => socket as unknown as BrowserLikeSocket));
    expect(await api.fleetSnapshot({})).toEqual({ server: { name: 'console' }, relays: [], clients: [] });
    await expect(api.powerAction({ ids: [1], action: 'explode' as 'on', confirmed: true })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    const received = new Promise<{ clients: readonly Client[] }>((resolve) => api.onClientsChanged(resolve));
    const client = { id: 5 as ClientId, hostName: 'pc-5' } as Client;
    events.emit('clients:changed', { clients: [client] });
    expect(await received).toEqual({ clients: [client] });
    socket.close();
  });

  it('answers busy beyond the in-flight bound per connection instead of queueing', async () => {
    const { socket } = await openSocket({ origin: origin(), cookie: cookie() });
    if (!socket) throw new Error('socket refused');
    const replies: Array<{ id: number; reply: { ok: boolean; error?: { code: string } } }> = [];
    const allBusy = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        replies.push(JSON.parse(String(data)));
        if (replies.length === 2) resolve();
      }),
    );
    for (let id = 1; id <= MAX_IN_FLIGHT + 2; id++)
      socket.send(JSON.stringify({ id, channel: 'clients:details', request: { id: 1 } }));
    await allBusy;
    expect(replies.map((r) => r.id).sort()).toEqual([MAX_IN_FLIGHT + 1, MAX_IN_FLIGHT + 2]);
    expect(replies.every((r) => r.reply.error?.code === 'busy')).toBe(true);
    const rest = new Promise<void>((resolve) =>
      socket.on('message', () => replies.length === MAX_IN_FLIGHT + 2 && resolve()),
    );
    releaseSlow();
    await rest;
    expect(replies.filter((r) => r.reply.ok)).toHaveLength(MAX_IN_FLIGHT);
    socket.close();
  });
});
