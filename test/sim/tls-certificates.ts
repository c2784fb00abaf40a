// Self-signed TLS certificates for simulated devices (§1.8): built with node-forge, CN = host name. RSA key
// generation is the slow part, so a small pool of keys is shared and each device gets its own certificate
// (own serial and CN, hence its own SHA-256 fingerprint), signed through node:crypto because forge's JS RSA is slow.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the DER certificate, upper-case hex with colons (how consoles show and pin it). */
  readonly fingerprint256: string;
}

interface PooledKey {
  readonly keyPem: string;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

/** forge exports getTBSCertificate but its type definitions omit it. */
interface ForgeTbs {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

const RSA_BITS = 2048;
const VALIDITY_YEARS = 10;

export class CertificateFactory {
  private readonly keys: PooledKey[] = [];
  private issued = 0;

  /** @param poolSize how many RSA keys to share between all certificates (each costs ~0.1–0.2 s once). */
  constructor(private readonly poolSize = 2) {}

  private key(index: number): PooledKey {
    const slot = index % this.poolSize;
    let key = this.keys[slot];
    if (!key) {
      const pair = generateKeyPairSync('rsa', { modulusLength: RSA_BITS });
      const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      key = { keyPem, publicKey: forge.pki.publicKeyFromPem(publicPem) };
      this.keys[slot] = key;
    }
    return key;
  }

  issue(commonName: string): IssuedCertificate {
    const key = this.key(this.issued);
    this.issued += 1;
    const cert = forge.pki.createCertificate();
    cert.publicKey = key.publicKey;
    // Positive 16-byte serial: random, so a re-issued certificate for the same device differs too.
    const serial = randomBytes(16);
    serial[0] = (serial[0] as number) & 0x7f;
    cert.serialNumber = serial.toString('hex');
    const now = new Date();
    cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
    cert.validity.notAfter = new Date(now.getTime() + VALIDITY_YEARS * 365 * 24 * 3600 * 1000);
    const subject = [
      { name: 'commonName', value: commonName },
      { name: 'organizationName', value: 'Intel(R) Active Management Technology (simulated)' },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] },
    ]);
    const oid = forge.pki.oids['sha256WithRSAEncryption'] as string;
    cert.signatureOid = oid;
    cert.siginfo.algorithmOid = oid;
    const tbsDer = Buffer.from(
      forge.asn1.toDer((forge.pki as unknown as ForgeTbs).getTBSCertificate(cert)).getBytes(),
      'binary',
    );
    cert.signature = sign('sha256', tbsDer, key.keyPem).toString('binary');
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
    const fingerprint256 = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    return { certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem, fingerprint256 };
  }
}
