// The vault key on the desktop (docs/architecture.md "Data"): a random key kept only wrapped by Electron's
// safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux); main/store does the rest.

import { safeStorage } from 'electron';
import { wrappedKeyProvider, type KeyProvider, type KeyWrapper } from '../store/index';

/** safeStorage's Linux fallback keeps a hard-coded key: that protects nothing, so it is refused. */
const WEAK_BACKEND = 'basic_text';

export function safeStorageKeyWrapper(): KeyWrapper {
  const check = (): void => {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('the operating system offers no protected storage for this user');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === WEAK_BACKEND) {
      throw new Error('no keyring (GNOME Keyring or KWallet) is running, so saved passwords could not be protected');
    }
  };
  return {
    name: 'safeStorage',
    wrapKey(key: Buffer): Buffer {
      check();
      return safeStorage.encryptString(key.toString('base64'));
    },
    unwrapKey(blob: Buffer): Buffer {
      check();
      return Buffer.from(safeStorage.decryptString(blob), 'base64');
    },
  };
}

export function safeStorageKeyProvider(): KeyProvider {
  return wrappedKeyProvider(safeStorageKeyWrapper());
}
