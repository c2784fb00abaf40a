// A scripted "BIOS" behind the simulated SOL port (amt-protocols.md §5.1–5.2): a POST banner and a setup screen as
// ANSI text, a selection moved by ESC [ A / ESC [ B, Enter opens the item, other printable keys are echoed.

const ESC = '\x1b';
export const BIOS_ITEMS = ['Main', 'Advanced', 'Boot', 'Security', 'Save & Exit'] as const;
export const POST_BANNER = 'AMT-SIM BIOS v2.1 - Power-On Self Test';
export const SETUP_TITLE = 'Aptio-ish Setup Utility (simulated)';
/** Bytes of an escape sequence kept while waiting for the rest (EDK2 waits 2 s, §5.2; we simply wait). */
const MAX_PENDING_ESCAPE = 8;

export class SolBios {
  private selected = 0;
  private pendingEscape = '';

  constructor(private readonly output: (text: string) => void) {}

  get selection(): string {
    return BIOS_ITEMS[this.selected] as string;
  }

  /** What the host prints when SOL starts (or after a reset with SOL redirection on). */
  boot(): void {
    this.output(`${ESC}[2J${ESC}[H${POST_BANNER}\r\nMemory test: 16384 MB OK\r\nPress DEL or F2 to enter setup\r\n`);
    this.drawSetup();
  }

  private drawSetup(): void {
    const lines = BIOS_ITEMS.map((item, i) => (i === this.selected ? `${ESC}[7m> ${item}${ESC}[0m` : `  ${item}`));
    this.output(`${ESC}[2J${ESC}[1;1H${SETUP_TITLE}\r\n${lines.join('\r\n')}\r\nSelected: ${this.selection}\r\n`);
  }

  /** Keyboard bytes from the console. */
  input(bytes: Buffer): void {
    for (const ch of bytes.toString('latin1')) {
      if (this.pendingEscape !== '' || ch === ESC) {
        this.pendingEscape += ch;
        this.escape();
        continue;
      }
      if (ch === '\r') this.output(`\r\nEntered: ${this.selection}\r\n`);
      else if (ch >= ' ' && ch <= '~') this.output(ch);
    }
  }

  private escape(): void {
    const seq = this.pendingEscape;
    if (seq === `${ESC}[A` || seq === `${ESC}[B`) {
      const step = seq.endsWith('A') ? -1 : 1;
      this.selected = (this.selected + step + BIOS_ITEMS.length) % BIOS_ITEMS.length;
      this.pendingEscape = '';
      this.drawSetup();
    } else if (seq.length >= 3 || seq.length > MAX_PENDING_ESCAPE || (seq.length === 2 && seq[1] !== '[')) {
      this.pendingEscape = ''; // a key this BIOS does not know: ignored
    }
  }
}
