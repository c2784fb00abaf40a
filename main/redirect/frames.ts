// Byte encoders and decoders for the session and SOL messages (amt-protocols.md §3.1–3.3), and the one FrameReader
// that turns a TCP byte stream into whole firmware messages by exact length, SOL and IDE-R (§3.4) alike (§6 pitfall
// 9). IDE-R's encoders and decoders are in ider-frames.ts. Offsets are in constants.ts.

import { AmtError } from '../../shared/domain';
import {
  AUTH_DATA_LENGTH_OFFSET,
  AUTH_TYPE,
  AUTHENTICATE_HEADER_LENGTH,
  END_REDIRECTION_SESSION_LENGTH,
  END_SOL_LENGTH,
  END_SOL_REPLY_LENGTH,
  MAX_AUTH_DATA_BYTES,
  MAX_SOL_DATA_BYTES,
  MSG_AUTHENTICATE_SESSION,
  MSG_AUTHENTICATE_SESSION_REPLY,
  MSG_END_REDIRECTION_SESSION,
  MSG_END_SOL,
  MSG_END_SOL_REPLY,
  MSG_SOL_CONTROLS_FROM_HOST,
  MSG_SOL_DATA_FROM_HOST,
  MSG_SOL_DATA_TO_HOST,
  MSG_SOL_HEARTBEAT,
  MSG_SOL_KEEPALIVE_PING,
  MSG_SOL_KEEPALIVE_PONG,
  MSG_START_REDIRECTION_SESSION,
  MSG_START_REDIRECTION_SESSION_REPLY,
  MSG_START_SOL,
  MSG_START_SOL_REPLY,
  SEQUENCE_OFFSET,
  SOL_CONTROL_BIT,
  SOL_CONTROLS_LENGTH,
  SOL_DATA_HEADER_LENGTH,
  SOL_DATA_LENGTH_OFFSET,
  SOL_HEARTBEAT_LENGTH,
  SOL_KEEPALIVE_LENGTH,
  SOL_STATUS_BIT,
  START_REDIRECTION_SESSION_LENGTH,
  START_REDIRECTION_SESSION_REPLY_MIN_LENGTH,
  START_REPLY_OEM_LENGTH_OFFSET,
  START_SOL_LENGTH,
  START_SOL_REPLY_LENGTH,
  type SolSettings,
  MSG_START_IDER_REPLY,
  START_IDER_REPLY_OEM_LENGTH_OFFSET,
  START_IDER_REPLY_MIN_LENGTH,
  MSG_END_IDER_REPLY,
  MSG_IDER_KEEPALIVE_PING,
  MSG_IDER_KEEPALIVE_PONG,
  MSG_IDER_HEARTBEAT,
  IDER_SHORT_LENGTH,
  MSG_IDER_RESET_OCCURRED,
  IDER_RESET_OCCURRED_LENGTH,
  MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY,
  IDER_FEATURES_LENGTH,
  MSG_IDER_ERROR_OCCURRED,
  IDER_ERROR_OCCURRED_LENGTH,
  MSG_IDER_COMMAND_WRITTEN,
  IDER_COMMAND_WRITTEN_LENGTH,
  MSG_IDER_DATA_FROM_HOST,
  IDER_DATA_FROM_HOST_HEADER_LENGTH,
  IDER_DATA_FROM_HOST_LENGTH_OFFSET,
} from './constants';
import { checkSequence, malformed, readU16, readU32, U16_MAX, writeU16, writeU32 } from './wire-bytes';

const MAX_SHORT_STRING_BYTES = 255;

/** One `[len][bytes]` string as the auth data uses them (§3.2: one length byte, no terminator). */
function shortString(text: string, what: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_SHORT_STRING_BYTES)
    throw new AmtError('bad-input', `The ${what} is longer than ${MAX_SHORT_STRING_BYTES} bytes.`);
  const out = new Uint8Array(bytes.length + 1);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- console → firmware

/** 0x10 | [0] type [1] 0 [2..3] 0 [4..7] session id ('SOL ', 'IDER'). */
export function encodeStartRedirectionSession(sessionId: Uint8Array): Uint8Array {
  if (sessionId.length !== 4) throw new AmtError('bad-input', 'A redirection session id is 4 ASCII bytes.');
  const out = new Uint8Array(START_REDIRECTION_SESSION_LENGTH);
  out[0] = MSG_START_REDIRECTION_SESSION;
  out.set(sessionId, 4);
  return out;
}

/** 0x12 | [0] type [1..3] 0. */
export function encodeEndRedirectionSession(): Uint8Array {
  const out = new Uint8Array(END_REDIRECTION_SESSION_LENGTH);
  out[0] = MSG_END_REDIRECTION_SESSION;
  return out;
}

/** 0x13 | [0] type [1..3] 0 [4] auth type [5..8] LE u32 data length [9..] data. */
function encodeAuthenticate(authType: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(AUTHENTICATE_HEADER_LENGTH + data.length);
  out[0] = MSG_AUTHENTICATE_SESSION;
  out[4] = authType;
  writeU32(out, AUTH_DATA_LENGTH_OFFSET, data.length);
  out.set(data, AUTHENTICATE_HEADER_LENGTH);
  return out;
}

/** 0x13 type 0: which auth types does the firmware offer? */
export function encodeAuthQuery(): Uint8Array {
  return encodeAuthenticate(AUTH_TYPE.query, new Uint8Array(0));
}

/** 0x13 type 4, first round: `[len user][user] 00 00 [len uri][uri] 00 00 00 00` (empty realm, nonce, cnonce, nc, response, qop). */
export function encodeDigestStart(user: string, uri: string): Uint8Array {
  const empty = Uint8Array.of(0);
  const data = concat([
    shortString(user, 'user name'),
    empty,
    empty,
    shortString(uri, 'URI'),
    empty,
    empty,
    empty,
    empty,
  ]);
  return encodeAuthenticate(AUTH_TYPE.digestQop, data);
}

export interface DigestAnswerFields {
  readonly user: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly cnonce: string;
  readonly nc: string;
  readonly response: string;
  readonly qop: string;
}

/** 0x13 type 4, second round: user, realm, nonce, uri, cnonce, nc, response, qop, each `[len][bytes]`. */
export function encodeDigestAnswer(fields: DigestAnswerFields): Uint8Array {
  const order: [string, string][] = [
    [fields.user, 'user name'],
    [fields.realm, 'realm'],
    [fields.nonce, 'nonce'],
    [fields.uri, 'URI'],
    [fields.cnonce, 'client nonce'],
    [fields.nc, 'nonce count'],
    [fields.response, 'digest response'],
    [fields.qop, 'qop'],
  ];
  return encodeAuthenticate(AUTH_TYPE.digestQop, concat(order.map(([text, what]) => shortString(text, what))));
}

/**
 * 0x20 | [0] type [1..3] 0 [4..7] seq [8..9] MaxTxBuffer [10..11] TxBufferTimeout [12..13] TxOverflowTimeout
 *      | [14..15] HostSessionRxTimeout [16..17] HostFifoRxFlushTimeout [18..19] HeartbeatInterval [20..23] 0.
 */
export function encodeStartSol(seq: number, settings: SolSettings): Uint8Array {
  checkSequence(seq);
  const values = [
    settings.maxTxBufferBytes,
    settings.txBufferTimeoutMs,
    settings.txOverflowTimeoutMs,
    settings.hostSessionRxTimeoutMs,
    settings.hostFifoRxFlushTimeoutMs,
    settings.heartbeatIntervalMs,
  ];
  const out = new Uint8Array(START_SOL_LENGTH);
  out[0] = MSG_START_SOL;
  writeU32(out, SEQUENCE_OFFSET, seq);
  values.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0 || value > U16_MAX)
      throw new AmtError('bad-input', `SOL setting ${value} is not a u16.`);
    writeU16(out, 8 + 2 * i, value);
  });
  return out;
}

/** 8-byte message `[0] type [1..3] 0 [4..7] seq` (0x22 EndSOL, 0x24 ping, 0x2B heartbeat). */
function encodeSequenced(type: number, seq: number): Uint8Array {
  checkSequence(seq);
  const out = new Uint8Array(END_SOL_LENGTH);
  out[0] = type;
  writeU32(out, SEQUENCE_OFFSET, seq);
  return out;
}

export function encodeEndSol(seq: number): Uint8Array {
  return encodeSequenced(MSG_END_SOL, seq);
}

export function encodeHeartbeat(seq: number): Uint8Array {
  return encodeSequenced(MSG_SOL_HEARTBEAT, seq);
}

/** 0x28 | [0] type [1..3] 0 [4..7] seq [8..9] LE n [10..] n keyboard bytes. */
export function encodeSolData(seq: number, data: Uint8Array): Uint8Array {
  checkSequence(seq);
  if (data.length > MAX_SOL_DATA_BYTES)
    throw new AmtError('bad-input', `One SOL message carries at most ${MAX_SOL_DATA_BYTES} bytes.`);
  const out = new Uint8Array(SOL_DATA_HEADER_LENGTH + data.length);
  out[0] = MSG_SOL_DATA_TO_HOST;
  writeU32(out, SEQUENCE_OFFSET, seq);
  writeU16(out, SOL_DATA_LENGTH_OFFSET, data.length);
  out.set(data, SOL_DATA_HEADER_LENGTH);
  return out;
}

// ---------------------------------------------------------------- firmware → console

function expectType(message: Uint8Array, type: number, name: string): void {
  if (message[0] !== type)
    throw malformed(`Expected ${name} (0x${type.toString(16)}), got type 0x${(message[0] ?? 0).toString(16)}.`);
}

export interface StartRedirectionSessionReply {
  readonly status: number;
  readonly oemData: Uint8Array;
}

/** 0x11 | [1] status [2..11] version/OEM fields (not interpreted) [12] n [13..] n OEM bytes. */
export function decodeStartRedirectionSessionReply(message: Uint8Array): StartRedirectionSessionReply {
  expectType(message, MSG_START_REDIRECTION_SESSION_REPLY, 'StartRedirectionSessionReply');
  return { status: message[1] ?? 0, oemData: message.slice(START_REDIRECTION_SESSION_REPLY_MIN_LENGTH) };
}

export interface AuthenticateReply {
  readonly status: number;
  readonly authType: number;
  readonly data: Uint8Array;
}

/** 0x14 | [1] status [2..3] 0 [4] auth type [5..8] LE u32 len [9..] data. */
export function decodeAuthenticateReply(message: Uint8Array): AuthenticateReply {
  expectType(message, MSG_AUTHENTICATE_SESSION_REPLY, 'AuthenticateSessionReply');
  return { status: message[1] ?? 0, authType: message[4] ?? 0, data: message.slice(AUTHENTICATE_HEADER_LENGTH) };
}

/** Reads `[len][bytes]` strings until the data ends; a length running past the end is malformed. */
function readShortStrings(data: Uint8Array, what: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    const len = data[at] as number;
    if (at + 1 + len > data.length) throw malformed(`The ${what} has a string of ${len} bytes running past its end.`);
    out.push(new TextDecoder().decode(data.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  return out;
}

export interface RedirectionDigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  /** 'auth' for type 4; absent for type 3. */
  readonly qop: string | undefined;
}

/** Challenge data of 0x14 type 4 status 1: `[len realm][realm][len nonce][nonce][len qop][qop]`. */
export function decodeDigestChallenge(data: Uint8Array): RedirectionDigestChallenge {
  const [realm, nonce, qop, ...rest] = readShortStrings(data, 'digest challenge');
  if (realm === undefined || nonce === undefined || rest.length > 0) {
    throw malformed('The digest challenge does not hold realm, nonce and qop.');
  }
  return { realm, nonce, qop };
}

/** 0x21 | [1] status [2..22] not interpreted [unconfirmed layout]. */
export function decodeStartSolReply(message: Uint8Array): { readonly status: number } {
  expectType(message, MSG_START_SOL_REPLY, 'StartSOLRedirectionReply');
  return { status: message[1] ?? 0 };
}

export interface SolControls {
  readonly controlBits: number;
  readonly statusBits: number;
  readonly rts: boolean;
  readonly dtr: boolean;
  readonly break: boolean;
  readonly txOverflow: boolean;
  /** The host's serial port is in loopback: keystrokes may be ignored. */
  readonly loopback: boolean;
  /** Status bit 4; clear = the host is powered off (§3.3). */
  readonly hostPoweredOn: boolean;
  readonly rxFlushTimeout: boolean;
  readonly testMode: boolean;
}

/** 0x29 | [1..7] 0/seq [8] control bits [9] status bits. */
export function decodeSolControls(message: Uint8Array): SolControls {
  expectType(message, MSG_SOL_CONTROLS_FROM_HOST, 'SOL controls');
  const control = message[8] ?? 0;
  const status = message[9] ?? 0;
  return {
    controlBits: control,
    statusBits: status,
    rts: (control & SOL_CONTROL_BIT.rts) !== 0,
    dtr: (control & SOL_CONTROL_BIT.dtr) !== 0,
    break: (control & SOL_CONTROL_BIT.break) !== 0,
    txOverflow: (status & SOL_STATUS_BIT.txOverflow) !== 0,
    loopback: (status & SOL_STATUS_BIT.loopback) !== 0,
    hostPoweredOn: (status & SOL_STATUS_BIT.systemPower) !== 0,
    rxFlushTimeout: (status & SOL_STATUS_BIT.rxFlushTimeout) !== 0,
    testMode: (status & SOL_STATUS_BIT.testMode) !== 0,
  };
}

/** 0x2A | [4..7] seq [8..9] LE n [10..] n screen bytes. */
export function decodeSolDataFromHost(message: Uint8Array): Uint8Array {
  expectType(message, MSG_SOL_DATA_FROM_HOST, 'SOL data from host');
  return message.slice(SOL_DATA_HEADER_LENGTH, SOL_DATA_HEADER_LENGTH + readU16(message, SOL_DATA_LENGTH_OFFSET));
}

/** [4..7] of any sequenced message. */
export function decodeSequence(message: Uint8Array): number {
  return readU32(message, SEQUENCE_OFFSET);
}

// ---------------------------------------------------------------- stream framing

/**
 * Whole length of the firmware message at the head of `buffer`, or undefined when more bytes are needed to
 * know it. Throws 'malformed-frame' for a type the console never expects and for impossible lengths.
 */
export function firmwareMessageLength(buffer: Uint8Array): number | undefined {
  const type = buffer[0];
  switch (type) {
    case undefined:
      return undefined;
    case MSG_START_REDIRECTION_SESSION_REPLY:
      if (buffer.length <= START_REPLY_OEM_LENGTH_OFFSET) return undefined;
      return START_REDIRECTION_SESSION_REPLY_MIN_LENGTH + (buffer[START_REPLY_OEM_LENGTH_OFFSET] as number);
    case MSG_AUTHENTICATE_SESSION_REPLY: {
      if (buffer.length < AUTHENTICATE_HEADER_LENGTH) return undefined;
      const len = readU32(buffer, AUTH_DATA_LENGTH_OFFSET);
      if (len > MAX_AUTH_DATA_BYTES) {
        throw malformed(
          `AuthenticateSessionReply announces ${len} bytes of auth data; at most ${MAX_AUTH_DATA_BYTES} are plausible.`,
        );
      }
      return AUTHENTICATE_HEADER_LENGTH + len;
    }
    case MSG_START_SOL_REPLY:
      return START_SOL_REPLY_LENGTH;
    case MSG_END_SOL_REPLY:
      return END_SOL_REPLY_LENGTH;
    case MSG_SOL_KEEPALIVE_PING:
    case MSG_SOL_KEEPALIVE_PONG:
      return SOL_KEEPALIVE_LENGTH;
    case MSG_SOL_HEARTBEAT:
      return SOL_HEARTBEAT_LENGTH;
    case MSG_SOL_CONTROLS_FROM_HOST:
      return SOL_CONTROLS_LENGTH;
    case MSG_SOL_DATA_FROM_HOST:
      if (buffer.length < SOL_DATA_HEADER_LENGTH) return undefined;
      return SOL_DATA_HEADER_LENGTH + readU16(buffer, SOL_DATA_LENGTH_OFFSET);
    case MSG_START_IDER_REPLY:
      if (buffer.length <= START_IDER_REPLY_OEM_LENGTH_OFFSET) return undefined;
      return START_IDER_REPLY_MIN_LENGTH + (buffer[START_IDER_REPLY_OEM_LENGTH_OFFSET] as number);
    case MSG_END_IDER_REPLY:
    case MSG_IDER_KEEPALIVE_PING:
    case MSG_IDER_KEEPALIVE_PONG:
    case MSG_IDER_HEARTBEAT:
      return IDER_SHORT_LENGTH;
    case MSG_IDER_RESET_OCCURRED:
      return IDER_RESET_OCCURRED_LENGTH;
    case MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY:
      return IDER_FEATURES_LENGTH;
    case MSG_IDER_ERROR_OCCURRED:
      return IDER_ERROR_OCCURRED_LENGTH;
    case MSG_IDER_COMMAND_WRITTEN:
      return IDER_COMMAND_WRITTEN_LENGTH;
    case MSG_IDER_DATA_FROM_HOST:
      if (buffer.length < IDER_DATA_FROM_HOST_HEADER_LENGTH) return undefined;
      return IDER_DATA_FROM_HOST_HEADER_LENGTH + readU16(buffer, IDER_DATA_FROM_HOST_LENGTH_OFFSET);
    default:
      throw malformed(`Unknown redirection message type 0x${type.toString(16).padStart(2, '0')} from the device.`);
  }
}

/**
 * Accumulates bytes from the socket and yields whole firmware messages by exact length: a read may hold a
 * fragment, one message or several (§3.1). After an error the reader stays failed (the stream has lost sync).
 */
export class FrameReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private failure: AmtError | undefined;

  constructor(private readonly lengthOf: (buffer: Uint8Array) => number | undefined = firmwareMessageLength) {}

  /** Bytes received but not yet part of a whole message. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure) throw this.failure;
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const messages: Uint8Array[] = [];
    let at = 0;
    // Bounded: every iteration consumes at least one byte (every length is >= 4) or stops.
    while (at < joined.length) {
      let length: number | undefined;
      try {
        length = this.lengthOf(joined.subarray(at));
      } catch (error) {
        this.failure = error instanceof AmtError ? error : malformed(String(error));
        throw this.failure;
      }
      if (length === undefined || at + length > joined.length) break;
      messages.push(joined.slice(at, at + length));
      at += length;
    }
    this.buffer = joined.slice(at);
    return messages;
  }
}
