// TLS pinning and the TLS policy against loopback TLS peers with node-forge self-signed certificates
// (amt-protocols.md §1.1, §1.8, §6 pitfalls 6–8).
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWsmanTransport,
  MemoryPinStore,
  pinKey,
  type TlsPolicy,
  type TransportOptions,
  type WsmanTransport,
} from '../../../main/amt';
import { AmtError, type CertFingerprint } from '../../../shared/domain';
import {
  makeSelfSignedCert,
  startDigestPeer,
  startRawPeer,
  unusedPort,
  type DigestPeer,
  type RawPeer,
  type SelfSignedCert,
} from './digest-peer';
import { expectAmtError } from '../../support/expect-amt-error';

const HOST = '127.10.0.3';
const USER = 'admin';
const PASSWORD = 'Tls-Test-Passw0rd!';
const ENVELOPE = '<s:Envelope/>';

let certA: SelfSignedCert;
let certB: SelfSignedCert;
let tlsPeerA: DigestPeer;
let tlsPeerB: DigestPeer;
let plainPeer: DigestPeer;
let rawTlsB: RawPeer;
let fpA: CertFingerprint;
let fpB: CertFingerprint;
const transports: WsmanTransport[] = [];

/** Node's own fingerprint (upper-case), lower-cased: an independent computation of what we pin. */
function fingerprintOf(cert: SelfSignedCert): CertFingerprint {
  return new X509Certificate(cert.certPem).fingerprint256.toLowerCase() as CertFingerprint;
}

function transport(
  tlsPort: number,
  httpPort: number,
  tlsPolicy: TlsPolicy,
  pins: MemoryPinStore,
  extra: Partial<TransportOptions> = {},
): WsmanTransport {
  const t = createWsmanTransport({
    endpoint: { host: HOST, httpPort, tlsPort },
    credentials: { user: USER, password: PASSWORD },
    tlsPolicy,
    pins,
    connectTimeoutMs: 3_000,
    readTimeoutMs: 3_000,
    ...extra,
  });
  transports.push(t);
  return t;
}

/** Posts the test envelope and returns the AmtError it must fail with (never naming the password). */
const failure = (t: WsmanTransport): Promise<AmtError> => expectAmtError(t.post(ENVELOPE), PASSWORD);

beforeAll(async () => {
  certA = makeSelfSignedCert('Intel(R) AMT test A');
  certB = makeSelfSignedCert('Intel(R) AMT test B');
  fpA = fingerprintOf(certA);
  fpB = fingerprintOf(certB);
  tlsPeerA = await startDigestPeer({ host: HOST, user: USER, password: PASSWORD, tls: certA });
  tlsPeerB = await startDigestPeer({ host: HOST, user: USER, password: PASSWORD, tls: certB });
  plainPeer = await startDigestPeer({ host: HOST, user: USER, password: PASSWORD });
  rawTlsB = await startRawPeer(HOST, () => undefined, certB);
});

afterAll(async () => {
  for (const t of transports) t.close();
  await Promise.all([tlsPeerA.close(), tlsPeerB.close(), plainPeer.close(), rawTlsB.close()]);
});

describe('TLS pinning', () => {
  it('pins the certificate on first contact and reuses the TLS connection', async () => {
    const pins = new MemoryPinStore();
    const t = transport(tlsPeerA.port, plainPeer.port, 'tls-then-http', pins);
    const r = await t.post(ENVELOPE);
    expect(r.status).toBe(200);
    expect(pins.get(pinKey(HOST, tlsPeerA.port))).toBe(fpA);
    expect(t.negotiated).toMatchObject({ tls: true, fingerprint: fpA });
    expect(fpA).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    await t.post(ENVELOPE);
    expect(t.stats).toEqual({ requests: 3, connections: 2 });
    expect(plainPeer.connections).toBe(0);
  });

  it('refuses a changed certificate before writing a byte, naming both fingerprints, and does not fall back', async () => {
    const pins = new MemoryPinStore();
    pins.set(pinKey(HOST, rawTlsB.port), fpA);
    const plainBefore = plainPeer.connections;
    const t = transport(rawTlsB.port, plainPeer.port, 'tls-then-http', pins);
    const err = await failure(t);
    expect(err.code).toBe('tls-pin-mismatch');
    expect(err.message).toContain(fpA);
    expect(err.message).toContain(fpB);
    expect(err.message).toMatch(/accept the new one/);
    expect(err.detail).toMatchObject({ expectedFingerprint: fpA, actualFingerprint: fpB });
    expect(t.stats.requests).toBe(0);
    // Give a written request time to arrive, then check none did (bytes after TLS decryption).
    await new Promise((r) => setTimeout(r, 100));
    // The handshake reached the peer; the client then hung up (with TLS 1.3 the server may never see it complete).
    expect(rawTlsB.tcpConnections).toBe(1);
    expect(rawTlsB.receivedBytes).toBe(0);
    expect(plainPeer.connections).toBe(plainBefore);
    expect(pins.get(pinKey(HOST, rawTlsB.port))).toBe(fpA);
  });

  it('accepts an explicit pin from the user over a stored one and records it', async () => {
    const pins = new MemoryPinStore();
    pins.set(pinKey(HOST, tlsPeerB.port), fpA);
    const t = transport(tlsPeerB.port, plainPeer.port, 'tls-only', pins, { explicitPin: fpB });
    expect((await t.post(ENVELOPE)).status).toBe(200);
    expect(pins.get(pinKey(HOST, tlsPeerB.port))).toBe(fpB);
  });

  it('refuses a certificate that differs from the explicit pin even with nothing stored', async () => {
    const pins = new MemoryPinStore();
    const t = transport(tlsPeerB.port, plainPeer.port, 'tls-only', pins, { explicitPin: fpA });
    const err = await failure(t);
    expect(err.code).toBe('tls-pin-mismatch');
    expect(err.message).toContain('the fingerprint you supplied');
    expect(pins.get(pinKey(HOST, tlsPeerB.port))).toBeUndefined();
  });
});

describe('TLS policy', () => {
  it('tls-then-http falls back to plain HTTP when nothing listens on the TLS port, and remembers it', async () => {
    const tlsPort = await unusedPort(HOST);
    const t = transport(tlsPort, plainPeer.port, 'tls-then-http', new MemoryPinStore());
    expect((await t.post(ENVELOPE)).status).toBe(200);
    expect(t.negotiated).toMatchObject({ tls: false });
    await t.post(ENVELOPE);
    expect(t.stats).toEqual({ requests: 3, connections: 2 });
  });

  it('tls-then-http does not fall back after a handshake failure (issue 12 item 1: it may be an attacker)', async () => {
    const t = transport(plainPeer.port, plainPeer.port, 'tls-then-http', new MemoryPinStore());
    const err = await failure(t);
    expect(err.code).toBe('tls-error');
    expect(err.message).toMatch(
      /Plain HTTP was not tried: a failed TLS handshake may be an attack\. If it is AMT 11 or older/,
    );
    expect(t.negotiated).toBeUndefined();
  });

  it('tls-only never uses plain HTTP', async () => {
    const tlsPort = await unusedPort(HOST);
    const before = plainPeer.connections;
    const t = transport(tlsPort, plainPeer.port, 'tls-only', new MemoryPinStore());
    expect((await failure(t)).code).toBe('unreachable');
    expect(plainPeer.connections).toBe(before);
    const handshake = transport(plainPeer.port, plainPeer.port, 'tls-only', new MemoryPinStore());
    expect((await failure(handshake)).code).toBe('tls-error');
  });

  it('reaches a TLS 1.1-only device (AMT 11 and older) only with the opt-in legacy profile', async () => {
    const legacyPeer = await startDigestPeer({
      host: HOST,
      user: USER,
      password: PASSWORD,
      tls: certA,
      legacyTlsOnly: true,
    });
    try {
      const strict = transport(legacyPeer.port, 1, 'tls-only', new MemoryPinStore());
      expect((await failure(strict)).code).toBe('tls-error');
      const legacy = transport(legacyPeer.port, 1, 'tls-only', new MemoryPinStore(), { legacyTls: true });
      expect((await legacy.post(ENVELOPE)).status).toBe(200);
      expect(legacy.negotiated).toMatchObject({ tls: true, fingerprint: fpA });
      legacy.close();
    } finally {
      await legacyPeer.close();
    }
  });

  it('http-only never tries TLS', async () => {
    const before = tlsPeerA.connections;
    const t = transport(tlsPeerA.port, plainPeer.port, 'http-only', new MemoryPinStore());
    expect((await t.post(ENVELOPE)).status).toBe(200);
    expect(t.negotiated).toEqual({ tls: false, serverHeader: expect.any(String) });
    expect(tlsPeerA.connections).toBe(before);
  });
});
