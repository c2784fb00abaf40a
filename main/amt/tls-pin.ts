// Certificate pinning for AMT's self-signed TLS certificates (amt-protocols.md §1.8, §6 pitfalls 6 and 8):
// SHA-256 of the DER certificate, trust on first use, an explicit pin from the user wins, a change is refused.

import { createHash } from 'node:crypto';
import { AmtError, type CertFingerprint } from '../../shared/domain';
import type { PinStore } from './transport-types';

const FINGERPRINT_PATTERN = /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/;

/** SHA-256 of a DER certificate as lower-case hex pairs joined by ':'. */
export function certificateFingerprint(der: Uint8Array): CertFingerprint {
  const hex = createHash('sha256').update(der).digest('hex');
  return (hex.match(/../g) ?? []).join(':') as CertFingerprint;
}

/**
 * Accepts a fingerprint as people paste it (upper or lower case, with ':' or spaces or nothing,
 * optionally prefixed `sha256:`) and returns the canonical form; AmtError 'bad-input' otherwise.
 */
export function parseFingerprint(text: string): CertFingerprint {
  const hex = text
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[\s:-]/g, '')
    .toLowerCase();
  const canonical = (hex.match(/../g) ?? []).join(':');
  if (!FINGERPRINT_PATTERN.test(canonical)) {
    throw new AmtError(
      'bad-input',
      `"${text.slice(0, 120)}" is not a SHA-256 certificate fingerprint (64 hex digits).`,
    );
  }
  return canonical as CertFingerprint;
}

/** The PinStore key for a device's TLS port. */
export function pinKey(host: string, tlsPort: number): string {
  return `${host}:${tlsPort}`;
}

export interface PinCheck {
  readonly pins: PinStore;
  readonly key: string;
  readonly explicitPin?: CertFingerprint;
}

/**
 * Decides whether a presented certificate is trusted; records it when trusted for the first time
 * or when the user pinned it explicitly. Throws 'tls-pin-mismatch' naming both fingerprints.
 */
export function checkCertificatePin(check: PinCheck, der: Uint8Array): CertFingerprint {
  const presented = certificateFingerprint(der);
  const expected = check.explicitPin ?? check.pins.get(check.key);
  if (expected === undefined) {
    check.pins.set(check.key, presented); // trust on first use
    return presented;
  }
  if (expected !== presented) {
    const source = check.explicitPin !== undefined ? 'the fingerprint you supplied' : 'the one pinned on first contact';
    throw new AmtError(
      'tls-pin-mismatch',
      `The TLS certificate of ${check.key} changed: expected ${expected} (${source}), presented ${presented}. ` +
        'If the device was re-provisioned or its certificate replaced on purpose, accept the new one by ' +
        `supplying it as the explicit pin (e.g. --pin ${presented}).`,
      { endpoint: check.key, expectedFingerprint: expected, actualFingerprint: presented },
    );
  }
  if (check.explicitPin !== undefined && check.pins.get(check.key) !== presented) check.pins.set(check.key, presented);
  return presented;
}

/** A PinStore that lives as long as the process (tests, one-shot CLI runs without a pin file). */
export class MemoryPinStore implements PinStore {
  private readonly map = new Map<string, CertFingerprint>();

  get(key: string): CertFingerprint | undefined {
    return this.map.get(key);
  }

  set(key: string, fingerprint: CertFingerprint): void {
    this.map.set(key, fingerprint);
  }

  entries(): [string, CertFingerprint][] {
    return [...this.map.entries()];
  }
}
