import { describe, expect, it } from 'vitest';
import { HostDecoder } from '../../../../renderer/terminal/host-decoder';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('HostDecoder in CP437 (PC-ANSI) mode', () => {
  it('turns box-drawing bytes into Unicode and leaves ASCII alone', () => {
    const d = new HostDecoder('cp437');
    expect(d.decode(bytes(0xc9, 0xcd, 0xbb, 0x41, 0xb0, 0xdb))).toBe('╔═╗A░█');
  });

  it('keeps escape sequences intact, split across chunks too', () => {
    const d = new HostDecoder('cp437');
    expect(d.decode(ascii('\x1b[7mX\x1b['))).toBe('\x1b[7mX\x1b[');
    expect(d.decode(ascii('2J\x1b(B\x1b]0;t\x07ok'))).toBe('2J\x1b(B\x1b]0;t\x07ok');
  });

  it('drops NUL and BEL outside sequences', () => {
    expect(new HostDecoder('cp437').decode(bytes(0x41, 0x00, 0x07, 0x42))).toBe('AB');
  });

  it('shows the BIOS arrow and marker bytes as glyphs, but not inside a sequence', () => {
    const d = new HostDecoder('cp437');
    expect(d.decode(bytes(0x10, 0x20, 0x11, 0x18, 0x19, 0x1e, 0x1f))).toBe('► ◄↑↓▲▼');
    // CAN inside a CSI cancels it (as in a VT terminal) and reaches xterm as the control byte.
    expect(d.decode(bytes(0x1b, 0x5b, 0x31, 0x18, 0x18))).toBe('\x1b[1\x18↑');
  });

  it('passes CR, LF, BS, TAB and ESC through as controls', () => {
    expect(new HostDecoder('cp437').decode(ascii('a\r\n\b\tb'))).toBe('a\r\n\b\tb');
  });
});

describe('HostDecoder in UTF-8 (VT-UTF8) mode', () => {
  it('decodes box drawing sent as UTF-8', () => {
    expect(new HostDecoder('utf-8').decode(new TextEncoder().encode('╔═╗ ok'))).toBe('╔═╗ ok');
  });

  it('holds a character split across chunks until its last byte arrives', () => {
    const d = new HostDecoder('utf-8');
    const encoded = new TextEncoder().encode('x╔y'); // ╔ = E2 95 94
    expect(d.decode(encoded.subarray(0, 2))).toBe('x');
    expect(d.decode(encoded.subarray(2, 3))).toBe('');
    expect(d.decode(encoded.subarray(3))).toBe('╔y');
  });

  it('does not run bytes ≥ 0x80 through the CP437 table', () => {
    expect(new HostDecoder('utf-8').decode(bytes(0xc3, 0xa9))).toBe('é');
  });

  it('starts clean after a charset switch', () => {
    const d = new HostDecoder('utf-8');
    d.decode(bytes(0xe2, 0x95));
    d.charset = 'cp437';
    expect(d.decode(bytes(0xc9))).toBe('╔');
  });
});
