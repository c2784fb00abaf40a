import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FilePinStore } from '../../../../main/amt/file-pin-store';
import {
  certificateFingerprint,
  checkCertificatePin,
  MemoryPinStore,
  parseFingerprint,
  pinKey,
} from '../../../../main/amt/tls-pin';
import { AmtError, type CertFingerprint } from '../../../../shared/domain';

const DER_A = Buffer.from('certificate A (stands in for DER bytes)');
const DER_B = Buffer.from('certificate B (stands in for DER bytes)');

describe('certificateFingerprint', () => {
  it('is the SHA-256 of the DER bytes as lower-case hex pairs joined by colons', () => {
    const hex = createHash('sha256').update(DER_A).digest('hex');
    const fp = certificateFingerprint(DER_A);
    expect(fp.replace(/:/g, '')).toBe(hex);
    expect(fp).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  });
});

describe('parseFingerprint', () => {
  it('accepts pasted forms and returns the canonical one', () => {
    const fp = certificateFingerprint(DER_A);
    expect(parseFingerprint(fp.toUpperCase())).toBe(fp);
    expect(parseFingerprint(fp.replace(/:/g, ''))).toBe(fp);
    expect(parseFingerprint(`SHA256:${fp.replace(/:/g, ' ')}`)).toBe(fp);
  });
  it('refuses anything else as bad-input', () => {
    expect(() => parseFingerprint('abcd')).toThrow(AmtError);
    expect(() => parseFingerprint('zz'.repeat(32))).toThrow(/not a SHA-256 certificate fingerprint/);
  });
});

describe('checkCertificatePin', () => {
  const key = pinKey('pc1', 16993);
  const fpA = certificateFingerprint(DER_A);
  const fpB = certificateFingerprint(DER_B);

  it('trusts and records the first certificate, then accepts it again', () => {
    const pins = new MemoryPinStore();
    expect(checkCertificatePin({ pins, key }, DER_A)).toBe(fpA);
    expect(pins.get(key)).toBe(fpA);
    expect(checkCertificatePin({ pins, key }, DER_A)).toBe(fpA);
  });

  it('refuses a changed certificate naming both fingerprints and how to accept it', () => {
    const pins = new MemoryPinStore();
    pins.set(key, fpA);
    let error: AmtError | undefined;
    try {
      checkCertificatePin({ pins, key }, DER_B);
    } catch (err) {
      error = err as AmtError;
    }
    expect(error?.code).toBe('tls-pin-mismatch');
    expect(error?.message).toContain(`expected ${fpA}`);
    expect(error?.message).toContain(`presented ${fpB}`);
    expect(error?.message).toContain('accept the new one');
    expect(error?.detail).toEqual({ endpoint: key, expectedFingerprint: fpA, actualFingerprint: fpB });
    expect(pins.get(key)).toBe(fpA);
  });

  it('lets an explicit pin replace a stored one and records it', () => {
    const pins = new MemoryPinStore();
    pins.set(key, fpA);
    expect(checkCertificatePin({ pins, key, explicitPin: fpB }, DER_B)).toBe(fpB);
    expect(pins.get(key)).toBe(fpB);
  });

  it('refuses a certificate that is not the explicit pin', () => {
    const pins = new MemoryPinStore();
    expect(() => checkCertificatePin({ pins, key, explicitPin: fpA }, DER_B)).toThrow(/the fingerprint you supplied/);
    expect(pins.get(key)).toBeUndefined();
  });
});

describe('FilePinStore', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('starts empty without a file, persists atomically and reloads', () => {
    dir = mkdtempSync(join(tmpdir(), 'amt-pins-'));
    const path = join(dir, 'sub', 'pins.json');
    const store = new FilePinStore(path);
    expect(store.get('pc1:16993')).toBeUndefined();
    const fp = certificateFingerprint(DER_A);
    store.set('pc1:16993', fp);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, pins: { 'pc1:16993': fp } });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['pins.json']); // no temp file left behind
    expect(new FilePinStore(path).get('pc1:16993')).toBe(fp);
  });

  it('refuses a corrupt file with a clear bad-input', () => {
    dir = mkdtempSync(join(tmpdir(), 'amt-pins-'));
    const path = join(dir, 'pins.json');
    writeFileSync(path, '{ not json');
    expect(() => new FilePinStore(path)).toThrow(/not valid JSON/);
    writeFileSync(path, JSON.stringify({ version: 1, pins: { a: 'nope' } }));
    expect(() => new FilePinStore(path)).toThrow(/not a SHA-256/);
    writeFileSync(path, JSON.stringify({ version: 1 }));
    expect(() => new FilePinStore(path)).toThrow(/no "pins" object/);
  });

  it('keeps fingerprints canonical', () => {
    dir = mkdtempSync(join(tmpdir(), 'amt-pins-'));
    const path = join(dir, 'pins.json');
    const fp = certificateFingerprint(DER_B);
    writeFileSync(path, JSON.stringify({ version: 1, pins: { k: fp.toUpperCase() } }));
    expect(new FilePinStore(path).get('k')).toBe(fp as CertFingerprint);
  });
});
