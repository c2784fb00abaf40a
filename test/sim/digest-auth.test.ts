// Digest checks of the simulator (§1.7, §1.9): accept, refuse, nonce reuse, expiry and stale flag, lockout, and the
// lockout seen over real sockets (a locked account answers a correct password with the same 401).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestAuthenticator } from './digest-auth';
import { startFleet, type Fleet, type SimDevice } from './index';
import {
  ACTIONS,
  NS,
  connect,
  digestHeader,
  header,
  parseChallenge,
  postRequest,
  requestEnvelope,
  wsmanCall,
} from './sim-test-client';

const REALM = 'Digest:0123456789ABCDEF0123456789ABCDEF';
const USER = 'admin';
const PASSWORD = 'Corr3ct-Horse!';

function makeAuth(overrides: Partial<ConstructorParameters<typeof DigestAuthenticator>[0]> = {}) {
  let nowMs = 1_000_000;
  const auth = new DigestAuthenticator({
    realm: REALM,
    user: USER,
    password: () => PASSWORD,
    nowMs: () => nowMs,
    ...overrides,
  });
  return { auth, advance: (ms: number) => (nowMs += ms) };
}

const check = (auth: DigestAuthenticator, authorization: string | undefined, staleNonceFault = false) =>
  auth.check({ method: 'POST', path: '/wsman', authorization, staleNonceFault });

describe('DigestAuthenticator', () => {
  it('challenges a request without credentials and accepts the correct digest', () => {
    const { auth } = makeAuth();
    const challenge = check(auth, undefined);
    expect(challenge.ok).toBe(false);
    if (challenge.ok) return;
    expect(challenge.countedAsFailure).toBe(false);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, challenge.nonce, 1)).ok).toBe(true);
  });

  it('refuses a wrong password, a wrong user and a wrong realm', () => {
    const { auth } = makeAuth();
    const nonce = auth.issueNonce();
    expect(check(auth, digestHeader(USER, 'Wr0ng-Horse!', REALM, nonce, 1)).ok).toBe(false);
    expect(check(auth, digestHeader('root', PASSWORD, REALM, nonce, 2)).ok).toBe(false);
    expect(check(auth, digestHeader(USER, PASSWORD, 'Digest:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', nonce, 3)).ok).toBe(
      false,
    );
    expect(auth.failureCount()).toBe(3);
  });

  it('accepts one nonce for many requests while nc grows, and refuses a replayed nc', () => {
    const { auth } = makeAuth();
    const nonce = auth.issueNonce();
    for (let nc = 1; nc <= 5; nc++) expect(check(auth, digestHeader(USER, PASSWORD, REALM, nonce, nc)).ok).toBe(true);
    const replay = check(auth, digestHeader(USER, PASSWORD, REALM, nonce, 3));
    expect(replay.ok).toBe(false);
    if (!replay.ok) expect(replay.countedAsFailure).toBe(false);
  });

  it('answers an expired nonce with a fresh one, stale="false" by default and stale="true" when configured', () => {
    for (const staleFlagOnExpiry of [false, true]) {
      const { auth, advance } = makeAuth({ nonceLifetimeMs: 1000, staleFlagOnExpiry });
      const nonce = auth.issueNonce();
      advance(1001);
      const verdict = check(auth, digestHeader(USER, PASSWORD, REALM, nonce, 1));
      expect(verdict.ok).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.stale).toBe(staleFlagOnExpiry);
      expect(verdict.nonce).not.toBe(nonce);
      expect(check(auth, digestHeader(USER, PASSWORD, REALM, verdict.nonce, 1)).ok).toBe(true);
    }
  });

  it('locks out after 10 consecutive failures, refuses even the right password, and lets it in after the back-off', () => {
    const { auth, advance } = makeAuth({ lockoutInitialMs: 5000 });
    for (let i = 0; i < 10; i++) check(auth, digestHeader(USER, `Wr0ng-${i}!x`, REALM, auth.issueNonce(), 1));
    expect(auth.isLockedOut()).toBe(true);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, auth.issueNonce(), 1)).ok).toBe(false);
    advance(4999);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, auth.issueNonce(), 1)).ok).toBe(false);
    advance(2);
    expect(auth.isLockedOut()).toBe(false);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, auth.issueNonce(), 1)).ok).toBe(true);
  });

  it('doubles the lockout under continued failures', () => {
    const { auth, advance } = makeAuth({ lockoutInitialMs: 1000 });
    for (let i = 0; i < 10; i++) check(auth, digestHeader(USER, 'Wr0ng-Horse!', REALM, auth.issueNonce(), 1));
    advance(1001);
    check(auth, digestHeader(USER, 'Wr0ng-Horse!', REALM, auth.issueNonce(), 1)); // first failure after the lockout: locked again
    advance(1500);
    expect(auth.isLockedOut()).toBe(true); // second period is 2000 ms
    advance(600);
    expect(auth.isLockedOut()).toBe(false);
  });

  it('with the stale-nonce fault declares each nonce expired once; the nonce it hands out works', () => {
    const { auth } = makeAuth();
    const nonce = auth.issueNonce();
    const first = check(auth, digestHeader(USER, PASSWORD, REALM, nonce, 1), true);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.countedAsFailure).toBe(false);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, first.nonce, 1), true).ok).toBe(true);
    expect(check(auth, digestHeader(USER, PASSWORD, REALM, first.nonce, 2), true).ok).toBe(true);
  });
});

describe('simulator lockout over sockets', () => {
  let fleet: Fleet;
  let device: SimDevice;
  beforeAll(async () => {
    fleet = await startFleet({
      count: 1,
      seed: 'digest',
      baseAddress: '127.20.2.1',
      ephemeralPorts: true,
      lockoutInitialMs: 60_000,
    });
    device = fleet.devices[0] as SimDevice;
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('gives the same 401 to a wrong password and, once locked, to the right one', async () => {
    const endpoint = { host: device.host, port: device.httpPort };
    const envelope = requestEnvelope({
      action: ACTIONS.get,
      resourceUri: `${NS.amt}AMT_GeneralSettings`,
      messageId: '1',
    });
    const ok = await wsmanCall(endpoint, device, envelope);
    expect(ok.status).toBe(200);
    const wrong = await wsmanCall(endpoint, { user: 'admin', password: 'N0t-the-one!' }, envelope);
    expect(wrong.status).toBe(401);
    for (let i = 0; i < 9; i++) await wsmanCall(endpoint, { user: 'admin', password: 'N0t-the-one!' }, envelope);
    expect(device.isLockedOut()).toBe(true);
    const locked = await wsmanCall(endpoint, device, envelope);
    expect(locked.status).toBe(401);
    expect(locked.body).toBe(wrong.body);
    expect(header(locked, 'WWW-Authenticate')?.replace(/nonce="[^"]*"/, '')).toBe(
      header(wrong, 'WWW-Authenticate')?.replace(/nonce="[^"]*"/, ''),
    );
  });

  it('keeps a TLS connection authenticated after one digest success (AMT 6+ session caching), but not a plain one', async () => {
    const fresh = await startFleet({
      count: 1,
      seed: 'digest-cache',
      baseAddress: '127.20.2.50',
      ephemeralPorts: true,
    });
    try {
      const d = fresh.devices[0] as SimDevice;
      const envelope = requestEnvelope({
        action: ACTIONS.get,
        resourceUri: `${NS.amt}AMT_GeneralSettings`,
        messageId: '3',
      });
      for (const secure of [true, false]) {
        const endpoint = { host: d.host, port: secure ? d.tlsPort : d.httpPort, tls: secure };
        const first = await connect(endpoint);
        first.send(postRequest(endpoint, envelope));
        const { realm, nonce } = parseChallenge(header(await first.next(), 'WWW-Authenticate') ?? '');
        first.end();
        const session = await connect(endpoint);
        session.send(
          postRequest(endpoint, envelope, { Authorization: digestHeader(d.user, d.password, realm, nonce, 1) }),
        );
        expect((await session.next()).status).toBe(200);
        session.send(postRequest(endpoint, envelope));
        expect((await session.next()).status).toBe(secure ? 200 : 401);
        session.end();
      }
    } finally {
      await fresh.close();
    }
  });

  it('never lets a TLS connection skip authentication before one request succeeded', async () => {
    const endpoint = { host: device.host, port: device.tlsPort, tls: true };
    const session = await connect(endpoint);
    session.send(
      postRequest(
        endpoint,
        requestEnvelope({ action: ACTIONS.get, resourceUri: `${NS.amt}AMT_GeneralSettings`, messageId: '2' }),
      ),
    );
    const r = await session.next();
    expect(r.status).toBe(401);
    expect(parseChallenge(header(r, 'WWW-Authenticate') ?? '').realm).toBe(device.realm);
    session.end();
  });
});
