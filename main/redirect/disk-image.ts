// A floppy or CD image on the console's disk, checked before IDE-R starts (exists, a regular readable file, a
// whole number of sectors, a sane size) and then read by byte range, never loaded whole. A size change while the
// image is served (someone rewrites the file) is reported as such instead of serving mixed bytes.

import { open, type FileHandle } from 'node:fs/promises';
import { AmtError } from '../../shared/domain';
import { MAX_IMAGE_BYTES, SECTOR_BYTES, type IderMediaKind } from './atapi-constants';

const KIND_LABELS: Readonly<Record<IderMediaKind, string>> = { floppy: 'floppy image', cd: 'CD image' };

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** Why an image of this size cannot be served, or undefined when it can. */
export function imageSizeProblem(kind: IderMediaKind, sizeBytes: number): string | undefined {
  const sector = SECTOR_BYTES[kind];
  if (sizeBytes === 0) return `is empty`;
  if (sizeBytes % sector !== 0) return `is ${sizeBytes} bytes, not a whole number of ${sector}-byte sectors`;
  if (sizeBytes > MAX_IMAGE_BYTES[kind])
    return `is ${formatBytes(sizeBytes)}, more than the ${formatBytes(MAX_IMAGE_BYTES[kind])} a ${KIND_LABELS[kind]} can be`;
  return undefined;
}

export class DiskImage {
  private closedFlag = false;

  private constructor(
    readonly path: string,
    readonly kind: IderMediaKind,
    readonly sizeBytes: number,
    private readonly handle: FileHandle,
  ) {}

  /** Opens and checks `path`; errors are 'bad-input' naming the field (e.g. "--floppy") and the reason. */
  static async open(path: string, kind: IderMediaKind, field: string = KIND_LABELS[kind]): Promise<DiskImage> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'is not readable (permission denied)'
            : `cannot be opened (${code ?? 'error'})`;
      throw new AmtError('bad-input', `${field}: ${path} ${why}.`);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new AmtError('bad-input', `${field}: ${path} is not a regular file.`);
      const problem = imageSizeProblem(kind, stat.size);
      if (problem) throw new AmtError('bad-input', `${field}: ${path} ${problem}.`);
      return new DiskImage(path, kind, stat.size, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get sectorBytes(): number {
    return SECTOR_BYTES[this.kind];
  }

  get sectors(): number {
    return this.sizeBytes / this.sectorBytes;
  }

  /** Throws 'bad-input' when the file no longer has the size it had when opened. */
  async checkUnchanged(): Promise<void> {
    const now = (await this.handle.stat()).size;
    if (now !== this.sizeBytes) throw this.changed(now);
  }

  private changed(now: number): AmtError {
    return new AmtError(
      'bad-input',
      `The ${KIND_LABELS[this.kind]} ${this.path} changed size during the transfer (${this.sizeBytes} bytes when it was opened, ${now} now); IDE-R stopped.`,
    );
  }

  /** Exactly `length` bytes from `offset`; a short read means the file shrank. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closedFlag) throw new AmtError('bad-input', `The ${KIND_LABELS[this.kind]} ${this.path} is closed.`);
    const out = new Uint8Array(length);
    let at = 0;
    // Bounded: each round reads at least one byte or stops.
    while (at < length) {
      const { bytesRead } = await this.handle.read(out, at, length - at, offset + at);
      if (bytesRead === 0) throw this.changed((await this.handle.stat()).size);
      at += bytesRead;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    await this.handle.close();
  }
}
