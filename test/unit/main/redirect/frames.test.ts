// Golden bytes for every redirection encoder/decoder, written by hand from the tables in amt-protocols.md §3.2–3.3
// (not built with the production helpers), and the FrameReader on split, joined and malformed streams.
import { describe, expect, it } from 'vitest';
import { AmtError } from '../../../../shared/domain';
import {
  DEFAULT_SOL_SETTINGS,
  FrameReader,
  SESSION_ID_SOL,
  decodeAuthenticateReply,
  decodeDigestChallenge,
  decodeSequence,
  decodeSolControls,
  decodeSolDataFromHost,
  decodeStartRedirectionSessionReply,
  decodeStartSolReply,
  encodeAuthQuery,
  encodeDigestAnswer,
  encodeDigestStart,
  encodeEndRedirectionSession,
  encodeEndSol,
  encodeHeartbeat,
  encodeSolData,
  encodeStartRedirectionSession,
  encodeStartSol,
} from '../../../../main/redirect/index';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

function thrown(fn: () => unknown): AmtError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AmtError);
    return error as AmtError;
  }
  throw new Error('expected an AmtError');
}

describe('console → firmware encoders', () => {
  it('0x10 StartRedirectionSession SOL', () => {
    expect(encodeStartRedirectionSession(SESSION_ID_SOL)).toEqual(bytes(0x10, 0, 0, 0, 0x53, 0x4f, 0x4c, 0x20));
  });
  it('0x12 EndRedirectionSession', () => {
    expect(encodeEndRedirectionSession()).toEqual(bytes(0x12, 0, 0, 0));
  });
  it('0x13 auth query', () => {
    expect(encodeAuthQuery()).toEqual(bytes(0x13, 0, 0, 0, 0, 0, 0, 0, 0));
  });
  it('0x13 digest start: user, empty realm and nonce, uri, four empty strings; length |user|+|uri|+8', () => {
    const uri = '/RedirectionService';
    expect(encodeDigestStart('admin', uri)).toEqual(
      bytes(0x13, 0, 0, 0, 4, 5 + 19 + 8, 0, 0, 0, 5, ...ascii('admin'), 0, 0, 19, ...ascii(uri), 0, 0, 0, 0),
    );
  });
  it('0x13 digest answer: eight length-prefixed strings in order', () => {
    const encoded = encodeDigestAnswer({
      user: 'u',
      realm: 'r',
      nonce: 'n',
      uri: '/x',
      cnonce: 'c',
      nc: '00000002',
      response: 'ab',
      qop: 'auth',
    });
    const data = [
      1,
      ...ascii('u'),
      1,
      ...ascii('r'),
      1,
      ...ascii('n'),
      2,
      ...ascii('/x'),
      1,
      ...ascii('c'),
      8,
      ...ascii('00000002'),
      2,
      ...ascii('ab'),
      4,
      ...ascii('auth'),
    ];
    expect(encoded).toEqual(bytes(0x13, 0, 0, 0, 4, data.length, 0, 0, 0, ...data));
  });
  it('0x20 StartSOLRedirection with amtterm settings, seq 1', () => {
    expect(encodeStartSol(1, DEFAULT_SOL_SETTINGS)).toEqual(
      // seq=1 | MaxTxBuffer 1000=0x03E8 | TxBufferTimeout 100 | TxOverflow 0 | HostSessionRx 10000=0x2710 | FifoFlush 0 | Heartbeat 5000=0x1388 | 0
      bytes(0x20, 0, 0, 0, 1, 0, 0, 0, 0xe8, 0x03, 0x64, 0x00, 0, 0, 0x10, 0x27, 0, 0, 0x88, 0x13, 0, 0, 0, 0),
    );
  });
  it('0x22 EndSOL and 0x2B heartbeat carry a LE u32 sequence number', () => {
    expect(encodeEndSol(0x01020304)).toEqual(bytes(0x22, 0, 0, 0, 4, 3, 2, 1));
    expect(encodeHeartbeat(7)).toEqual(bytes(0x2b, 0, 0, 0, 7, 0, 0, 0));
  });
  it('0x28 SOL data: seq, LE length, bytes', () => {
    expect(encodeSolData(2, bytes(0x1b, 0x5b, 0x41))).toEqual(bytes(0x28, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0x1b, 0x5b, 0x41));
  });
  it('refuses out-of-range values with bad-input', () => {
    expect(thrown(() => encodeSolData(1, new Uint8Array(0x10000))).code).toBe('bad-input');
    expect(thrown(() => encodeStartSol(1, { ...DEFAULT_SOL_SETTINGS, heartbeatIntervalMs: 70_000 })).code).toBe(
      'bad-input',
    );
    expect(thrown(() => encodeHeartbeat(-1)).code).toBe('bad-input');
    expect(thrown(() => encodeDigestStart('x'.repeat(256), '/RedirectionService')).code).toBe('bad-input');
  });
});

describe('firmware → console decoders', () => {
  it('0x11 reply: status and OEM data', () => {
    const reply = decodeStartRedirectionSessionReply(bytes(0x11, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0xaa, 0xbb));
    expect(reply.status).toBe(2);
    expect([...reply.oemData]).toEqual([0xaa, 0xbb]);
  });
  it('0x14 query reply lists auth types', () => {
    const reply = decodeAuthenticateReply(bytes(0x14, 0, 0, 0, 0, 3, 0, 0, 0, 1, 3, 4));
    expect(reply).toMatchObject({ status: 0, authType: 0 });
    expect([...reply.data]).toEqual([1, 3, 4]);
  });
  it('0x14 digest challenge: realm, nonce, qop', () => {
    const data = bytes(3, ...ascii('R:1'), 2, ...ascii('nn'), 4, ...ascii('auth'));
    expect(decodeDigestChallenge(data)).toEqual({ realm: 'R:1', nonce: 'nn', qop: 'auth' });
    expect(thrown(() => decodeDigestChallenge(bytes(9, 0x41))).code).toBe('malformed-frame');
  });
  it('0x21 status', () => {
    expect(decodeStartSolReply(bytes(0x21, 0, ...new Array(21).fill(0))).status).toBe(0);
  });
  it('0x29 control and status bits, host power on bit 4', () => {
    const on = decodeSolControls(bytes(0x29, 0, 0, 0, 0, 0, 0, 0, 0x02 | 0x04, 0x04 | 0x02));
    expect(on).toMatchObject({
      dtr: true,
      break: true,
      rts: false,
      hostPoweredOn: true,
      loopback: true,
      txOverflow: false,
    });
    expect(decodeSolControls(bytes(0x29, 0, 0, 0, 0, 0, 0, 0, 0, 0x01)).hostPoweredOn).toBe(false);
  });
  it('0x2A data and the sequence number', () => {
    const message = bytes(0x2a, 0, 0, 0, 9, 0, 0, 0, 2, 0, 0x48, 0x69);
    expect([...decodeSolDataFromHost(message)]).toEqual([0x48, 0x69]);
    expect(decodeSequence(message)).toBe(9);
  });
  it('a decoder given the wrong type says which it expected', () => {
    expect(thrown(() => decodeStartSolReply(bytes(0x23, 0, 0, 0, 0, 0, 0, 0))).message).toMatch(
      /StartSOLRedirectionReply/,
    );
  });
});

describe('FrameReader', () => {
  // A reply, a challenge, controls, data and a heartbeat back to back, as one TCP read may deliver them.
  const stream = bytes(
    0x11,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x14,
    1,
    0,
    0,
    4,
    2,
    0,
    0,
    0,
    1,
    0x41,
    0x29,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x04,
    0x2a,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    3,
    0,
    0x61,
    0x62,
    0x63,
    0x2b,
    0,
    0,
    0,
    5,
    0,
    0,
    0,
  );
  const types = (messages: Uint8Array[]) => messages.map((m) => m[0]);

  it('yields whole messages from one joined chunk', () => {
    const messages = new FrameReader().push(stream);
    expect(types(messages)).toEqual([0x11, 0x14, 0x29, 0x2a, 0x2b]);
    expect(messages.map((m) => m.length)).toEqual([13, 11, 10, 13, 8]);
  });
  it('yields the same messages when fed byte by byte, keeping fragments', () => {
    const reader = new FrameReader();
    const out: Uint8Array[] = [];
    for (const b of stream) out.push(...reader.push(bytes(b)));
    expect(out).toEqual(new FrameReader().push(stream));
    expect(reader.pendingBytes).toBe(0);
  });
  it('keeps a trailing fragment until it is complete', () => {
    const reader = new FrameReader();
    expect(types(reader.push(stream.subarray(0, 30)))).toEqual([0x11, 0x14]);
    expect(reader.pendingBytes).toBe(6);
    expect(types(reader.push(stream.subarray(30)))).toEqual([0x29, 0x2a, 0x2b]);
  });
  it('an unknown type is malformed-frame naming the byte, and the reader stays failed', () => {
    const reader = new FrameReader();
    const error = thrown(() => reader.push(bytes(0x2b, 0, 0, 0, 0, 0, 0, 0, 0x77, 1)));
    expect(error.code).toBe('malformed-frame');
    expect(error.message).toMatch(/0x77/);
    expect(thrown(() => reader.push(bytes(0x2b, 0, 0, 0, 0, 0, 0, 0))).code).toBe('malformed-frame');
  });
  it('an absurd auth data length is refused before waiting for gigabytes', () => {
    const error = thrown(() => new FrameReader().push(bytes(0x14, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff)));
    expect(error.code).toBe('malformed-frame');
    expect(error.message).toMatch(/4294967295 bytes of auth data/);
  });
  it('a truncated message yields nothing (the session read timeout then ends it)', () => {
    const reader = new FrameReader();
    expect(reader.push(bytes(0x2a, 0, 0, 0, 0, 0, 0, 0, 200, 0, 1, 2))).toEqual([]);
    expect(reader.pendingBytes).toBe(12);
  });
});
