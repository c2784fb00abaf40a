// The tagged byte encoding of the host's JSON WebSocket (shared/ipc/wire-bytes.ts): base64 against Node's Buffer,
// round trips through JSON (nested, in arrays), non-byte values untouched, malformed tags left alone, the depth bound.
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  decodeWireBytes,
  encodeWireBytes,
  MAX_WIRE_CODEC_DEPTH,
  WIRE_BYTES_TAG,
} from '../../../../shared/ipc/wire';

function seeded(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('base64', () => {
  it('matches Node for every length 0..64 and decodes back', () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = seeded(length, length + 1);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });

  it('refuses what is not canonical padded base64', () => {
    for (const bad of ['abc', 'ab=c', '====', 'a-b_', 'YQ', 'YQ=', '!!!!']) expect(base64ToBytes(bad)).toBeUndefined();
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });
});

describe('encodeWireBytes / decodeWireBytes', () => {
  it('round-trips bytes nested in objects and arrays through JSON', () => {
    const frame = {
      event: 'sol:data',
      payload: {
        sessionId: 'abc',
        data: new Uint8Array([0, 27, 91, 66, 255]),
        list: [new Uint8Array([1]), { inner: new Uint8Array(0) }],
      },
    };
    const json = JSON.stringify(encodeWireBytes(frame));
    expect(json).toContain(`{"${WIRE_BYTES_TAG}":"ABtbQv8="}`);
    const back = decodeWireBytes(JSON.parse(json)) as typeof frame;
    expect(back.payload.data).toBeInstanceOf(Uint8Array);
    expect([...back.payload.data]).toEqual([0, 27, 91, 66, 255]);
    expect(back.payload.list[0]).toEqual(new Uint8Array([1]));
    expect((back.payload.list[1] as { inner: Uint8Array }).inner).toEqual(new Uint8Array(0));
    expect(back.event).toBe('sol:data');
  });

  it('encodes Buffer and subarrays by their own bytes only', () => {
    const whole = new Uint8Array([9, 8, 7, 6, 5]);
    expect(encodeWireBytes(whole.subarray(1, 3))).toEqual({ [WIRE_BYTES_TAG]: bytesToBase64(new Uint8Array([8, 7])) });
    expect(encodeWireBytes(Buffer.from('hi'))).toEqual({ [WIRE_BYTES_TAG]: 'aGk=' });
  });

  it('leaves values without bytes as they are, including look-alikes', () => {
    const plain = { a: 1, b: 'x', c: [true, null], d: { e: 'f' } };
    expect(encodeWireBytes(plain)).toEqual(plain);
    expect(decodeWireBytes(plain)).toEqual(plain);
    // Not a tag: a second key, a non-string value, malformed base64.
    const lookAlikes = [
      { [WIRE_BYTES_TAG]: 'AA==', other: 1 },
      { [WIRE_BYTES_TAG]: 5 },
      { [WIRE_BYTES_TAG]: 'not base64!' },
    ];
    for (const value of lookAlikes) expect(decodeWireBytes(value)).toEqual(value);
    const date = new Date(0);
    expect(encodeWireBytes({ date })).toEqual({ date });
    expect(encodeWireBytes('text')).toBe('text');
  });

  it('keeps "__proto__" an ordinary key instead of setting the prototype', () => {
    const decoded = decodeWireBytes(JSON.parse('{"__proto__":{"polluted":true},"x":1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(decoded)).toEqual(['__proto__', 'x']);
  });

  it('stops at the depth bound: deeper tags pass through untouched (the router refuses such depth anyway)', () => {
    let deep: unknown = { [WIRE_BYTES_TAG]: 'AQ==' };
    for (let i = 0; i < MAX_WIRE_CODEC_DEPTH + 2; i++) deep = { next: deep };
    let node = decodeWireBytes(deep) as Record<string, unknown>;
    for (let i = 0; i < MAX_WIRE_CODEC_DEPTH + 2; i++) node = node['next'] as Record<string, unknown>;
    expect(node).toEqual({ [WIRE_BYTES_TAG]: 'AQ==' });
    let shallow: unknown = { [WIRE_BYTES_TAG]: 'AQ==' };
    for (let i = 0; i < 3; i++) shallow = [shallow];
    expect(decodeWireBytes(shallow)).toEqual([[[new Uint8Array([1])]]]);
  });
});
