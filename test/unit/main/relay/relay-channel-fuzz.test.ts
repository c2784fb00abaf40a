// Seeded fuzz test of the relay channel's framing and message decoding (issue 8 must-show): 100,000 byte streams
// of six shapes through FrameReader and decodeMessage — valid messages split at random points, valid then cut
// short, garbage, headers announcing oversized payloads, valid frames with mutated payloads, and well-framed JSON
// of the wrong shape. Properties: nothing is thrown but RelayProtocolError with a code and words; a failed reader
// stays failed; the reader never holds more than a header and the largest payload; valid streams come back message
// for message; an oversized header is refused as soon as its 8 bytes are in; no case takes long; the heap does not
// grow with the number of cases. Seed: RELAY_FUZZ_SEED (printed on failure).
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  FRAME_HEADER_LENGTH,
  FrameReader,
  isRelayProtocolError,
  MAX_PAYLOAD_BYTES,
  MESSAGE_TYPE_NAMES,
  PROTOCOL_VERSION,
  WORK_OPS,
  type RelayMessage,
} from '../../../../main/relay/index';
import { seededRandom, type SeededRandom } from '../../../sim/seeded-random';

const SEED = process.env.RELAY_FUZZ_SEED ?? 'relay-fuzz-1';
const CASES = 100_000;
/**
 * "No hang": a case that takes this long is stuck, not slow (each case is a few KiB; a GC pause or a loaded CI core
 * can hold one for a few hundred ms, which is not what this catches).
 */
const SLOW_CASE_MS = 5_000;
const HEAP_GROWTH_LIMIT_BYTES = 64 * 1024 * 1024;
const TYPES = Object.keys(MESSAGE_TYPE_NAMES).map(Number);

function word(rng: SeededRandom, max = 12): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-.ÄéЖ漢';
  return Array.from({ length: rng.int(1, max) }, () => rng.pick([...letters])).join('');
}

function proof(rng: SeededRandom): string {
  return rng.hex(64).toLowerCase();
}

function validMessage(rng: SeededRandom): RelayMessage {
  const facts = {
    relayVersion: word(rng),
    hostName: word(rng),
    subnets: Array.from({ length: rng.int(0, 3) }, () => `10.${rng.int(0, 255)}.0.0/16`),
  };
  const target = {
    clientId: rng.int(1, 1e6),
    hostName: word(rng),
    ip: `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    mac: rng.chance(0.8) ? '02:00:00:00:00:01' : null,
    subnetMask: rng.chance(0.8) ? '255.255.255.0' : null,
    amt: { host: word(rng), httpPort: 16992, tlsPort: 16993, usable: rng.chance(0.5), legacyTls: rng.chance(0.1) },
  };
  switch (rng.int(0, 10)) {
    case 0:
      return { kind: 'hello', ...facts };
    case 1:
      return { kind: 'enrol', proof: proof(rng), ...facts };
    case 2:
      return {
        kind: 'welcome',
        relayId: rng.int(1, 99),
        relayName: word(rng),
        heartbeatMs: rng.int(100, 60_000),
        ...(rng.chance(0.5) ? { consoleProof: proof(rng) } : {}),
      };
    case 3:
      return {
        kind: 'refused',
        code: rng.pick([
          'unknown-certificate',
          'revoked',
          'bad-enrolment-code',
          'already-connected',
          'protocol',
        ] as const),
        words: word(rng, 80),
      };
    case 4:
      return {
        kind: 'work',
        requestId: rng.hex(32),
        jobId: rng.chance(0.5) ? rng.int(1, 1e4) : null,
        perRelayLimit: rng.int(1, 1000),
        op: rng.pick(WORK_OPS),
        target,
      };
    case 5:
      return {
        kind: 'result',
        requestId: rng.hex(16),
        outcome: rng.chance(0.5)
          ? { ok: true, value: { op: 'power-state', state: 'on' } }
          : { ok: false, code: 'timeout', message: word(rng, 60) },
      };
    case 6:
      return { kind: 'credentials-ask', askId: rng.int(1, 1e6), clientId: rng.int(1, 1e6) };
    case 7:
      return {
        kind: 'credentials',
        askId: rng.int(1, 1e6),
        clientId: rng.int(1, 1e6),
        user: word(rng),
        password: word(rng, 30),
      };
    case 8:
      return { kind: 'credentials-refused', askId: rng.int(1, 1e6), clientId: rng.int(1, 1e6), words: word(rng, 60) };
    case 9:
      return { kind: 'ping', nonce: rng.int(0, 0xffff_ffff) };
    default:
      return { kind: 'pong', nonce: rng.int(0, 0xffff_ffff) };
  }
}

function randomBytes(rng: SeededRandom, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 255);
  return out;
}

function header(type: number, length: number, version = PROTOCOL_VERSION): Uint8Array {
  const h = new Uint8Array(FRAME_HEADER_LENGTH);
  h.set([0x52, 0x4c, version, type]);
  new DataView(h.buffer).setUint32(4, length);
  return h;
}

/** A JSON value of a random shape: deep arrays, huge numbers, extra keys, the right kind with wrong fields. */
function wrongShape(rng: SeededRandom, type: number): string {
  switch (rng.int(0, 5)) {
    case 0:
      return '['.repeat(rng.int(1, 5000)) + ']'.repeat(rng.int(0, 5000));
    case 1:
      return JSON.stringify({ kind: MESSAGE_TYPE_NAMES[type]?.toLowerCase(), extra: word(rng) });
    case 2:
      return JSON.stringify({ ...validMessage(rng), [word(rng)]: rng.int(0, 9) });
    case 3:
      return String(rng.next() * 1e308 * (rng.chance(0.5) ? 10 : 1));
    case 4:
      return JSON.stringify({
        kind: 'work',
        requestId: '../../etc',
        jobId: -1,
        perRelayLimit: 0,
        op: 'format-disk',
        target: {},
      });
    default:
      return JSON.stringify('x'.repeat(rng.int(0, 3000)));
  }
}

/** Splits bytes into 1..8 chunks at random points. */
function chunks(rng: SeededRandom, bytes: Uint8Array): Uint8Array[] {
  const cuts = Array.from({ length: rng.int(0, 7) }, () => rng.int(0, bytes.length)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(at, cut));
    at = cut;
  }
  return out;
}

interface Case {
  readonly bytes: Uint8Array;
  /** The messages a valid stream must give back; undefined when the stream is not (wholly) valid. */
  readonly valid: RelayMessage[] | undefined;
  readonly shape: number;
}

function makeCase(rng: SeededRandom): Case {
  const messages = Array.from({ length: rng.int(1, 4) }, () => validMessage(rng));
  const joined = Buffer.concat(messages.map(encodeMessage));
  const shape = rng.int(0, 5);
  switch (shape) {
    case 0:
      return { bytes: joined, valid: messages, shape };
    case 1:
      return { bytes: joined.subarray(0, rng.int(0, joined.length - 1)), valid: undefined, shape };
    case 2:
      return { bytes: randomBytes(rng, rng.int(1, 300)), valid: undefined, shape };
    case 3: {
      const over = header(rng.pick(TYPES), rng.int(MAX_PAYLOAD_BYTES + 1, 0xffff_ffff));
      return { bytes: Buffer.concat([over, randomBytes(rng, rng.int(0, 64))]), valid: undefined, shape };
    }
    case 4: {
      const flipped = Buffer.from(joined);
      for (let n = rng.int(1, 4); n > 0; n--) flipped[rng.int(0, flipped.length - 1)] = rng.int(0, 255);
      return { bytes: flipped, valid: undefined, shape };
    }
    default: {
      const type = rng.pick(TYPES);
      const payload = Buffer.from(wrongShape(rng, type), 'utf8').subarray(0, MAX_PAYLOAD_BYTES);
      return { bytes: Buffer.concat([header(type, payload.length), payload]), valid: undefined, shape };
    }
  }
}

/** Runs one case; returns the decoded messages, or the RelayProtocolError that ended the stream. */
function runCase(rng: SeededRandom, c: Case): { messages: RelayMessage[]; error?: { code: string; message: string } } {
  const reader = new FrameReader();
  const messages: RelayMessage[] = [];
  let framing = true;
  try {
    for (const chunk of chunks(rng, c.bytes)) {
      framing = true;
      const frames = reader.push(chunk);
      if (reader.bufferedBytes > FRAME_HEADER_LENGTH + MAX_PAYLOAD_BYTES)
        throw new Error(`the reader holds ${reader.bufferedBytes} bytes`);
      framing = false;
      for (const frame of frames) messages.push(decodeMessage(frame));
    }
    framing = true;
    reader.end();
    return { messages };
  } catch (error) {
    if (!isRelayProtocolError(error)) throw error;
    // A reader that refused a header stays failed (the stream lost its place).
    if (framing && error.code !== 'truncated') expect(() => reader.push(Uint8Array.of(0x52))).toThrow(error.message);
    return { messages, error: { code: error.code, message: error.message } };
  }
}

describe('relay channel framing and decoding under fuzz', () => {
  it(`survives ${CASES} seeded streams (seed ${SEED}) with only clear protocol errors`, () => {
    const rng = seededRandom(SEED);
    const heapBefore = process.memoryUsage().heapUsed;
    const seen = new Map<string, number>();
    let slowestMs = 0;
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(rng);
      const started = performance.now();
      let result: ReturnType<typeof runCase>;
      try {
        result = runCase(rng, c);
      } catch (error) {
        throw new Error(`case ${i} (shape ${c.shape}, seed ${SEED}) threw a non-protocol error: ${String(error)}`);
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
      if (c.valid) {
        expect(result.error, `case ${i}`).toBeUndefined();
        expect(result.messages).toEqual(c.valid);
      }
      if (c.shape === 3) expect(result.error?.code, `case ${i}`).toBe('too-large');
      if (result.error) {
        expect(result.error.message.length).toBeGreaterThan(10);
        seen.set(result.error.code, (seen.get(result.error.code) ?? 0) + 1);
      }
    }
    // Every kind of refusal was reached, so the properties were tested on each.
    expect([...seen.keys()].sort()).toEqual([
      'bad-magic',
      'bad-message',
      'bad-version',
      'too-large',
      'truncated',
      'unknown-type',
    ]);
    expect(slowestMs).toBeLessThan(SLOW_CASE_MS);
    globalThis.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  }, 240_000);

  it('refuses an oversized header after its 8 bytes, before any payload', () => {
    const reader = new FrameReader();
    expect(() => reader.push(header(0x10, MAX_PAYLOAD_BYTES + 1))).toThrow(
      /announces 65537 payload bytes; the limit is 65536/,
    );
    expect(reader.bufferedBytes).toBe(0);
  });

  it('names the message and field of a malformed message without quoting its value', () => {
    const payload = Buffer.from(
      JSON.stringify({ kind: 'credentials', askId: 1, clientId: 0, user: 'admin', password: 'Secret-123' }),
    );
    const [frame] = new FrameReader().push(Buffer.concat([header(0x21, payload.length), payload]));
    let message = '';
    try {
      decodeMessage(frame!);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^the CREDENTIALS message is malformed: field clientId/);
    expect(message).not.toContain('Secret-123');
  });
});
