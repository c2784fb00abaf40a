// Bytes over the host's JSON WebSocket (docs/console-ipc-and-shells.md "Binary"): a Uint8Array travels as the
// tagged object {"$bytes":"<base64 RFC 4648 §4>"}. The host transport and the page's bridge apply this on send
// and receive, so the router and the renderer only ever see Uint8Array. Pure code: no Buffer, no atob/btoa.

/** The one key of a tagged byte string. */
export const WIRE_BYTES_TAG = '$bytes';
/** Deeper than any contract payload (the router refuses depth > 8); deeper values pass through untouched. */
export const MAX_WIRE_CODEC_DEPTH = 16;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = '=';
const BASE64_SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;
/** Six bits per alphabet character, by char code (the shape test has already refused anything else). */
const DECODE_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();
/** Two alphabet characters for each 12-bit value: one lookup per half of a 3-byte group. */
const PAIRS: readonly string[] = Array.from(
  { length: 4096 },
  (_, n) => ALPHABET.charAt(n >> 6) + ALPHABET.charAt(n & 63),
);
/** Groups per joined piece: keeps the parts array short for large payloads. */
const GROUPS_PER_PIECE = 4096;

export function bytesToBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  const whole = bytes.length - (bytes.length % 3);
  let piece = '';
  let groups = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    piece += (PAIRS[n >> 12] as string) + (PAIRS[n & 4095] as string);
    if (++groups === GROUPS_PER_PIECE) {
      pieces.push(piece);
      piece = '';
      groups = 0;
    }
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const a = bytes[whole] as number;
    const b = rest === 2 ? (bytes[whole + 1] as number) : 0;
    const n = (a << 16) | (b << 8);
    piece += (PAIRS[n >> 12] as string) + (rest === 2 ? ALPHABET.charAt((n >> 6) & 63) : PAD) + PAD;
  }
  pieces.push(piece);
  return pieces.join('');
}

/** Canonical padded base64 only; anything else is undefined (the caller leaves the value as it came). */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !BASE64_SHAPE.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith(PAD) ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const sextet = (i: number): number => DECODE_TABLE[text.charCodeAt(i) & 127] as number;
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    if (at < out.length) out[at++] = (n >> 16) & 0xff;
    if (at < out.length) out[at++] = (n >> 8) & 0xff;
    if (at < out.length) out[at++] = n & 0xff;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An own data property even for "__proto__" (JSON.parse makes it one; plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Replaces every Uint8Array (in plain objects and arrays) with its tag; other values are returned as they are. */
export function encodeWireBytes(value: unknown, depth = 0): unknown {
  if (value instanceof Uint8Array) return { [WIRE_BYTES_TAG]: bytesToBase64(value) };
  if (depth >= MAX_WIRE_CODEC_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => encodeWireBytes(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, encodeWireBytes(item, depth + 1));
  return out;
}

/** Replaces every well-formed tag (an object with exactly the one key and a base64 string) with its bytes. */
export function decodeWireBytes(value: unknown, depth = 0): unknown {
  if (depth >= MAX_WIRE_CODEC_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => decodeWireBytes(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === WIRE_BYTES_TAG && typeof value[WIRE_BYTES_TAG] === 'string') {
    return base64ToBytes(value[WIRE_BYTES_TAG]) ?? value;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) setOwn(out, key, decodeWireBytes(value[key], depth + 1));
  return out;
}
