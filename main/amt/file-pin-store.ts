// A PinStore kept in a JSON file for the CLI (amt-protocols.md §1.8 pinning). Writes are atomic
// (temp file in the same directory, then rename) so a crash never leaves a half-written pin file.

import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AmtError, type CertFingerprint } from '../../shared/domain';
import type { PinStore } from './transport-types';
import { parseFingerprint } from './tls-pin';

const PIN_FILE_VERSION = 1;

interface PinFile {
  version: number;
  pins: Record<string, string>;
}

export class FilePinStore implements PinStore {
  private readonly map = new Map<string, CertFingerprint>();

  /** Reads `path` when it exists; a missing file is an empty store, a corrupt one is 'bad-input'. */
  constructor(readonly path: string) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AmtError(
        'bad-input',
        `Cannot read the pin file ${path}: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new AmtError('bad-input', `The pin file ${path} is not valid JSON; fix or remove it.`, {}, { cause: err });
    }
    const pins = (parsed as Partial<PinFile> | null)?.pins;
    if (typeof pins !== 'object' || pins === null) {
      throw new AmtError('bad-input', `The pin file ${path} has no "pins" object; fix or remove it.`);
    }
    for (const [key, value] of Object.entries(pins)) {
      if (typeof value !== 'string')
        throw new AmtError('bad-input', `The pin file ${path} has a non-text pin for ${key}.`);
      this.map.set(key, parseFingerprint(value));
    }
  }

  get(key: string): CertFingerprint | undefined {
    return this.map.get(key);
  }

  set(key: string, fingerprint: CertFingerprint): void {
    this.map.set(key, fingerprint);
    this.save();
  }

  private save(): void {
    const content: PinFile = { version: PIN_FILE_VERSION, pins: Object.fromEntries([...this.map.entries()].sort()) };
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
      renameSync(temp, this.path);
    } catch (err) {
      try {
        unlinkSync(temp);
      } catch {
        // The temp file may never have been created; nothing to clean.
      }
      throw new AmtError(
        'bad-input',
        `Cannot write the pin file ${this.path}: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
  }
}
