// Test helper: SQLite stores in a fresh temp folder per test file, with a key-file vault key.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileProvider, openStore, StoreError, type Store } from '../../../main/store/index';

export interface TempFolder {
  readonly dir: string;
  file(name: string): string;
  remove(): void;
}

export function tempFolder(prefix: string): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), `amt-console-${prefix}-`));
  return {
    dir,
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens (creating) `name` in the folder, with the folder's key file as the vault key. */
export function openTempStore(folder: TempFolder, name = 'console.db'): Store {
  return openStore(folder.file(name), { keyProvider: keyFileProvider(folder.file('vault.key')) });
}

/** The StoreError code a call fails with, or 'no error'. */
export function storeErrorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
  return 'no error';
}
