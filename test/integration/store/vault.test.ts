// The credential vault (main/store/vault.ts, key-providers.ts) and the at-rest check of the issue: the SQLite
// file and its WAL hold no password, in UTF-8 or UTF-16.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  keyFileProvider,
  openStore,
  passphraseKeyProvider,
  StoreError,
  Vault,
  wrappedKeyProvider,
  type KeyWrapper,
  type VaultMeta,
} from '../../../main/store/index';
import { openTempStore, tempFolder, storeErrorCode } from './temp-store';

const folder = tempFolder('vault');
afterAll(() => folder.remove());

/** Cheap scrypt settings: these tests check behaviour, not cost. */
const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

function memoryMeta(): VaultMeta & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (n) => map.get(n), set: (n, v) => void map.set(n, v) };
}

describe('Vault', () => {
  it('round-trips a secret with a fresh IV each time and binds it to its context', () => {
    const vault = Vault.open(passphraseKeyProvider('correct horse', FAST_SCRYPT), memoryMeta());
    const a = vault.encrypt('Pa55word!', 'ctx');
    const b = vault.encrypt('Pa55word!', 'ctx');
    expect(a.equals(b)).toBe(false);
    expect(vault.decrypt(a, 'ctx')).toBe('Pa55word!');
    expect(storeErrorCode(() => vault.decrypt(a, 'other'))).toBe('vault-corrupt');
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(storeErrorCode(() => vault.decrypt(tampered, 'ctx'))).toBe('vault-corrupt');
    expect(storeErrorCode(() => vault.decrypt(Buffer.from([1, 2, 3]), 'ctx'))).toBe('vault-corrupt');
  });

  it('passphrase: salt and parameters stored, same passphrase reopens, a wrong one is refused clearly', () => {
    const meta = memoryMeta();
    const first = Vault.open(passphraseKeyProvider('correct horse', FAST_SCRYPT), meta);
    const blob = first.encrypt('secret-1', 'p');
    const stored = JSON.parse(meta.map.get('scrypt') as string) as { salt: string; N: number };
    expect(Buffer.from(stored.salt, 'base64').length).toBe(16);
    expect(stored.N).toBe(FAST_SCRYPT.N);
    // Reopening with other default parameters still uses the stored ones.
    const again = Vault.open(passphraseKeyProvider('correct horse', { N: 2 ** 11, r: 8, p: 1 }), meta);
    expect(again.decrypt(blob, 'p')).toBe('secret-1');
    let error: unknown;
    try {
      Vault.open(passphraseKeyProvider('wrong horse', FAST_SCRYPT), meta);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('vault-key-mismatch');
    expect((error as StoreError).message).not.toContain('wrong horse');
    expect(storeErrorCode(() => Vault.open(passphraseKeyProvider('', FAST_SCRYPT), memoryMeta()))).toBe(
      'vault-key-unavailable',
    );
  });

  it('wrapped key: stores only the wrapped form and unwraps it on the next open', () => {
    const wraps: Buffer[] = [];
    // A stand-in for safeStorage: XOR with a fixed pad, enough to prove the key is stored only wrapped.
    const pad = Buffer.alloc(32, 0x5c);
    const wrapper: KeyWrapper = {
      name: 'test-wrapper',
      wrapKey: (key) => {
        const out = Buffer.from(key.map((byte, i) => byte ^ (pad[i] as number)));
        wraps.push(out);
        return out;
      },
      unwrapKey: (blob) => Buffer.from(blob.map((byte, i) => byte ^ (pad[i] as number))),
    };
    const meta = memoryMeta();
    const blob = Vault.open(wrappedKeyProvider(wrapper), meta).encrypt('secret-2', 'w');
    expect(wraps).toHaveLength(1);
    expect(meta.map.get('wrapped-key')).toBe(wraps[0]?.toString('base64'));
    expect(Vault.open(wrappedKeyProvider(wrapper), meta).decrypt(blob, 'w')).toBe('secret-2');
    expect(wraps).toHaveLength(1);
    expect(storeErrorCode(() => Vault.open(passphraseKeyProvider('x', FAST_SCRYPT), meta))).toBe('vault-key-mismatch');
    const refusing: KeyWrapper = {
      name: 'locked',
      wrapKey: () => Buffer.alloc(0),
      unwrapKey: () => {
        throw new Error('keychain locked');
      },
    };
    const lockedMeta = memoryMeta();
    lockedMeta.set('wrapped-key', 'AAAA');
    expect(storeErrorCode(() => Vault.open(wrappedKeyProvider(refusing), lockedMeta))).toBe('vault-key-unavailable');
  });

  it('key file: created with 0600, reused, and a file of the wrong size is refused', () => {
    const path = folder.file('keys/k1.key');
    const meta = memoryMeta();
    const blob = Vault.open(keyFileProvider(path), meta).encrypt('secret-3', 'k');
    expect(statSync(path).size).toBe(32);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Vault.open(keyFileProvider(path), meta).decrypt(blob, 'k')).toBe('secret-3');
    expect(storeErrorCode(() => Vault.open(keyFileProvider(folder.file('keys/k2.key')), meta))).toBe(
      'vault-key-mismatch',
    );
    const short = folder.file('short.key');
    writeFileSync(short, 'too short');
    expect(storeErrorCode(() => Vault.open(keyFileProvider(short), memoryMeta()))).toBe('vault-key-unavailable');
  });
});

describe('passwords at rest', () => {
  it('the SQLite file and its WAL hold no password, in UTF-8 or UTF-16', () => {
    const passwords = ['Default-Pass-7391!', 'Relay-Pass-5512!', 'Client-Pass-2288!'];
    const path = folder.file('at-rest.db');
    const store = openTempStore(folder, 'at-rest.db');
    try {
      const relay = store.relays.add({ name: 'R', kind: 'relay-system', host: 'h' });
      const client = store.clients.add({ hostName: 'pc-1', ip: '10.0.0.1', relayId: relay.id });
      store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: passwords[0] as string });
      store.profiles.set({ scope: 'relay', targetId: relay.id, user: 'admin', password: passwords[1] as string });
      store.profiles.set({ scope: 'client', targetId: client.id, user: 'admin', password: passwords[2] as string });
      // The writes are in the WAL now (no checkpoint yet): both files are read while the store is open.
      const files = [path, `${path}-wal`].filter((f) => existsSync(f));
      expect(files).toContain(`${path}-wal`);
      const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
      expect(bytes.length).toBeGreaterThan(4096);
      for (const password of passwords) {
        expect(bytes.includes(Buffer.from(password, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(password, 'utf16le'))).toBe(false);
        expect(bytes.includes(Buffer.from(password, 'utf16le').swap16())).toBe(false);
      }
      // The user name is stored in clear (it is not a secret): the scan does find plain text it should.
      expect(bytes.includes(Buffer.from('pc-1', 'utf8'))).toBe(true);
      expect(store.profiles.decryptCredentials('client', client.id)?.password).toBe(passwords[2]);
    } finally {
      store.close();
    }
    // After a checkpoint on close everything is in the main file: scan it again.
    const after = readFileSync(path);
    for (const password of passwords) expect(after.includes(Buffer.from(password, 'utf8'))).toBe(false);
  });

  it('a store reopened with another key refuses to open the vault, naming the problem', () => {
    const store = openTempStore(folder, 'other-key.db');
    store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: 'Some-Pass1!' });
    store.close();
    let error: unknown;
    try {
      openStore(folder.file('other-key.db'), { keyProvider: keyFileProvider(folder.file('another.key')) }).close();
    } catch (e) {
      error = e;
    }
    expect((error as StoreError).code).toBe('vault-key-mismatch');
  });
});
