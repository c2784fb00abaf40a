// Relay channel frames (constants.ts has the layout): one encoder, and FrameReader, which takes each frame's
// exact length from its header, keeps fragments, splits joined reads, and refuses a bad header as soon as its
// 8 bytes are in. It never holds more than one header and one largest payload, whatever the peer sends.

import {
  FRAME_HEADER_LENGTH,
  FRAME_MAGIC,
  MAGIC_LENGTH,
  MAGIC_OFFSET,
  MAX_PAYLOAD_BYTES,
  MESSAGE_TYPE_NAMES,
  PAYLOAD_LENGTH_OFFSET,
  PROTOCOL_VERSION,
  TYPE_OFFSET,
  VERSION_OFFSET,
} from './constants';
import { RelayProtocolError } from './relay-protocol-error';

/** What a reader keeps between frames: room for a header and most messages without growing. */
const SMALL_BUFFER_BYTES = 4096;

export interface RawFrame {
  readonly type: number;
  readonly payload: Uint8Array;
}

export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  if (MESSAGE_TYPE_NAMES[type] === undefined)
    throw new RelayProtocolError('unknown-type', `message type 0x${hex(type)} is not defined`);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RelayProtocolError(
      'too-large',
      `a ${MESSAGE_TYPE_NAMES[type]} payload of ${payload.length} bytes is above ${MAX_PAYLOAD_BYTES}`,
    );
  }
  const frame = new Uint8Array(FRAME_HEADER_LENGTH + payload.length);
  const view = new DataView(frame.buffer);
  frame.set(FRAME_MAGIC, MAGIC_OFFSET);
  view.setUint8(VERSION_OFFSET, PROTOCOL_VERSION);
  view.setUint8(TYPE_OFFSET, type);
  view.setUint32(PAYLOAD_LENGTH_OFFSET, payload.length);
  frame.set(payload, FRAME_HEADER_LENGTH);
  return frame;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Checks a whole header; returns the payload length. */
function checkHeader(header: Uint8Array): { type: number; length: number } {
  const view = new DataView(header.buffer, header.byteOffset, FRAME_HEADER_LENGTH);
  for (let i = 0; i < MAGIC_LENGTH; i++) {
    if (header[MAGIC_OFFSET + i] !== FRAME_MAGIC[i]) {
      throw new RelayProtocolError(
        'bad-magic',
        `the frame does not start with "RL" (got 0x${hex(header[0] ?? 0)} 0x${hex(header[1] ?? 0)})`,
      );
    }
  }
  const version = view.getUint8(VERSION_OFFSET);
  if (version !== PROTOCOL_VERSION) {
    throw new RelayProtocolError(
      'bad-version',
      `relay protocol version ${version} is not spoken here (this build speaks ${PROTOCOL_VERSION})`,
    );
  }
  const type = view.getUint8(TYPE_OFFSET);
  if (MESSAGE_TYPE_NAMES[type] === undefined)
    throw new RelayProtocolError('unknown-type', `message type 0x${hex(type)} is not defined`);
  const length = view.getUint32(PAYLOAD_LENGTH_OFFSET);
  if (length > MAX_PAYLOAD_BYTES) {
    throw new RelayProtocolError(
      'too-large',
      `a ${MESSAGE_TYPE_NAMES[type]} frame announces ${length} payload bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
    );
  }
  return { type, length };
}

/**
 * Reassembles frames from a byte stream. After the first error it refuses everything (the stream has lost its
 * place; the connection must close).
 */
export class FrameReader {
  // Grown to the frame in hand (at most a header and the largest payload), back to a header's size after a big one.
  private buffer = new Uint8Array(SMALL_BUFFER_BYTES);
  private filled = 0;
  private expected: { type: number; length: number } | undefined;
  private failed: RelayProtocolError | undefined;

  /** Bytes held for an unfinished frame (never more than a header and the largest payload). */
  get bufferedBytes(): number {
    return this.filled;
  }

  /** Every frame completed by `chunk`, in order; throws RelayProtocolError on the first bad header. */
  push(chunk: Uint8Array): RawFrame[] {
    if (this.failed) throw this.failed;
    const frames: RawFrame[] = [];
    let at = 0;
    // Bounded: each pass consumes at least one byte of the chunk or completes a frame.
    while (
      at < chunk.length ||
      (this.expected !== undefined && this.filled === FRAME_HEADER_LENGTH + this.expected.length)
    ) {
      const want = this.expected === undefined ? FRAME_HEADER_LENGTH : FRAME_HEADER_LENGTH + this.expected.length;
      const take = Math.min(want - this.filled, chunk.length - at);
      this.buffer.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled < want) break;
      if (this.expected === undefined) {
        try {
          this.expected = checkHeader(this.buffer);
        } catch (error) {
          this.failed = error as RelayProtocolError;
          this.filled = 0;
          throw error;
        }
        this.reserve(FRAME_HEADER_LENGTH + this.expected.length);
        continue;
      }
      frames.push({ type: this.expected.type, payload: this.buffer.slice(FRAME_HEADER_LENGTH, want) });
      this.expected = undefined;
      this.filled = 0;
      if (this.buffer.length > SMALL_BUFFER_BYTES) this.buffer = new Uint8Array(SMALL_BUFFER_BYTES);
    }
    return frames;
  }

  private reserve(bytes: number): void {
    if (this.buffer.length >= bytes) return;
    const grown = new Uint8Array(bytes);
    grown.set(this.buffer.subarray(0, this.filled));
    this.buffer = grown;
  }

  /** The stream ended: refuses a frame cut short. */
  end(): void {
    if (this.failed === undefined && this.filled > 0) {
      throw new RelayProtocolError('truncated', `the connection ended ${this.filled} byte(s) into a frame`);
    }
  }
}
