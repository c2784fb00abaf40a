// A console's data folder: where its database and vault key live, and how the key is obtained (a key file in
// the folder, or the passphrase in AMT_CONSOLE_PASSPHRASE). The headless host, the core and `amtctl job`
// open the same folder the same way.

import { join } from 'node:path';
import { keyFileProvider, passphraseKeyProvider } from './key-providers';
import type { KeyProvider } from './vault';

export const DATABASE_FILE_NAME = 'amt-console.db';
export const VAULT_KEY_FILE = 'vault.key';
export const PASSPHRASE_ENV = 'AMT_CONSOLE_PASSPHRASE';
/** The certificate pins of the console's devices (main/amt FilePinStore). */
export const PIN_FILE_NAME = 'amt-pins.json';

export function dataFolderKeyProvider(dir: string, env: Readonly<Record<string, string | undefined>>): KeyProvider {
  const passphrase = env[PASSPHRASE_ENV];
  return passphrase ? passphraseKeyProvider(passphrase) : keyFileProvider(join(dir, VAULT_KEY_FILE));
}

export function databasePath(dir: string): string {
  return join(dir, DATABASE_FILE_NAME);
}
