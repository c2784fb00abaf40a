// Little-endian (the redirection protocol) and big-endian (SCSI fields inside ATAPI) byte helpers, and the one
// way a frame error is made, shared by the SOL and IDE-R frame code.

import { AmtError } from '../../shared/domain';

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;

export function malformed(message: string): AmtError {
  return new AmtError('malformed-frame', message);
}

export function writeU16(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
}
export function writeU32(out: Uint8Array, offset: number, value: number): void {
  writeU16(out, offset, value & 0xffff);
  writeU16(out, offset + 2, (value >>> 16) & 0xffff);
}
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}
export function readU32(bytes: Uint8Array, offset: number): number {
  return (readU16(bytes, offset) + readU16(bytes, offset + 2) * 0x10000) >>> 0;
}

export function readBe16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}
export function readBe32(bytes: Uint8Array, offset: number): number {
  return (readBe16(bytes, offset) * 0x10000 + readBe16(bytes, offset + 2)) >>> 0;
}
/** Big-endian bytes of `value` in `width` bytes (SCSI fields). */
export function be(value: number, width: number): number[] {
  const out: number[] = [];
  for (let i = width - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
  return out;
}

export function checkSequence(seq: number): void {
  if (!Number.isInteger(seq) || seq < 0 || seq > U32_MAX)
    throw new AmtError('bad-input', `Sequence number ${seq} is not a u32.`);
}
