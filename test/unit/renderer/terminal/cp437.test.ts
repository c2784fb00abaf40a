import { describe, expect, it } from 'vitest';
import { CP437_TO_UNICODE, cp437ByteOf } from '../../../../renderer/terminal/cp437';

describe('CP437_TO_UNICODE', () => {
  it('has one single-character entry for each of the 256 bytes', () => {
    expect(CP437_TO_UNICODE).toHaveLength(256);
    for (const glyph of CP437_TO_UNICODE) expect([...glyph]).toHaveLength(1);
  });

  it('maps every byte to a different character, except 0x00 which draws blank like the space', () => {
    expect(CP437_TO_UNICODE[0]).toBe(' ');
    expect(new Set(CP437_TO_UNICODE.slice(1)).size).toBe(255);
  });

  it('keeps printable ASCII as is', () => {
    for (let b = 0x20; b < 0x7f; b += 1) expect(CP437_TO_UNICODE[b]).toBe(String.fromCharCode(b));
  });

  // Golden values from the standard CP437 mapping (amt-protocols.md §5.1), including the cells where
  // MeshCommander's and DMT's tables are wrong (B0/B2, D3, DD, A7, F3).
  it.each([
    [0xc9, 0x2554],
    [0xbb, 0x2557],
    [0xc8, 0x255a],
    [0xbc, 0x255d],
    [0xcd, 0x2550],
    [0xba, 0x2551],
    [0xb0, 0x2591],
    [0xb1, 0x2592],
    [0xb2, 0x2593],
    [0xdb, 0x2588],
    [0xdc, 0x2584],
    [0xdd, 0x258c],
    [0xde, 0x2590],
    [0xdf, 0x2580],
    [0xd3, 0x2559],
    [0xa7, 0x00ba],
    [0xf3, 0x2264],
    [0xc4, 0x2500],
    [0xb3, 0x2502],
    [0xda, 0x250c],
    [0xbf, 0x2510],
    [0xc0, 0x2514],
    [0xd9, 0x2518],
    [0xc5, 0x253c],
    [0x80, 0x00c7],
    [0x9e, 0x20a7],
    [0xa9, 0x2310],
    [0xae, 0x00ab],
    [0xe0, 0x03b1],
    [0xe1, 0x00df],
    [0xe6, 0x00b5],
    [0xf9, 0x2219],
    [0xfa, 0x00b7],
    [0xfe, 0x25a0],
    [0xff, 0x00a0],
    [0x7f, 0x2302],
    [0x10, 0x25ba],
    [0x11, 0x25c4],
    [0x18, 0x2191],
    [0x19, 0x2193],
    [0x1e, 0x25b2],
    [0x1f, 0x25bc],
  ])('maps 0x%s to the standard code point', (byte, codePoint) => {
    expect(CP437_TO_UNICODE[byte]?.codePointAt(0)).toBe(codePoint);
  });

  it('finds the byte for a character typed towards a PC-ANSI host', () => {
    expect(cp437ByteOf('é')).toBe(0x82);
    expect(cp437ByteOf('╔')).toBe(0xc9);
    expect(cp437ByteOf('€')).toBeUndefined();
  });
});
