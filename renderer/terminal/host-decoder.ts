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
    const text = this.charsetValue === 'utf-8' ? this.utf8.decode(bytes, { stream: true }) : cp437Text(bytes);
    return this.filterControls(text);
  }

  private filterControls(text: string): string {
    let out = '';
    for (const char of text) {
      const code = char.codePointAt(0) as number;
      out += this.step(code, char);
    }
    return out;
  }

  /** One character through the escape tracker; returns what to show for it (possibly nothing). */
  private step(code: number, char: string): string {
    switch (this.state) {
      case 'ground':
        if (code === ESC) {
          this.state = 'escape';
          return char;
        }
        if (code === NUL || code === BEL) return '';
        if (CP437_MARKER_BYTES.has(code)) return CP437_TO_UNICODE[code] as string;
        return char;
      case 'escape':
        if (code === CSI_INTRODUCER) this.state = 'csi';
        else if (STRING_INTRODUCERS.has(code)) this.state = 'string';
        else if (code >= 0x20 && code <= 0x2f) this.state = 'intermediate';
        else if (code !== ESC) this.state = 'ground';
        return char;
      case 'intermediate':
        if (code >= 0x30 && code <= 0x7e) this.state = 'ground';
        this.cancelled(code);
        return char;
      case 'csi':
        if (code === ESC) this.state = 'escape';
        else if (code >= 0x40 && code <= 0x7e) this.state = 'ground';
        else this.cancelled(code);
        return char;
      case 'string':
        // BEL ends an OSC: it must reach xterm here, or xterm would wait for the end of the string forever.
        if (code === BEL) this.state = 'ground';
        else if (code === ESC) this.state = 'string-escape';
        return char;
      case 'string-escape':
        this.state = code === ST_FINAL ? 'ground' : 'string';
        return char;
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

function cp437Text(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : (CP437_TO_UNICODE[byte] as string);
  return text;
}
