// The base64 codec of the host's WebSocket (shared/ipc/wire-bytes.ts) on payloads as large as a burst of SOL
// output: across its internal piece boundary (4,096 groups = 12,288 bytes) and with each tail length, against Node's.
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../../../shared/ipc/wire';

const PIECE_BYTES = 4096 * 3;
const LENGTHS = [PIECE_BYTES - 1, PIECE_BYTES, PIECE_BYTES + 1, PIECE_BYTES + 2, 2 * PIECE_BYTES + 1, 528_400];

function patterned(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (Math.imul(i + 7, 2654435761) >>> 13) & 0xff;
  return out;
}

describe('wire bytes on large payloads', () => {
  it.each(LENGTHS)('%i bytes: the same text as Node, and back to the same bytes', (length) => {
    const bytes = patterned(length);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(base64ToBytes(text) as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });
});
