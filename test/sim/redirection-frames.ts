// The simulator's own bytes for the AMT redirection protocol (amt-protocols.md §3.2–3.3), written independently of
// main/redirect on purpose: firmware-side encoders and a reader that frames console messages by exact length.

export const REDIRECTION_PORT = 16994;
/** The same protocol inside TLS (AMT with TLS configured serves redirection here, with the WS-Man certificate). */
export const REDIRECTION_TLS_PORT = 16995;

// Console → firmware message types and lengths.
export const START_SESSION = 0x10; // 8
export const END_SESSION = 0x12; // 4
export const AUTHENTICATE = 0x13; // 9 + LE u32 at [5]
export const START_SOL = 0x20; // 24
export const END_SOL = 0x22; // 8
export const KEEPALIVE_PING = 0x24; // 8
export const SOL_EXTRA_0x27 = 0x27; // 14, sent by MC/DMT after 0x21, meaning unknown: accepted and ignored
export const SOL_DATA_TO_HOST = 0x28; // 10 + LE u16 at [8]
export const HEARTBEAT = 0x2b; // 8
// IDE-R, console → firmware (§3.4).
export const START_IDER = 0x40; // 18
export const END_IDER = 0x42; // 8
export const IDER_PING = 0x44; // 8, both directions
export const IDER_PONG = 0x45; // 8, both directions
export const IDER_RESET_RESPONSE = 0x47; // 8
export const IDER_FEATURES = 0x48; // 13
export const IDER_COMMAND_END = 0x51; // 31
export const IDER_GET_DATA = 0x52; // 31
export const IDER_DATA_TO_HOST = 0x54; // 34 + LE u16 at [9]

// Firmware → console.
export const START_SESSION_REPLY = 0x11;
export const AUTHENTICATE_REPLY = 0x14;
export const START_SOL_REPLY = 0x21;
export const END_SOL_REPLY = 0x23;
export const KEEPALIVE_PONG = 0x25;
export const SOL_CONTROLS = 0x29;
export const SOL_DATA_FROM_HOST = 0x2a;

export const STATUS_OK = 0;
export const STATUS_BUSY = 2;
export const AUTH_FAIL_OR_CHALLENGE = 1;
export const AUTH_QUERY = 0;
export const AUTH_PLAIN = 1; // what amtterm 1.4 (Debian) sends
export const AUTH_DIGEST_QOP = 4;
/** Status bit 4 of 0x29: set while the host is powered on. */
export const STATUS_BIT_POWER = 0x04;
/** Auth data longer than this is a broken client: cut off. */
export const MAX_CLIENT_AUTH_BYTES = 2048;

export class RedirectionFrameError extends Error {}

function u16(out: Buffer, at: number, v: number): void {
  out.writeUInt16LE(v, at);
}

/** Whole length of the console message at the head of `buf`, undefined if not yet known; throws on unknown types. */
export function clientMessageLength(buf: Buffer): number | undefined {
  if (buf.length === 0) return undefined;
  switch (buf[0]) {
    case START_SESSION:
      return 8;
    case END_SESSION:
      return 4;
    case AUTHENTICATE: {
      if (buf.length < 9) return undefined;
      const n = buf.readUInt32LE(5);
      if (n > MAX_CLIENT_AUTH_BYTES) throw new RedirectionFrameError(`auth data of ${n} bytes`);
      return 9 + n;
    }
    case START_SOL:
      return 24;
    case END_SOL:
    case KEEPALIVE_PING:
    case HEARTBEAT:
      return 8;
    case SOL_EXTRA_0x27:
      return 14;
    case SOL_DATA_TO_HOST:
      return buf.length < 10 ? undefined : 10 + buf.readUInt16LE(8);
    case START_IDER:
      return 18;
    case END_IDER:
    case IDER_PING:
    case IDER_PONG:
    case IDER_RESET_RESPONSE:
      return 8;
    case IDER_FEATURES:
      return 13;
    case IDER_COMMAND_END:
    case IDER_GET_DATA:
      return 31;
    case IDER_DATA_TO_HOST:
      return buf.length < 34 ? undefined : 34 + buf.readUInt16LE(9);
    default:
      throw new RedirectionFrameError(`unknown message type 0x${(buf[0] as number).toString(16)}`);
  }
}

/** Accumulates socket bytes and returns whole console messages. */
export class ClientMessageReader {
  private pending = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    let buf = Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    for (let guard = 0; guard < 100_000; guard++) {
      const len = clientMessageLength(buf);
      if (len === undefined || len > buf.length) break;
      out.push(buf.subarray(0, len));
      buf = buf.subarray(len);
    }
    this.pending = Buffer.from(buf);
    return out;
  }
}

/** 0x11: [1] status, [2..11] zero, [12] OEM length 0. 13 bytes. */
export function startSessionReply(status: number): Buffer {
  const b = Buffer.alloc(13);
  b[0] = START_SESSION_REPLY;
  b[1] = status;
  return b;
}

/** 0x14: [1] status, [4] auth type, [5..8] LE length, data. */
export function authReply(status: number, authType: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(9 + data.length);
  b[0] = AUTHENTICATE_REPLY;
  b[1] = status;
  b[4] = authType;
  b.writeUInt32LE(data.length, 5);
  data.copy(b, 9);
  return b;
}

/** `[len][bytes]` strings back to back. */
export function lengthPrefixed(strings: readonly string[]): Buffer {
  return Buffer.concat(
    strings.map((s) => {
      const bytes = Buffer.from(s, 'utf8');
      return Buffer.concat([Buffer.of(bytes.length), bytes]);
    }),
  );
}

export function readLengthPrefixed(data: Buffer): string[] | undefined {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    const n = data[at] as number;
    if (at + 1 + n > data.length) return undefined;
    out.push(data.subarray(at + 1, at + 1 + n).toString('utf8'));
    at += 1 + n;
  }
  return out;
}

/** 0x21: 23 bytes, [1] status. */
export function startSolReply(status: number): Buffer {
  const b = Buffer.alloc(23);
  b[0] = START_SOL_REPLY;
  b[1] = status;
  return b;
}

export function endSolReply(): Buffer {
  const b = Buffer.alloc(8);
  b[0] = END_SOL_REPLY;
  return b;
}

export function heartbeat(seq: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = HEARTBEAT;
  b.writeUInt32LE(seq >>> 0, 4);
  return b;
}

/** 0x29: [8] control bits, [9] status bits. */
export function solControls(controlBits: number, statusBits: number): Buffer {
  const b = Buffer.alloc(10);
  b[0] = SOL_CONTROLS;
  b[8] = controlBits;
  b[9] = statusBits;
  return b;
}

/** 0x2A: [4..7] seq, [8..9] LE n, n bytes. */
export function solDataFromHost(seq: number, data: Buffer): Buffer {
  const b = Buffer.alloc(10 + data.length);
  b[0] = SOL_DATA_FROM_HOST;
  b.writeUInt32LE(seq >>> 0, 4);
  u16(b, 8, data.length);
  data.copy(b, 10);
  return b;
}

/** 0x20 [18..19]: the heartbeat interval the console asked for. */
export function startSolHeartbeatMs(message: Buffer): number {
  return message.readUInt16LE(18);
}

/** 0x20 [8..9] MaxTxBuffer and [10..11] TxBufferTimeout: how the firmware batches host output into 0x2A. */
export function startSolTxBuffering(message: Buffer): { maxBytes: number; timeoutMs: number } {
  return { maxBytes: message.readUInt16LE(8), timeoutMs: message.readUInt16LE(10) };
}

/** 0x28 payload. */
export function solDataToHost(message: Buffer): Buffer {
  return message.subarray(10, 10 + message.readUInt16LE(8));
}
