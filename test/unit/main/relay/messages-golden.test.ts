// Golden frames of the relay channel, byte for byte, written out by hand (not built with the encoder's helpers):
// a PING and a CREDENTIALS_ASK with their header fields, decoded again from a reader fed one byte at a time.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, FrameReader, type RelayMessage } from '../../../../main/relay/index';

// "RL", version 1, type 0x30 (PING), payload length 27, then the JSON.
const PING = Buffer.concat([Buffer.from('524c01300000001b', 'hex'), Buffer.from('{"kind":"ping","nonce":258}')]);
// "RL", version 1, type 0x20 (CREDENTIALS_ASK), payload length 50, then the JSON.
const ASK = Buffer.concat([
  Buffer.from('524c012000000032', 'hex'),
  Buffer.from('{"kind":"credentials-ask","askId":7,"clientId":42}'),
]);

describe('relay channel frames (golden)', () => {
  it('encodes a PING and a CREDENTIALS_ASK byte for byte', () => {
    expect(Buffer.from(encodeMessage({ kind: 'ping', nonce: 258 })).toString('hex')).toBe(PING.toString('hex'));
    const ask: RelayMessage = { kind: 'credentials-ask', askId: 7, clientId: 42 };
    expect(Buffer.from(encodeMessage(ask)).toString('hex')).toBe(ASK.toString('hex'));
  });

  it('reads both back from a stream that arrives one byte at a time', () => {
    const reader = new FrameReader();
    const messages: RelayMessage[] = [];
    for (const byte of Buffer.concat([PING, ASK])) {
      for (const frame of reader.push(Uint8Array.of(byte))) messages.push(decodeMessage(frame));
    }
    expect(messages).toEqual([
      { kind: 'ping', nonce: 258 },
      { kind: 'credentials-ask', askId: 7, clientId: 42 },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('refuses to send a message its own schema refuses', () => {
    expect(() => encodeMessage({ kind: 'ping', nonce: -1 })).toThrow(/refusing to send a malformed PING: field nonce/);
  });

  it('refuses text with control characters, which could forge a log line', () => {
    const payload = Buffer.from(
      JSON.stringify({ kind: 'hello', relayVersion: '1', hostName: 'east\nconsole: ok', subnets: [] }),
    );
    const header = Buffer.from([0x52, 0x4c, 0x01, 0x01, 0, 0, 0, payload.length]);
    const [frame] = new FrameReader().push(Buffer.concat([header, payload]));
    expect(() => decodeMessage(frame!)).toThrow(
      'the HELLO message is malformed: field hostName: control characters are not allowed',
    );
  });
});
