// Fault switches of the simulator: each makes the device misbehave the way real devices or networks do, and can be
// set at start (fleet option) or at run time (setFault).
import { XMLValidator } from 'fast-xml-parser';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimDevice } from './index';
import {
  ACTIONS,
  NS,
  connect,
  digestHeader,
  firstText,
  header,
  parseChallenge,
  postRequest,
  requestEnvelope,
  wsmanCall,
} from './sim-test-client';

let fleet: Fleet;
const envelope = requestEnvelope({ action: ACTIONS.get, resourceUri: `${NS.amt}AMT_GeneralSettings`, messageId: 'f1' });
const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;
const http = (d: SimDevice) => ({ host: d.host, port: d.httpPort });

beforeAll(async () => {
  fleet = await startFleet({
    count: 6,
    seed: 'faults',
    baseAddress: '127.20.5.1',
    ephemeralPorts: true,
    slowDelayMs: 60_000,
    faults: { '0': ['wrongPassword'], '1': ['garbage'] },
  });
});
afterAll(async () => {
  await fleet?.close();
});

/** Collects whatever arrives on a fresh connection within a short window (used only to show that nothing came). */
async function bytesWithin(
  endpoint: { host: string; port: number },
  request: string,
  windowMs: number,
): Promise<number> {
  const session = await connect(endpoint);
  session.send(request);
  await new Promise((r) => setTimeout(r, windowMs));
  const n = session.received().length;
  session.end();
  return n;
}

describe('simulator fault switches', () => {
  it('wrongPassword (set at start): the advertised password gets 401 until the fault is cleared', async () => {
    const d = device(0);
    expect(d.faults()).toEqual(['wrongPassword']);
    expect((await wsmanCall(http(d), d, envelope)).status).toBe(401);
    d.setFault('wrongPassword', false);
    expect((await wsmanCall(http(d), d, envelope)).status).toBe(200);
  });

  it('garbage (set at start): the answer is not HTTP and the connection closes', async () => {
    const d = device(1);
    const session = await connect(http(d));
    session.send(postRequest(http(d), envelope));
    await session.closed();
    const bytes = session.received();
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.subarray(0, 5).toString('latin1')).not.toBe('HTTP/');
  });

  it('noAnswer: the TCP connection is accepted but nothing is ever sent', async () => {
    const d = device(2);
    d.setFault('noAnswer', true);
    expect(await bytesWithin(http(d), postRequest(http(d), envelope), 300)).toBe(0);
    d.setFault('noAnswer', false);
    expect((await wsmanCall(http(d), d, envelope)).status).toBe(200);
  });

  it('slow: the response is held back (here for a minute), while other devices answer', async () => {
    const d = device(2);
    d.setFault('slow', true);
    expect(await bytesWithin(http(d), postRequest(http(d), envelope), 300)).toBe(0);
    d.setFault('slow', false);
    expect((await wsmanCall(http(device(3)), device(3), envelope)).status).toBe(200);
  });

  it('dropMidResponse: part of the response arrives, then the connection is destroyed', async () => {
    const d = device(3);
    const first = await connect(http(d));
    first.send(postRequest(http(d), envelope));
    const { realm, nonce } = parseChallenge(header(await first.next(), 'WWW-Authenticate') ?? '');
    first.end();
    d.setFault('dropMidResponse', true);
    const session = await connect(http(d));
    session.send(postRequest(http(d), envelope, { Authorization: digestHeader(d.user, d.password, realm, nonce, 1) }));
    await expect(session.next()).rejects.toThrow(/closed before a complete response/);
    expect(session.received().toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK/);
    d.setFault('dropMidResponse', false);
  });

  it('malformedXml: a complete HTTP response whose envelope is not well-formed', async () => {
    const d = device(3);
    d.setFault('malformedXml', true);
    const r = await wsmanCall(http(d), d, envelope);
    d.setFault('malformedXml', false);
    expect(r.status).toBe(200);
    expect(XMLValidator.validate(r.body)).not.toBe(true);
  });

  it('staleNonce: the first authenticated use of a nonce gets 401 with a new nonce, which then works', async () => {
    const d = device(4);
    d.setFault('staleNonce', true);
    const endpoint = http(d);
    const first = await connect(endpoint);
    first.send(postRequest(endpoint, envelope));
    const challenge = parseChallenge(header(await first.next(), 'WWW-Authenticate') ?? '');
    first.end();
    const second = await connect(endpoint);
    second.send(
      postRequest(endpoint, envelope, {
        Authorization: digestHeader(d.user, d.password, challenge.realm, challenge.nonce, 1),
      }),
    );
    const stale = await second.next();
    second.end();
    expect(stale.status).toBe(401);
    const fresh = parseChallenge(header(stale, 'WWW-Authenticate') ?? '');
    expect(fresh.nonce).not.toBe(challenge.nonce);
    const third = await connect(endpoint);
    third.send(
      postRequest(endpoint, envelope, { Authorization: digestHeader(d.user, d.password, fresh.realm, fresh.nonce, 1) }),
    );
    const ok = await third.next();
    third.end();
    expect(ok.status).toBe(200);
    expect(d.isLockedOut()).toBe(false);
    d.setFault('staleNonce', false);
  });

  it('certChange: the TLS port presents a new certificate (new fingerprint) while on, the original after', async () => {
    const d = device(5);
    const fingerprint = async (): Promise<string> => {
      const s = await connect({ host: d.host, port: d.tlsPort, tls: true });
      const fp = (s.socket as TLSSocket).getPeerCertificate().fingerprint256;
      s.end();
      return fp;
    };
    const original = await fingerprint();
    d.setFault('certChange', true);
    const changed = await fingerprint();
    expect(changed).not.toBe(original);
    expect(changed).toBe(d.certificateFingerprint());
    d.setFault('certChange', false);
    expect(await fingerprint()).toBe(original);
    const r = await wsmanCall({ host: d.host, port: d.tlsPort, tls: true }, d, envelope);
    expect(firstText(r.body, 'HostName')).toBe(d.hostName);
  });

  it('trickle: the response leaves one byte per interval (here 1 s), never silent long, never finished soon', async () => {
    const d = device(4);
    d.setFault('trickle', true);
    const before = d.stats.trickledBytes;
    const n = await bytesWithin(http(d), postRequest(http(d), envelope), 300);
    d.setFault('trickle', false);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(10);
    expect(d.stats.trickledBytes - before).toBe(n);
    expect((await wsmanCall(http(d), d, envelope)).status).toBe(200);
  });

  it('tlsReset: the TLS port accepts TCP and resets the socket before any handshake; plain HTTP is untouched', async () => {
    const d = device(4);
    d.setFault('tlsReset', true);
    await expect(connect({ host: d.host, port: d.tlsPort, tls: true })).rejects.toThrow(
      /ECONNRESET|socket hang up|disconnected/,
    );
    expect((await wsmanCall(http(d), d, envelope)).status).toBe(200);
    d.setFault('tlsReset', false);
    const r = await wsmanCall({ host: d.host, port: d.tlsPort, tls: true }, d, envelope);
    expect(r.status).toBe(200);
  });

  it('refuses unknown fault names with a clear error', () => {
    expect(() => device(5).setFault('explode' as never, true)).toThrow(/unknown simulator fault 'explode'/);
  });
});
