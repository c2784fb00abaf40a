// The transport's digest flow against a digest-checking peer on loopback (amt-protocols.md §1.7, §1.9).
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWsmanTransport,
  MemoryPinStore,
  TransportPool,
  type TransportOptions,
  type WsmanTransport,
} from '../../../main/amt';
import { AmtError } from '../../../shared/domain';
import { DEFAULT_REPLY_BODY, PEER_SERVER_HEADER, startDigestPeer, type DigestPeer } from './digest-peer';

const HOST = '127.10.0.1';
const USER = 'admin';
const PASSWORD = 'P@ssw0rd-Secret1';
const ENVELOPE = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/><s:Body/></s:Envelope>';

let peer: DigestPeer;
const opened: WsmanTransport[] = [];

function transportFor(password = PASSWORD, extra: Partial<TransportOptions> = {}): WsmanTransport {
  const t = createWsmanTransport({
    endpoint: { host: HOST, httpPort: peer.port, tlsPort: 1 },
    credentials: { user: USER, password },
    tlsPolicy: 'http-only',
    pins: new MemoryPinStore(),
    readTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    ...extra,
  });
  opened.push(t);
  return t;
}

async function rejection(p: Promise<unknown>): Promise<AmtError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AmtError);
    return err as AmtError;
  }
  throw new Error('expected the promise to reject');
}

beforeAll(async () => {
  peer = await startDigestPeer({ host: HOST, user: USER, password: PASSWORD });
});
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
  peer.setMode('normal');
  peer.setReply({ status: 200, body: DEFAULT_REPLY_BODY });
});
afterAll(async () => {
  await peer.close();
});

describe('WsmanTransport digest flow', () => {
  it('challenges once, then a warm request costs exactly one HTTP round trip on the kept-alive connection', async () => {
    const t = transportFor();
    const before = peer.requests.length;
    const first = await t.post(ENVELOPE);
    expect(first.status).toBe(200);
    expect(first.body).toBe(DEFAULT_REPLY_BODY);
    expect(t.stats).toEqual({ requests: 2, connections: 2 }); // the 401 said Connection: close
    expect(t.negotiated).toEqual({ tls: false, serverHeader: PEER_SERVER_HEADER });

    const second = await t.post(ENVELOPE);
    expect(second.status).toBe(200);
    expect(t.stats).toEqual({ requests: 3, connections: 2 });
    const seen = peer.requests.slice(before);
    expect(seen.map((r) => [r.authorized, r.outcome, r.nc])).toEqual([
      [false, 401, undefined],
      [true, 200, '00000001'],
      [true, 200, '00000002'],
    ]);
    expect(seen[2]?.nonce).toBe(seen[1]?.nonce);
    expect(seen[2]?.connectionId).toBe(seen[1]?.connectionId);
    expect(peer.bodies.at(-1)).toBe(ENVELOPE);
  });

  it('re-challenges once when the device forgot the nonce, then succeeds', async () => {
    const t = transportFor();
    await t.post(ENVELOPE);
    peer.rotateNonce();
    const before = peer.requests.length;
    const r = await t.post(ENVELOPE);
    expect(r.status).toBe(200);
    const seen = peer.requests.slice(before);
    expect(seen.map((s) => [s.outcome, s.nc])).toEqual([
      [401, '00000002'],
      [200, '00000001'],
    ]);
    expect(seen[1]?.nonce).not.toBe(seen[0]?.nonce);
    expect(t.stats.requests).toBe(4);
  });

  it('reports a wrong password as auth-failed and never touches the wire for it again', async () => {
    const wrong = 'Wr0ng-Passw0rd!';
    const t = transportFor(wrong);
    const before = peer.requests.length;
    const err = await rejection(t.post(ENVELOPE));
    expect(err.code).toBe('auth-failed');
    expect(err.message).toMatch(/rejected the user name or password/);
    expect(err.message).not.toContain(wrong);
    expect(peer.requests.length - before).toBe(2);
    for (let i = 0; i < 3; i++) {
      const again = await rejection(t.post(ENVELOPE));
      expect(again.code).toBe('auth-failed');
      expect(again.message).not.toContain(wrong);
    }
    expect(peer.requests.length - before).toBe(2);
    expect(t.stats.requests).toBe(2);
  });

  it('stops a 401 loop with fresh nonces after a bounded number of attempts', async () => {
    const t = transportFor();
    await t.post(ENVELOPE);
    peer.setMode('always-401');
    const before = peer.requests.length;
    const err = await rejection(t.post(ENVELOPE));
    expect(err.code).toBe('auth-failed');
    expect(peer.requests.length - before).toBe(2); // cached nonce refused, one re-challenge refused
    await rejection(t.post(ENVELOPE));
    expect(peer.requests.length - before).toBe(2);
  });

  it('stops a stale=true loop too (one re-challenge per post at most)', async () => {
    const t = transportFor();
    peer.setMode('stale-401');
    const before = peer.requests.length;
    const err = await rejection(t.post(ENVELOPE));
    expect(err.code).toBe('auth-failed');
    expect(peer.requests.length - before).toBe(3);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('returns 400 and 500 with their SOAP body and turns other statuses into http-status', async () => {
    const t = transportFor();
    peer.setReply({ status: 400, body: '<fault/>' });
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 400, body: '<fault/>' });
    peer.setReply({ status: 500, body: '<fault500/>' });
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 500, body: '<fault500/>' });
    peer.setReply({ status: 503, body: 'busy' });
    const err = await rejection(t.post(ENVELOPE));
    expect(err.code).toBe('http-status');
    expect(err.detail.httpStatus).toBe(503);
  });

  it('keeps one request in flight: concurrent posts are serialised', async () => {
    const t = transportFor();
    const results = await Promise.all(Array.from({ length: 6 }, () => t.post(ENVELOPE)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(peer.maxInFlight).toBe(1);
    expect(t.stats.requests).toBe(7);
  });

  it('fails posts after close() without writing', async () => {
    const t = transportFor();
    t.close();
    const before = peer.requests.length;
    expect((await rejection(t.post(ENVELOPE))).code).toBe('connection-closed');
    expect(peer.requests.length).toBe(before);
  });
});

function pooledOptions(): TransportOptions {
  return {
    endpoint: { host: HOST, httpPort: peer.port, tlsPort: 1 },
    credentials: { user: USER, password: PASSWORD },
    tlsPolicy: 'http-only',
    pins: new MemoryPinStore(),
  };
}

describe('TransportPool', () => {
  it('costs 2 requests per host on the first sweep and 1 on a repeated sweep', async () => {
    const pool = new TransportPool({ idleCloseMs: 60_000 });
    const options = pooledOptions();
    try {
      await pool.get(options).post(ENVELOPE);
      expect(pool.totalStats().requests).toBe(2);
      await pool.get({ ...options }).post(ENVELOPE);
      expect(pool.totalStats().requests).toBe(3);
      expect(pool.size).toBe(1);
      pool.closeIdle(); // even on a new connection the nonce is reused: still one request
      await pool.get(options).post(ENVELOPE);
      expect(pool.totalStats()).toEqual({ requests: 4, connections: 3 });
      // A different password replaces the transport instead of reusing a rejected or stale one.
      const other = pool.get({ ...options, credentials: { user: USER, password: 'x' } });
      expect(other).not.toBe(pool.get(options));
    } finally {
      pool.closeAll();
    }
    expect(pool.size).toBe(0);
  });

  it('keeps one transport when callers bring different timeouts (issue 12 item 4)', async () => {
    const pool = new TransportPool({ idleCloseMs: 60_000 });
    const options = pooledOptions();
    try {
      const slowCaller = pool.get({ ...options, connectTimeoutMs: 5000, readTimeoutMs: 5000 });
      const fastCaller = pool.get({ ...options, connectTimeoutMs: 3000, readTimeoutMs: 3000 });
      await Promise.all([slowCaller.post(ENVELOPE), fastCaller.post(ENVELOPE), slowCaller.post(ENVELOPE)]);
      // One digest state: the first contact's 401 (which closes its connection), then three authenticated
      // requests on one kept-alive connection. Two transports would have cost 2 requests and connections each.
      expect(pool.totalStats()).toEqual({ requests: 4, connections: 2 });
      expect(pool.size).toBe(1);
    } finally {
      pool.closeAll();
    }
  });

  it('closes an idle connection after idleCloseMs but keeps the nonce', async () => {
    const t = transportFor(PASSWORD, { idleCloseMs: 30 });
    await t.post(ENVELOPE);
    expect(t.stats.connections).toBe(2);
    // Wait well past the idle limit; only the outcome (a new connection, same nonce) is asserted.
    await new Promise((r) => setTimeout(r, 400));
    await t.post(ENVELOPE);
    expect(t.stats).toEqual({ requests: 3, connections: 3 });
    expect(peer.requests.at(-1)).toMatchObject({ outcome: 200, nc: '00000002' });
  });

  it('lets a CLI process exit while a pooled connection is still open (idle sockets and timers are unref-ed)', async () => {
    const script = new URL('./post-and-exit.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', script, HOST, String(peer.port), USER, PASSWORD], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    // Generous bound: with a ref'd socket the child would live for the 600 s idle limit.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect(out.trim()).toBe('status 200 requests 2');
    expect(code).toBe(0);
  });
});
