// Vault key providers: a passphrase (scrypt, RFC 7914, salt and parameters stored in the vault metadata)
// for the CLI/headless host; a wrapped random key whose wrapping main/electron supplies (safeStorage);
// and a key file, for the headless host and tests.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { StoreError } from './store-error';
import { VAULT_KEY_BYTES, type KeyProvider, type VaultMeta } from './vault';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** About 32 MiB and ~100 ms per derivation on a desktop: costly to brute-force, tolerable once per start. */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const SCRYPT_META = 'scrypt';
const SALT_BYTES = 16;
const WRAPPED_KEY_META = 'wrapped-key';

interface StoredScrypt extends ScryptParameters {
  readonly salt: string;
}

function isStoredScrypt(value: unknown): value is StoredScrypt {
  const v = value as Partial<StoredScrypt> | null;
  return typeof v?.salt === 'string' && Number.isInteger(v.N) && Number.isInteger(v.r) && Number.isInteger(v.p);
}

/**
 * Key derived from a passphrase with scrypt. The salt and parameters are created on first use and
 * stored, so later opens derive the same key even if the defaults change.
 */
export function passphraseKeyProvider(
  passphrase: string | (() => string),
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): KeyProvider {
  return {
    kind: 'passphrase',
    loadKey(meta: VaultMeta): Buffer {
      const phrase = typeof passphrase === 'function' ? passphrase() : passphrase;
      if (phrase.length === 0)
        throw new StoreError('vault-key-unavailable', 'An empty passphrase cannot protect the saved passwords.');
      let stored: StoredScrypt;
      const text = meta.get(SCRYPT_META);
      if (text === undefined) {
        stored = { ...parameters, salt: randomBytes(SALT_BYTES).toString('base64') };
        meta.set(SCRYPT_META, JSON.stringify(stored));
      } else {
        const parsed: unknown = JSON.parse(text);
        if (!isStoredScrypt(parsed))
          throw new StoreError('vault-corrupt', "The vault's passphrase settings are damaged.");
        stored = parsed;
      }
      const { N, r, p } = stored;
      return scryptSync(phrase.normalize('NFC'), Buffer.from(stored.salt, 'base64'), VAULT_KEY_BYTES, {
        N,
        r,
        p,
        maxmem: 256 * N * r + 1024 * 1024,
      });
    },
  };
}

/** Encrypts and decrypts the vault key with something the OS protects (Electron's safeStorage). */
export interface KeyWrapper {
  /** Name shown in messages, e.g. 'safeStorage'. */
  readonly name: string;
  wrapKey(key: Buffer): Buffer;
  unwrapKey(blob: Buffer): Buffer;
}

/**
 * A random key, stored only wrapped (base64 of `wrapKey(key)` in the vault metadata). main/electron
 * plugs safeStorage in here; main/store never imports electron.
 */
export function wrappedKeyProvider(wrapper: KeyWrapper): KeyProvider {
  return {
    kind: `wrapped:${wrapper.name}`,
    loadKey(meta: VaultMeta): Buffer {
      const stored = meta.get(WRAPPED_KEY_META);
      try {
        if (stored !== undefined) return wrapper.unwrapKey(Buffer.from(stored, 'base64'));
        const key = randomBytes(VAULT_KEY_BYTES);
        meta.set(WRAPPED_KEY_META, wrapper.wrapKey(key).toString('base64'));
        return key;
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new StoreError(
          'vault-key-unavailable',
          `${wrapper.name} could not provide the key for the saved passwords: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
  };
}

/**
 * A random 32-byte key in a file readable only by its owner (0600) in the user-data folder. Acceptable for
 * the headless host and tests: the key is exactly as safe as that folder, which already holds the
 * database, and it keeps the password column unreadable in copies/backups of the .db file alone. Use
 * the passphrase or safeStorage provider where a person or an OS keychain can hold the secret.
 */
export function keyFileProvider(path: string): KeyProvider {
  return {
    kind: 'key-file',
    loadKey(): Buffer {
      let key: Buffer;
      try {
        key = readFileSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new StoreError(
            'vault-key-unavailable',
            `Cannot read the key file "${path}": ${(error as Error).message}`,
            { cause: error },
          );
        }
        key = randomBytes(VAULT_KEY_BYTES);
        mkdirSync(dirname(path), { recursive: true });
        // 'wx': never overwrite a key file that appeared meanwhile; mode 0600 on creation (POSIX).
        writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
        chmodSync(path, 0o600);
      }
      if (key.length !== VAULT_KEY_BYTES) {
        throw new StoreError(
          'vault-key-unavailable',
          `The key file "${path}" holds ${key.length} bytes, not ${VAULT_KEY_BYTES}; it is not a vault key.`,
        );
      }
      return key;
    },
  };
}
