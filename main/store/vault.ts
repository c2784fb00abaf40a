// The credential vault: AES-256-GCM with a random 96-bit IV per secret (NIST SP 800-38D), the key from a
// KeyProvider. Ciphertext layout: version byte | IV (12) | tag (16) | ciphertext. The context string is
// authenticated (AAD), so a secret copied to another row does not decrypt there.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StoreError } from './store-error';

export const VAULT_KEY_BYTES = 32;
const CIPHER = 'aes-256-gcm';
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const AAD_PREFIX = 'amt-console/vault/v1/';
const KEY_CHECK_META = 'key-check';
const KEY_KIND_META = 'key-kind';
const KEY_CHECK_CONTEXT = 'key-check';
const KEY_CHECK_TEXT = 'amt-console vault key check';

/** Small name/value storage beside the secrets (the vault_meta table): salts, parameters, wrapped keys. */
export interface VaultMeta {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/**
 * Where the 32-byte vault key comes from. Implementations create what they need on first use (a salt,
 * a wrapped key, a key file) and store non-secret metadata in `meta`. Throw StoreError
 * 'vault-key-unavailable' when the key cannot be had.
 */
export interface KeyProvider {
  /** Recorded in the vault, so opening with another kind of key gives a clear message. */
  readonly kind: string;
  loadKey(meta: VaultMeta): Buffer;
}

export class Vault {
  private constructor(private readonly key: Buffer) {}

  /** Loads the key and proves it opens this vault (a stored check value); the first open writes that value. */
  static open(provider: KeyProvider, meta: VaultMeta): Vault {
    const storedKind = meta.get(KEY_KIND_META);
    if (storedKind !== undefined && storedKind !== provider.kind) {
      throw new StoreError(
        'vault-key-mismatch',
        `The saved passwords were locked with a ${storedKind} key, but a ${provider.kind} key was given; they cannot be read with it.`,
      );
    }
    const key = provider.loadKey(meta);
    if (key.length !== VAULT_KEY_BYTES) {
      throw new StoreError(
        'vault-key-unavailable',
        `The ${provider.kind} key provider returned ${key.length} bytes, not ${VAULT_KEY_BYTES}.`,
      );
    }
    const vault = new Vault(Buffer.from(key));
    const check = meta.get(KEY_CHECK_META);
    if (check === undefined) {
      meta.set(KEY_CHECK_META, vault.encrypt(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT).toString('base64'));
      meta.set(KEY_KIND_META, provider.kind);
    } else {
      let opened: string | undefined;
      try {
        opened = vault.decrypt(Buffer.from(check, 'base64'), KEY_CHECK_CONTEXT);
      } catch {
        opened = undefined;
      }
      if (opened !== KEY_CHECK_TEXT) {
        throw new StoreError(
          'vault-key-mismatch',
          `The ${provider.kind} key does not open the saved passwords (wrong passphrase, or a key from another installation).`,
        );
      }
    }
    return vault;
  }

  encrypt(plain: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(AAD_PREFIX + context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer, context: string): string {
    if (blob.length < HEADER_BYTES || blob[0] !== FORMAT_VERSION) {
      throw new StoreError('vault-corrupt', 'A saved password is damaged (unknown format); set it again.');
    }
    const iv = blob.subarray(1, 1 + IV_BYTES);
    const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
    try {
      const decipher = createDecipheriv(CIPHER, this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(AAD_PREFIX + context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new StoreError(
        'vault-corrupt',
        'A saved password does not decrypt (damaged, or moved from another entry); set it again.',
        { cause: error },
      );
    }
  }
}
