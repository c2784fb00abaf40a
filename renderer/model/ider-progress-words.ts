// Words for the IDE-R panel's progress line: bytes served, speed, sectors per second, the share of the image.
import type { IderProgressView } from '../../shared/ipc';

const KIB = 1024;
const MIB = 1024 * 1024;

export function bytesWords(n: number): string {
  if (n >= MIB) return `${(n / MIB).toFixed(1)} MiB`;
  if (n >= KIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** "1.4 MiB served of a 1.4 MiB image · 620.3 KiB/s · 1,210 sectors/s". */
export function iderProgressWords(p: IderProgressView): string {
  const served = `${bytesWords(p.bytesSent)} served of a ${bytesWords(p.imageBytes)} image`;
  return `${served} · ${bytesWords(p.bytesPerSecond)}/s · ${p.sectorsPerSecond.toLocaleString('en-US')} sectors/s`;
}

/** How much of the image has been read at least once, as far as bytes tell (a host may read sectors twice). */
export function iderPercent(p: IderProgressView): number {
  if (p.imageBytes <= 0) return 0;
  return Math.min(100, Math.round((p.bytesSent * 100) / p.imageBytes));
}
