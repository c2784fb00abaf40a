// Turns bytes from the host's serial console into the text xterm.js should show (amt-protocols.md §5.1):
// CP437 for PC-ANSI (bytes ≥ 0x80 through the table) or UTF-8 for VT-UTF8 (a character split across
// chunks is held until its last byte arrives). Escape sequences pass through intact; NUL and BEL are
// dropped, and the BIOS's arrow/marker control bytes become their CP437 glyphs outside escape sequences.
import { CP437_MARKER_BYTES, CP437_TO_UNICODE } from './cp437';

export type HostCharset = 'cp437' | 'utf-8';

const NUL = 0x00;
const BEL = 0x07;
const ESC = 0x1b;
const CAN = 0x18;
const SUB = 0x1a;
const CSI_INTRODUCER = 0x5b; // '['
const OSC_INTRODUCER = 0x5d; // ']'
/** DCS 'P', SOS 'X', PM '^', APC '_': strings ended by ST, like OSC. */
const STRING_INTRODUCERS: ReadonlySet<number> = new Set([0x50, 0x58, 0x5e, 0x5f, OSC_INTRODUCER]);
const ST_FINAL = 0x5c; // '\' in ESC \
/** Units from here up are never controls the tracker acts on in the ground state. */
const PRINTABLE_FROM = 0x20;
/** What step() returns for a unit that is not shown (NUL, BEL). */
const DROPPED = -1;

/** Where the decoder is in an escape sequence; kept across chunks because a sequence can be split. */
type EscapeState = 'ground' | 'escape' | 'intermediate' | 'csi' | 'string' | 'string-escape';

export class HostDecoder {
  private utf8 = new TextDecoder('utf-8', { fatal: false });
  private state: EscapeState = 'ground';

  constructor(private charsetValue: HostCharset = 'cp437') {}

  get charset(): HostCharset {
    return this.charsetValue;
  }

  /** Switching drops a half-received UTF-8 character and any half-seen escape sequence. */
  set charset(next: HostCharset) {
    this.charsetValue = next;
    this.utf8 = new TextDecoder('utf-8', { fatal: false });
    this.state = 'ground';
  }

  decode(bytes: Uint8Array): string {
    if (this.charsetValue === 'cp437') return this.filterUnits(cp437Units(bytes));
    const text = this.utf8.decode(bytes, { stream: true });
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    return this.filterUnits(units);
  }

  /**
   * The escape tracker over UTF-16 code units, compacting in place (the output is never longer). Every code the
   * tracker acts on is ASCII, so a surrogate pair takes the same path as its code point would.
   */
  private filterUnits(units: Uint16Array): string {
    let kept = 0;
    for (let at = 0; at < units.length; at++) {
      const code = units[at] as number;
      // Fast path: printable text outside a sequence is shown as it is (most of a BIOS screen).
      if (code >= PRINTABLE_FROM && this.state === 'ground') {
        units[kept++] = code;
        continue;
      }
      const out = this.step(code);
      if (out !== DROPPED) units[kept++] = out;
    }
    return unitsToText(units.subarray(0, kept));
  }

  /** One code unit through the escape tracker; returns the unit to show for it, or DROPPED. */
  private step(code: number): number {
    switch (this.state) {
      case 'ground':
        if (code === ESC) {
          this.state = 'escape';
          return code;
        }
        if (code === NUL || code === BEL) return DROPPED;
        if (CP437_MARKER_BYTES.has(code)) return (CP437_TO_UNICODE[code] as string).charCodeAt(0);
        return code;
      case 'escape':
        if (code === CSI_INTRODUCER) this.state = 'csi';
        else if (STRING_INTRODUCERS.has(code)) this.state = 'string';
        else if (code >= 0x20 && code <= 0x2f) this.state = 'intermediate';
        else if (code !== ESC) this.state = 'ground';
        return code;
      case 'intermediate':
        if (code >= 0x30 && code <= 0x7e) this.state = 'ground';
        this.cancelled(code);
        return code;
      case 'csi':
        if (code === ESC) this.state = 'escape';
        else if (code >= 0x40 && code <= 0x7e) this.state = 'ground';
        else this.cancelled(code);
        return code;
      case 'string':
        // BEL ends an OSC: it must reach xterm here, or xterm would wait for the end of the string forever.
        if (code === BEL) this.state = 'ground';
        else if (code === ESC) this.state = 'string-escape';
        return code;
      case 'string-escape':
        this.state = code === ST_FINAL ? 'ground' : 'string';
        return code;
    }
  }

  /** CAN and SUB abort a sequence in VT terminals; xterm does the same, so we follow. */
  private cancelled(code: number): boolean {
    if (code === CAN || code === SUB) {
      this.state = 'ground';
      return true;
    }
    return false;
  }
}

/** Each byte's UTF-16 unit: ASCII and C0 as they are, 0x80–0xFF through the CP437 table (all in the BMP). */
const CP437_UNITS: Uint16Array = Uint16Array.from({ length: 0x100 }, (_, byte) =>
  byte < 0x80 ? byte : (CP437_TO_UNICODE[byte] as string).charCodeAt(0),
);

function cp437Units(bytes: Uint8Array): Uint16Array {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = CP437_UNITS[bytes[i] as number] as number;
  return units;
}

/** fromCharCode takes its units as arguments; this many at a time stays far below engines' argument limits. */
const UNITS_PER_CALL = 8192;
/** UTF-16LE decoding reads the units' memory as they are where the platform is little-endian (every x86 and ARM PC). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le');

/** The units hold no lone surrogates (CP437 is all BMP; TextDecoder output keeps pairs whole), so this is exact. */
function unitsToText(units: Uint16Array): string {
  if (LITTLE_ENDIAN) return UTF16.decode(units);
  let text = '';
  for (let at = 0; at < units.length; at += UNITS_PER_CALL) {
    text += String.fromCharCode(...units.subarray(at, at + UNITS_PER_CALL));
  }
  return text;
}
