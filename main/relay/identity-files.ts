// Where a TLS identity of the relay channel lives: two files in a data folder, the key readable by its owner
// only (0600, like the console's vault.key). Made on first use, read afterwards; a damaged pair is refused
// with the file named rather than silently replaced (a new certificate would break every pin).

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOfPem, makeTlsIdentity, type TlsIdentity } from './relay-certificate';

const KEY_SUFFIX = '-key.pem';
const CERT_SUFFIX = '-cert.pem';

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}

/** `dir/<name>-key.pem` and `dir/<name>-cert.pem`; made with `commonName` when neither exists. */
export function loadOrCreateIdentity(dir: string, name: string, commonName: string): TlsIdentity {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, name + KEY_SUFFIX);
  const certPath = join(dir, name + CERT_SUFFIX);
  const haveKey = existsSync(keyPath);
  const haveCert = existsSync(certPath);
  if (!haveKey && !haveCert) {
    const made = makeTlsIdentity(commonName);
    writeAtomically(keyPath, made.keyPem, 0o600);
    writeAtomically(certPath, made.certPem, 0o644);
    return made;
  }
  if (!haveKey || !haveCert) {
    throw new Error(
      `${haveKey ? certPath : keyPath} is missing while ${haveKey ? keyPath : certPath} exists; restore it or ` +
        'remove both to make a new identity (which must then be enrolled again)',
    );
  }
  const certPem = readFileSync(certPath, 'utf8');
  const keyPem = readFileSync(keyPath, 'utf8');
  let fingerprint;
  try {
    fingerprint = fingerprintOfPem(certPem);
  } catch {
    throw new Error(`${certPath} is not a PEM certificate`);
  }
  if (!keyPem.includes('PRIVATE KEY-----')) throw new Error(`${keyPath} is not a PEM private key`);
  return { certPem, keyPem, fingerprint };
}
