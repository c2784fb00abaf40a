// The console's host-ID record inside its 3PDS block (mission M4): our own small layout, so the console can tell
// its record from blank flash, garbage and another program's bytes before it trusts or overwrites anything.
//
// offset  size  meaning
//   0      8    marker "AMTC-HID" (ASCII)
//   8      1    record version (1)
//   9      1    n = length of the host ID text (36)
//  10      n    host ID, lower-case UUID text (ASCII)
//  10+n    4    first 4 bytes of SHA-256 over bytes 0 .. 10+n-1 (a torn or garbled record fails it)
//  14+n    …    0xFF up to the end of the block (unwritten flash reads as 0xFF, §2.11)

import { createHash } from 'node:crypto';
import { parseHostId, type HostId } from '../../../shared/domain';
import { UNWRITTEN_BYTE } from '../../amt/index';

export const HOST_ID_RECORD_MARKER = 'AMTC-HID';
export const HOST_ID_RECORD_VERSION = 1;
const MARKER_BYTES = 8;
const HEADER_BYTES = MARKER_BYTES + 2;
const CHECK_BYTES = 4;

export type DecodedRecord =
  | { readonly kind: 'record'; readonly hostId: HostId }
  | { readonly kind: 'blank' }
  | { readonly kind: 'bad'; readonly why: string };

function check(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);
}

/** The whole block's bytes: the record, then 0xFF padding. */
export function encodeHostIdRecord(hostId: HostId, blockBytes: number): Uint8Array {
  const id = Buffer.from(hostId, 'ascii');
  const body = Buffer.concat([
    Buffer.from(HOST_ID_RECORD_MARKER, 'ascii'),
    Buffer.from([HOST_ID_RECORD_VERSION, id.length]),
    id,
  ]);
  const record = Buffer.concat([body, check(body)]);
  if (record.length > blockBytes)
    throw new RangeError(`a host ID record needs ${record.length} bytes; the block has ${blockBytes}`);
  const out = Buffer.alloc(blockBytes, UNWRITTEN_BYTE);
  record.copy(out);
  return out;
}

export function decodeHostIdRecord(bytes: Uint8Array): DecodedRecord {
  if (bytes.every((b) => b === UNWRITTEN_BYTE)) return { kind: 'blank' };
  const buffer = Buffer.from(bytes);
  if (buffer.length < HEADER_BYTES || buffer.toString('latin1', 0, MARKER_BYTES) !== HOST_ID_RECORD_MARKER) {
    return {
      kind: 'bad',
      why: `it does not start with the console's marker "${HOST_ID_RECORD_MARKER}" (garbage or another program's data)`,
    };
  }
  const version = buffer[MARKER_BYTES] as number;
  if (version !== HOST_ID_RECORD_VERSION)
    return { kind: 'bad', why: `record version ${version} is not one this console reads (${HOST_ID_RECORD_VERSION})` };
  const length = buffer[MARKER_BYTES + 1] as number;
  const end = HEADER_BYTES + length;
  if (end + CHECK_BYTES > buffer.length)
    return { kind: 'bad', why: `the record claims ${length} bytes of host ID, more than the block holds` };
  if (!check(buffer.subarray(0, end)).equals(buffer.subarray(end, end + CHECK_BYTES))) {
    return { kind: 'bad', why: 'the record fails its checksum (a torn write or garbled flash)' };
  }
  const hostId = parseHostId(buffer.toString('latin1', HEADER_BYTES, end));
  if (!hostId) return { kind: 'bad', why: 'the record holds no valid host ID' };
  return { kind: 'record', hostId };
}
