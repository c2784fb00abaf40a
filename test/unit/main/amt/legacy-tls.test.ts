// The old-TLS profile (main/amt/legacy-tls.ts) under both TLS libraries the console runs on. Node's OpenSSL is
// the real one here; Electron's BoringSSL cannot run on this machine (no Electron binary), so its refusal of the
// OpenSSL-only `@SECLEVEL=` command is stood in by a probe that throws like BoringSSL's INVALID_COMMAND does
// (a stand-in: the one part that is not real, and it says so).
import { createSecureContext, DEFAULT_CIPHERS } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { buildLegacyTlsProfile, legacyTlsConnectOptions, legacyTlsProfile } from '../../../../main/amt';

const SECLEVEL = /@SECLEVEL=/;

describe('the old-TLS profile', () => {
  it('under Node OpenSSL lowers the security level, keeps the defaults and adds the AMT 11 suites', () => {
    const profile = legacyTlsProfile();
    expect(profile.minVersion).toBe('TLSv1');
    expect(profile.securityLevelCommand).toBe(true);
    expect(profile.ciphers.startsWith(`${DEFAULT_CIPHERS}:`)).toBe(true);
    expect(profile.ciphers.split(':')).toEqual(expect.arrayContaining(['AES128-SHA', 'AES256-SHA']));
    expect(profile.ciphers).toMatch(/:@SECLEVEL=0$/);
    // The string is one this library builds a context from.
    expect(() => createSecureContext({ ciphers: profile.ciphers, minVersion: profile.minVersion })).not.toThrow();
  });

  it('under a library that refuses @SECLEVEL (BoringSSL) carries no OpenSSL-only command', () => {
    const probed: string[] = [];
    const boringLike = (ciphers: string): void => {
      probed.push(ciphers);
      if (SECLEVEL.test(ciphers)) throw new Error('error:1000009e:SSL routines:OPENSSL_internal:INVALID_COMMAND');
    };
    const profile = buildLegacyTlsProfile(boringLike);
    expect(probed).toHaveLength(1);
    expect(profile.securityLevelCommand).toBe(false);
    expect(profile.ciphers).not.toMatch(/@/);
    expect(profile.minVersion).toBe('TLSv1');
    expect(profile.ciphers.split(':')).toEqual(expect.arrayContaining(['AES128-SHA', 'AES256-SHA']));
    // What is left is plain cipher names and the runtime's default list, which BoringSSL's lax parser takes.
    expect(() => boringLike(profile.ciphers)).not.toThrow();
  });

  it("starts from the running library's own default list, whatever it is", () => {
    const profile = buildLegacyTlsProfile(() => undefined, 'ECDHE-RSA-AES128-GCM-SHA256');
    expect(profile.ciphers).toBe(
      'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:@SECLEVEL=0',
    );
  });

  it("adds nothing to a connection when the client's setting is off", () => {
    expect(legacyTlsConnectOptions(false)).toEqual({});
    expect(legacyTlsConnectOptions(undefined)).toEqual({});
    expect(legacyTlsConnectOptions(true)).toEqual({ minVersion: 'TLSv1', ciphers: legacyTlsProfile().ciphers });
  });
});
