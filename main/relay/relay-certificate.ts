// Key pairs and self-signed certificates for the relay channel, made with node-forge: one for the console's
// relay listener, one per relay. Neither side trusts a CA; each pins the other's SHA-256 fingerprint
// (main/amt's certificateFingerprint, the same form as AMT pins), learnt at enrolment.

import forge from 'node-forge';
import { randomBytes } from 'node:crypto';
import type { CertFingerprint } from '../../shared/domain';
import { certificateFingerprint } from '../amt/index';

export interface TlsIdentity {
  readonly certPem: string;
  /** PKCS#1 PEM; kept in a 0600 file in its data folder and never logged. */
  readonly keyPem: string;
  readonly fingerprint: CertFingerprint;
}

const RSA_BITS = 2048;
const VALIDITY_YEARS = 20;
const DAY_MS = 24 * 3600 * 1000;

/** A fresh RSA key and a self-signed certificate whose common name says whose it is ("relay on host-x"). */
export function makeTlsIdentity(commonName: string): TlsIdentity {
  // forge hands key generation to node:crypto when it is there, so this takes milliseconds, not seconds.
  const keys = forge.pki.rsa.generateKeyPair({ bits: RSA_BITS, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive serial
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + VALIDITY_YEARS * 365 * DAY_MS);
  const subject = [
    { name: 'commonName', value: commonName.slice(0, 64) },
    { name: 'organizationName', value: 'amt-console relay channel' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    fingerprint: fingerprintOfPem(forge.pki.certificateToPem(cert)),
  };
}

/** The pin of a PEM certificate. */
export function fingerprintOfPem(certPem: string): CertFingerprint {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes();
  return certificateFingerprint(Buffer.from(der, 'binary'));
}
