// The host decoder works on UTF-16 code units in typed arrays (for speed: the terminal bench, README "Benchmarks").
// Here it is checked against a plain reference — the same escape tracker written per code point over strings — on
// seeded random byte streams (escape-heavy, CP437 high half, NUL/BEL/CAN/SUB, markers, UTF-8 with 4-byte characters)
// cut into random chunks, in both charsets: the same text for every chunk.
import { describe, expect, it } from 'vitest';
import { CP437_MARKER_BYTES, CP437_TO_UNICODE } from '../../../../renderer/terminal/cp437';
import { HostDecoder, type HostCharset } from '../../../../renderer/terminal/host-decoder';

const STREAMS = 300;
const MAX_STREAM_BYTES = 600;
const MAX_CHUNK_BYTES = 40;
/** Bytes the tracker reacts to, drawn often so sequences of every kind start, end and get cancelled. */
const INTERESTING = [0x00, 0x07, 0x1b, 0x18, 0x1a, 0x5b, 0x5d, 0x50, 0x5c, 0x20, 0x2f, 0x30, 0x40, 0x7e, 0x10, 0x1f];

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The reference: per code point, strings, no typed arrays. */
class ReferenceDecoder {
  private state: 'ground' | 'escape' | 'intermediate' | 'csi' | 'string' | 'string-escape' = 'ground';
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false });
  constructor(private readonly charset: HostCharset) {}

  decode(bytes: Uint8Array): string {
    const text =
      this.charset === 'utf-8'
        ? this.utf8.decode(bytes, { stream: true })
        : Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : (CP437_TO_UNICODE[b] as string))).join('');
    let out = '';
    for (const char of text) out += this.step(char.codePointAt(0) as number, char);
    return out;
  }

  private step(code: number, char: string): string {
    const cancel = (): void => {
      if (code === 0x18 || code === 0x1a) this.state = 'ground';
    };
    switch (this.state) {
      case 'ground':
        if (code === 0x1b) this.state = 'escape';
        else if (code === 0x00 || code === 0x07) return '';
        else if (CP437_MARKER_BYTES.has(code)) return CP437_TO_UNICODE[code] as string;
        return char;
      case 'escape':
        if (code === 0x5b) this.state = 'csi';
        else if ([0x50, 0x58, 0x5e, 0x5f, 0x5d].includes(code)) this.state = 'string';
        else if (code >= 0x20 && code <= 0x2f) this.state = 'intermediate';
        else if (code !== 0x1b) this.state = 'ground';
        return char;
      case 'intermediate':
        if (code >= 0x30 && code <= 0x7e) this.state = 'ground';
        cancel();
        return char;
      case 'csi':
        if (code === 0x1b) this.state = 'escape';
        else if (code >= 0x40 && code <= 0x7e) this.state = 'ground';
        else cancel();
        return char;
      case 'string':
        if (code === 0x07) this.state = 'ground';
        else if (code === 0x1b) this.state = 'string-escape';
        return char;
      case 'string-escape':
        this.state = code === 0x5c ? 'ground' : 'string';
        return char;
    }
  }
}

function stream(random: () => number, charset: HostCharset): Uint8Array {
  const bytes: number[] = [];
  const length = Math.floor(random() * MAX_STREAM_BYTES);
  while (bytes.length < length) {
    const pick = random();
    if (pick < 0.35) bytes.push(INTERESTING[Math.floor(random() * INTERESTING.length)] as number);
    else if (pick < 0.6) bytes.push(0x20 + Math.floor(random() * 0x5f));
    else if (charset === 'cp437' || pick < 0.7) bytes.push(Math.floor(random() * 0x100));
    else bytes.push(...new TextEncoder().encode(random() < 0.5 ? '╔═╗' : '😀é'));
  }
  return Uint8Array.from(bytes);
}

describe('HostDecoder against a per-code-point reference', () => {
  for (const charset of ['cp437', 'utf-8'] as const) {
    it(`gives the same text in ${charset} for ${STREAMS} random streams in random chunks`, () => {
      const random = rng(charset === 'cp437' ? 437 : 8);
      for (let n = 0; n < STREAMS; n++) {
        const bytes = stream(random, charset);
        const ours = new HostDecoder(charset);
        const reference = new ReferenceDecoder(charset);
        for (let at = 0; at < bytes.length;) {
          const size = 1 + Math.floor(random() * MAX_CHUNK_BYTES);
          const chunk = bytes.subarray(at, at + size);
          expect(ours.decode(chunk), `stream ${n} at ${at}`).toBe(reference.decode(chunk));
          at += size;
        }
      }
    });
  }
});
