// The opt-in TLS profile for AMT 11.x and older (amt-protocols.md §1.8, §6 pitfall 7): those devices may offer
// only TLS 1.0/1.1 with RSA key-exchange AES-CBC suites. Set per client (the client's "old TLS" setting), never
// globally. WS-Man and the redirection port (SOL, IDE-R) use the same profile.
//
// It must work under two TLS libraries (docs/architecture.md "Old TLS devices"):
// - Node's OpenSSL 3 (amtctl, the headless host, tests): TLS < 1.2 and SHA-1 handshake signatures are refused at
//   the default security level 1, so the cipher string needs `@SECLEVEL=0`.
// - Electron's BoringSSL (the desktop app): it has no security levels and refuses the `@SECLEVEL=` command
//   (INVALID_COMMAND), which would make every old-TLS connection fail. There the version floor alone
//   (SSL_CTX_set_min_proto_version, which Node's `minVersion` calls) enables TLS 1.0/1.1.
// So the command is added only when the running library accepts it, found by building one context.

import { createSecureContext, DEFAULT_CIPHERS, type ConnectionOptions } from 'node:tls';

/** TLS 1.0 is the oldest version AMT speaks (SSLv3 was never offered). */
const LEGACY_TLS_MIN_VERSION = 'TLSv1';
/**
 * The suites AMT 11 offers, by the names OpenSSL and BoringSSL share (TLS_RSA_WITH_AES_{128,256}_CBC_SHA and
 * their ECDHE variants). Both libraries skip a name they lack as long as one name in the list matches.
 */
const AMT_LEGACY_SUITES = ['AES128-SHA', 'AES256-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA'] as const;
/** OpenSSL-only: lets TLS 1.0/1.1 and RSA key exchange through OpenSSL 3's security checks. */
const OPENSSL_SECURITY_LEVEL_0 = '@SECLEVEL=0';

export interface LegacyTlsProfile {
  readonly minVersion: 'TLSv1';
  readonly ciphers: string;
  /** Whether the running TLS library took the OpenSSL security-level command (false under BoringSSL). */
  readonly securityLevelCommand: boolean;
}

/** Builds a throwaway context with these ciphers; throws when the TLS library refuses the string. */
export type CipherProbe = (ciphers: string) => void;

const probeWithRuntime: CipherProbe = (ciphers) => {
  createSecureContext({ ciphers, minVersion: LEGACY_TLS_MIN_VERSION });
};

/** The profile for a TLS library, decided by `probe` (exported so both libraries' outcomes can be tested). */
export function buildLegacyTlsProfile(probe: CipherProbe, baseCiphers: string = DEFAULT_CIPHERS): LegacyTlsProfile {
  const ciphers = [baseCiphers, ...AMT_LEGACY_SUITES].join(':');
  const withLevel = `${ciphers}:${OPENSSL_SECURITY_LEVEL_0}`;
  try {
    probe(withLevel);
    return { minVersion: LEGACY_TLS_MIN_VERSION, ciphers: withLevel, securityLevelCommand: true };
  } catch {
    return { minVersion: LEGACY_TLS_MIN_VERSION, ciphers, securityLevelCommand: false };
  }
}

let runtimeProfile: LegacyTlsProfile | undefined;

/** The profile for the TLS library this process runs on (probed once). */
export function legacyTlsProfile(): LegacyTlsProfile {
  runtimeProfile ??= buildLegacyTlsProfile(probeWithRuntime);
  return runtimeProfile;
}

/** tls.connect options for a device: the legacy profile when the client's setting is on, else nothing extra. */
export function legacyTlsConnectOptions(
  legacyTls: boolean | undefined,
): Pick<ConnectionOptions, 'minVersion' | 'ciphers'> {
  if (!legacyTls) return {};
  const profile = legacyTlsProfile();
  return { minVersion: profile.minVersion, ciphers: profile.ciphers };
}
