import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeDigestResponse,
  DigestSession,
  formatNonceCount,
  parseDigestChallenge,
} from '../../../../main/amt/digest';
import { isAmtError } from '../../../../shared/domain';

const FIXTURES = new URL('../../../fixtures/amt-wsman/', import.meta.url);

describe('computeDigestResponse', () => {
  it('reproduces the RFC 2617 §3.5 example', () => {
    expect(
      computeDigestResponse({
        user: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        nc: '00000001',
        cnonce: '0a4f113b',
        qop: 'auth',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('computes the RFC 2069 form without qop', () => {
    // MD5(MD5("u:r:p") ":" "n" ":" MD5("GET:/x")), worked out independently with md5sum.
    const withoutQop = computeDigestResponse({
      user: 'u',
      realm: 'r',
      password: 'p',
      method: 'GET',
      uri: '/x',
      nonce: 'n',
    });
    expect(withoutQop).toMatch(/^[0-9a-f]{32}$/);
    expect(withoutQop).not.toBe(
      computeDigestResponse({
        user: 'u',
        realm: 'r',
        password: 'p',
        method: 'GET',
        uri: '/x',
        nonce: 'n',
        nc: '00000001',
        cnonce: 'c',
        qop: 'auth',
      }),
    );
  });

  it('refuses qop without nc and cnonce', () => {
    expect(() =>
      computeDigestResponse({ user: 'u', realm: 'r', password: 'p', method: 'GET', uri: '/', nonce: 'n', qop: 'auth' }),
    ).toThrow(/nonce count/);
  });
});

describe('formatNonceCount', () => {
  it('writes 8 lower-case hex digits', () => {
    expect(formatNonceCount(1)).toBe('00000001');
    expect(formatNonceCount(0xab)).toBe('000000ab');
    expect(formatNonceCount(0xffffffff)).toBe('ffffffff');
  });
  it('rejects counts outside 1..2^32-1', () => {
    expect(() => formatNonceCount(0)).toThrow();
    expect(() => formatNonceCount(2 ** 32)).toThrow();
  });
});

describe('parseDigestChallenge', () => {
  it('reads the AMT capture (no space before stale and qop)', () => {
    const raw = readFileSync(new URL('HTTP.401Unauthorized.http', FIXTURES), 'latin1');
    const header = /^WWW-Authenticate: (.*)\r$/m.exec(raw)?.[1] ?? '';
    expect(parseDigestChallenge(header)).toEqual({
      realm: 'Digest:727734D63A1FC0423736E48DA554E462',
      nonce: 'B9AX94iAAAAAAAAAx6rrSfPHGUrx/3uA',
      qop: 'auth',
      stale: false,
    });
  });

  it('accepts space-separated, unquoted parameters and an unquoted realm with a colon', () => {
    const c = parseDigestChallenge(
      'Digest realm=Digest:727734D63A1FC0423736E48DA554E462 nonce=abc/def+= qop=auth stale=TRUE',
    );
    expect(c).toMatchObject({
      realm: 'Digest:727734D63A1FC0423736E48DA554E462',
      nonce: 'abc/def+=',
      qop: 'auth',
      stale: true,
    });
  });

  it('chooses auth from a list and from repeated qop parameters', () => {
    expect(parseDigestChallenge('Digest realm="r", nonce="n", qop="auth-int, auth"')?.qop).toBe('auth');
    expect(parseDigestChallenge('Digest realm="r",nonce="n",qop="auth-int",qop="auth"')?.qop).toBe('auth');
  });

  it('keeps opaque and an explicit MD5 algorithm, and treats a missing qop as RFC 2069', () => {
    const c = parseDigestChallenge('Digest realm="r", nonce="n", opaque="o p", algorithm=MD5');
    expect(c).toEqual({ realm: 'r', nonce: 'n', qop: undefined, stale: false, opaque: 'o p', algorithm: 'MD5' });
  });

  it('finds Digest after another scheme and stops before the next one', () => {
    expect(parseDigestChallenge('Negotiate, Digest realm="r", nonce="n", qop="auth", Basic')?.nonce).toBe('n');
    expect(parseDigestChallenge('Negotiate')).toBeUndefined();
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
  });

  it('reads an unquoted comma list without losing the parameters after it (issue 12 item 9)', () => {
    const c = parseDigestChallenge('Digest realm="Digest:ABC", qop=auth,auth-int, nonce="n1", opaque="o", stale=false');
    expect(c).toEqual({ realm: 'Digest:ABC', nonce: 'n1', qop: 'auth', stale: false, opaque: 'o' });
    expect(parseDigestChallenge('Digest realm=r, qop=auth-int,auth, nonce=n2')).toMatchObject({
      nonce: 'n2',
      qop: 'auth',
    });
    // Only auth-int in an unquoted list is still refused by name.
    expect(() => parseDigestChallenge('Digest realm=r, nonce=n, qop=auth-int,auth-conf')).toThrow(
      /qop=auth-int,auth-conf/,
    );
    // A scheme after an unquoted value still ends the Digest parameters.
    expect(parseDigestChallenge('Digest realm=r, nonce=n3, qop=auth, Basic realm="x"')).toMatchObject({
      realm: 'r',
      nonce: 'n3',
    });
  });

  it('unescapes quoted values', () => {
    expect(parseDigestChallenge('Digest realm="a\\"b", nonce="n"')?.realm).toBe('a"b');
  });

  it('fails specifically on unusable challenges', () => {
    const codeOf = (header: string): string | undefined => {
      try {
        parseDigestChallenge(header);
        return undefined;
      } catch (err) {
        return isAmtError(err) ? err.code : 'not-amt-error';
      }
    };
    expect(codeOf('Digest realm="r"')).toBe('malformed-http');
    expect(codeOf('Digest nonce="n"')).toBe('malformed-http');
    expect(codeOf('Digest realm="r", nonce="n", qop="auth-int"')).toBe('unsupported');
    expect(codeOf('Digest realm="r", nonce="n", algorithm=SHA-256')).toBe('unsupported');
  });
});

describe('DigestSession', () => {
  const challenge = {
    realm: 'Digest:727734D63A1FC0423736E48DA554E462',
    nonce: 'N1',
    qop: 'auth' as const,
    stale: false,
  };

  it('reuses one nonce with nc growing by one and the same cnonce', () => {
    const cnonces = ['c1', 'c2'];
    const session = new DigestSession({ user: 'admin', password: 'P@ssw0rd!' }, () => cnonces.shift() ?? 'x');
    expect(session.authorize('POST', '/wsman')).toBeUndefined();
    session.accept(challenge);
    const first = session.authorize('POST', '/wsman') ?? '';
    const second = session.authorize('POST', '/wsman') ?? '';
    expect(first).toContain('nc=00000001');
    expect(first).toContain('cnonce="c1"');
    expect(second).toContain('nc=00000002');
    expect(second).toContain('cnonce="c1"');
    expect(second).toContain('nonce="N1"');
    expect(second).toContain('uri="/wsman"');
    expect(second).toContain('qop=auth');
    const expected = computeDigestResponse({
      user: 'admin',
      realm: challenge.realm,
      password: 'P@ssw0rd!',
      method: 'POST',
      uri: '/wsman',
      nonce: 'N1',
      nc: '00000002',
      cnonce: 'c1',
      qop: 'auth',
    });
    expect(second).toContain(`response="${expected}"`);
    expect(second).not.toContain('P@ssw0rd!');
  });

  it('starts nc again at 1 with a new cnonce on a new challenge', () => {
    const cnonces = ['c1', 'c2'];
    const session = new DigestSession({ user: 'admin', password: 'pw' }, () => cnonces.shift() ?? 'x');
    session.accept(challenge);
    session.authorize('POST', '/wsman');
    session.authorize('POST', '/wsman');
    session.accept({ ...challenge, nonce: 'N2' });
    const next = session.authorize('POST', '/wsman') ?? '';
    expect(next).toContain('nc=00000001');
    expect(next).toContain('cnonce="c2"');
    expect(next).toContain('nonce="N2"');
  });

  it('formats the header as an RFC 2617 credentials line', () => {
    const session = new DigestSession({ user: 'Mufasa', password: 'Circle Of Life' }, () => '0a4f113b');
    session.accept({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      stale: false,
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    expect(session.authorize('GET', '/dir/index.html')).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", ' +
        'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001, cnonce="0a4f113b"',
    );
  });
});
