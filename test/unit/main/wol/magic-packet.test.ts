// main/wol/magic-packet.ts: the payload byte for byte (golden bytes written out), SecureOn, bad MACs.

import { describe, expect, it } from 'vitest';
import { parseMac, type MacAddress } from '../../../../shared/domain';
import { buildMagicPacket, MAGIC_PACKET_SIZE_BYTES, parseMacOrThrow, parseSecureOn } from '../../../../main/wol';

// MAC 00:1a:2b:3c:4d:5e, written out by hand: 6 × ff, then 16 copies of the MAC.
const GOLDEN_HEX = [
  'ffffffffffff',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
  '001a2b3c4d5e',
].join('');

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const mac = (text: string): MacAddress => parseMac(text) as MacAddress;

describe('buildMagicPacket', () => {
  it('is 6 × 0xFF then the MAC 16 times: 102 bytes equal to the golden bytes', () => {
    const packet = buildMagicPacket(mac('00-1A-2B-3C-4D-5E'));
    expect(packet.length).toBe(102);
    expect(MAGIC_PACKET_SIZE_BYTES).toBe(102);
    expect(hex(packet)).toBe(GOLDEN_HEX);
  });

  it('appends a 6-byte SecureOn password after the 16 MACs (108 bytes)', () => {
    const packet = buildMagicPacket(mac('001a2b3c4d5e'), parseSecureOn('01-23-45-67-89-AB'));
    expect(packet.length).toBe(108);
    expect(hex(packet)).toBe(`${GOLDEN_HEX}0123456789ab`);
  });

  it('appends a 4-byte SecureOn password (106 bytes)', () => {
    const packet = buildMagicPacket(mac('00:1a:2b:3c:4d:5e'), parseSecureOn('c0:a8:01:02'));
    expect(hex(packet)).toBe(`${GOLDEN_HEX}c0a80102`);
  });

  it('refuses a SecureOn password of another length, and a cast string that is no MAC', () => {
    expect(() => buildMagicPacket(mac('00:1a:2b:3c:4d:5e'), Uint8Array.of(1, 2, 3, 4, 5))).toThrow(
      /4 or 6 bytes \(got 5\)/,
    );
    expect(() => buildMagicPacket('not-a-mac' as MacAddress)).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });
});

describe('parseSecureOn', () => {
  it('reads dashed, coloned and run-together hex', () => {
    expect(hex(parseSecureOn('01-02-03-04-05-06'))).toBe('010203040506');
    expect(hex(parseSecureOn('0a:0b:0c:0d'))).toBe('0a0b0c0d');
    expect(hex(parseSecureOn('A1B2C3D4E5F6'))).toBe('a1b2c3d4e5f6');
  });

  it('refuses wrong lengths and non-hex with bad-input, never echoing the password', () => {
    const cases: [string, RegExp][] = [
      ['01-02-03-04-05', /got 5/],
      ['01-02-03-04-05-06-07', /got 7/],
      ['secret-zz-01-02-03-04', /other characters/],
      ['01-02-03-04-05-0g', /other characters/],
      ['', /other characters/],
    ];
    for (const [text, reason] of cases) {
      let caught: unknown;
      try {
        parseSecureOn(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'bad-input', message: expect.stringMatching(reason) });
      if (text.length > 0) expect((caught as Error).message).not.toContain(text);
    }
  });
});

describe('parseMacOrThrow', () => {
  it('normalises the usual spellings', () => {
    for (const text of ['A4-AE-11-1C-02-4D', 'a4:ae:11:1c:02:4d', 'a4ae111c024d', ' a4ae.111c.024d ']) {
      expect(parseMacOrThrow(text)).toBe('a4:ae:11:1c:02:4d');
    }
  });

  it('says what is wrong with a bad MAC', () => {
    expect(() => parseMacOrThrow('a4:ae:11:1c:02')).toThrow(/10 hex digits, a MAC has 12/);
    expect(() => parseMacOrThrow('a4:ae:11:1c:02:4d:00')).toThrow(/14 hex digits/);
    expect(() => parseMacOrThrow('a4:ae:11:1c:02:zz')).toThrow(/only hex digits/);
    expect(() => parseMacOrThrow('a4a:e11:1c0:24d')).toThrow(/write it as/);
    expect(() => parseMacOrThrow('')).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });
});
