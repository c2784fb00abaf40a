// Issue 12 item 1: no downgrade to plain HTTP (WS-Man) or the plain redirection port (SOL) under
// 'tls-then-http' once a host has a pin or has answered TLS, and never after a handshake problem. An on-path
// attacker who resets the TLS handshake must get a TLS error, not the digest response or SOL keystrokes in
// clear. Against the simulator's 'tlsReset' fault and a resetting listener, over loopback.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmtError } from '../../../shared/domain';
import {
  createWsmanTransport,
  getPowerState,
  MemoryPinStore,
  pinKey,
  WsmanClient,
  type PinStore,
  type TlsPolicy,
} from '../../../main/amt';
import { openRedirectionWithPolicy } from '../../../main/redirect';
import { startFleet, type Fleet, type SimDevice } from '../../sim';

const BASE = '127.80.1.1';
const RESETTER_HOST = '127.80.1.200';

let fleet: Fleet;
let resetter: Server;
let resetterPort = 0;
let resets = 0;

async function unusedPort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function device(i: number): SimDevice {
  const d = fleet.devices[i];
  if (!d) throw new Error(`no device ${i}`);
  return d;
}

function wsman(d: SimDevice, pins: PinStore, tlsPort = d.tlsPort, tlsPolicy: TlsPolicy = 'tls-then-http'): WsmanClient {
  return new WsmanClient(
    createWsmanTransport({
      endpoint: { host: d.host, httpPort: d.httpPort, tlsPort },
      credentials: { user: d.user, password: d.password },
      tlsPolicy,
      pins,
      connectTimeoutMs: 3000,
      readTimeoutMs: 3000,
    }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<AmtError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(AmtError);
  return outcome as AmtError;
}

beforeAll(async () => {
  fleet = await startFleet({ count: 3, baseAddress: BASE, timeScale: 0.01 });
  // Accepts TCP and resets it at once: a TLS redirection port with an attacker in front.
  resetter = createServer((socket: Socket) => {
    resets++;
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => resetter.listen(0, RESETTER_HOST, resolve));
  resetterPort = (resetter.address() as { port: number }).port;
});

afterAll(async () => {
  await fleet?.close();
  await new Promise<void>((resolve) => (resetter ? resetter.close(() => resolve()) : resolve()));
});

describe('WS-Man under tls-then-http', () => {
  it('a pinned host whose TLS port resets every socket gets a TLS error naming it; HTTP receives nothing', async () => {
    const d = device(0);
    const pins = new MemoryPinStore();
    expect((await getPowerState(wsman(d, pins))).state).toBe('on'); // first contact over TLS pins the certificate
    expect(pins.get(pinKey(d.host, d.tlsPort))).toBe(d.certificateFingerprint().toLowerCase());
    const plainBefore = d.stats.plainConnections;
    const requestsBefore = d.stats.requests;
    d.setFault('tlsReset', true);
    try {
      const error = await failureOf(getPowerState(wsman(d, pins)));
      expect(error.code).toBe('tls-error');
      expect(error.message).toContain(`${d.host}:${d.tlsPort}`);
      expect(error.message).toContain('Plain HTTP was not tried');
    } finally {
      d.setFault('tlsReset', false);
    }
    expect(d.stats.plainConnections).toBe(plainBefore);
    expect(d.stats.requests).toBe(requestsBefore);
  });

  it('a host never seen before does not fall back after a reset handshake either', async () => {
    const d = device(1);
    const plainBefore = d.stats.plainConnections;
    d.setFault('tlsReset', true);
    try {
      const error = await failureOf(getPowerState(wsman(d, new MemoryPinStore())));
      expect(error.code).toBe('tls-error');
      expect(error.message).toContain(d.host);
    } finally {
      d.setFault('tlsReset', false);
    }
    expect(d.stats.plainConnections).toBe(plainBefore);
  });

  it('a pinned host whose TLS port refuses the connection is not tried over HTTP', async () => {
    const d = device(1);
    const closedTlsPort = await unusedPort(d.host);
    const pins = new MemoryPinStore();
    pins.set(pinKey(d.host, closedTlsPort), d.certificateFingerprint().toLowerCase() as never);
    const plainBefore = d.stats.plainConnections;
    const error = await failureOf(getPowerState(wsman(d, pins, closedTlsPort)));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`${d.host}:${closedTlsPort}`);
    expect(d.stats.plainConnections).toBe(plainBefore);
  });

  it('still falls back where TLS is plainly absent on a host that never answered TLS', async () => {
    const d = device(2);
    const closedTlsPort = await unusedPort(d.host);
    const plainBefore = d.stats.plainConnections;
    expect((await getPowerState(wsman(d, new MemoryPinStore(), closedTlsPort))).state).toBe('on');
    expect(d.stats.plainConnections).toBeGreaterThan(plainBefore);
  });
});

describe('redirection under tls-then-http', () => {
  const open = (d: SimDevice, tlsHost: string, tlsPort: number, pins: PinStore) =>
    openRedirectionWithPolicy({
      host: tlsHost,
      plainPort: d.redirectionPort,
      tlsPort,
      tlsPolicy: 'tls-then-http',
      credentials: { user: d.user, password: d.password },
      pins,
      pinTlsPort: d.tlsPort,
      timeoutMs: 3000,
    });

  it('a pinned host whose TLS redirection port refuses is not tried on the plain port', async () => {
    const d = device(2);
    const pins = new MemoryPinStore();
    pins.set(pinKey(d.host, d.tlsPort), d.certificateFingerprint().toLowerCase() as never);
    const before = d.stats.redirectionConnections;
    const error = await failureOf(open(d, d.host, await unusedPort(d.host), pins));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(d.host);
    expect(error.message).toContain('plain redirection port was not tried');
    expect(d.stats.redirectionConnections).toBe(before);
  });

  it('a pinned host whose TLS redirection port resets every socket gets a TLS error; the plain port nothing', async () => {
    const d = device(0);
    const pins = new MemoryPinStore();
    pins.set(pinKey(d.host, d.tlsPort), d.certificateFingerprint().toLowerCase() as never);
    const plainBefore = d.stats.redirectionConnections;
    const resetsBefore = d.stats.tlsResets;
    d.setFault('tlsReset', true);
    try {
      const error = await failureOf(open(d, d.host, d.redirectionTlsPort, pins));
      expect(error.code).toBe('tls-error');
      expect(error.message).toContain(`${d.host}:${d.redirectionTlsPort}`);
    } finally {
      d.setFault('tlsReset', false);
    }
    expect(d.stats.tlsResets).toBe(resetsBefore + 1);
    expect(d.stats.redirectionConnections).toBe(plainBefore);
    // Without the fault the same pinned host opens its session over TLS.
    const session = await open(d, d.host, d.redirectionTlsPort, pins);
    session.close();
    expect(d.stats.redirectionConnections).toBe(plainBefore);
  });

  it('a reset TLS handshake is a TLS error, never a fallback', async () => {
    const d = device(2);
    const before = resets;
    // The resetter stands at its own address, so the plain port it would fall back to is checked there.
    const error = await failureOf(
      openRedirectionWithPolicy({
        host: RESETTER_HOST,
        plainPort: await unusedPort(RESETTER_HOST),
        tlsPort: resetterPort,
        tlsPolicy: 'tls-then-http',
        credentials: { user: d.user, password: d.password },
        pins: new MemoryPinStore(),
        timeoutMs: 3000,
      }),
    );
    expect(resets).toBe(before + 1);
    expect(['tls-error', 'connection-closed']).toContain(error.code);
    expect(error.message).toContain(RESETTER_HOST);
    expect(error.message).toContain('plain redirection port was not tried');
  });

  it('still falls back to the plain port where TLS is absent and nothing is pinned', async () => {
    const d = device(2);
    const before = d.stats.redirectionConnections;
    const session = await open(d, d.host, await unusedPort(d.host), new MemoryPinStore());
    session.close();
    expect(d.stats.redirectionConnections).toBe(before + 1);
  });
});
