// BIOS-like SOL output for the terminal bench (issue 9): 80×25 setup screens as a PC-ANSI BIOS redirects them —
// clear and home, cursor positioning, SGR colours and reverse video, CP437 box drawing and shading (bytes ≥ 0x80),
// the BIOS's arrow marker bytes in the help line, a memory-test counter redrawn with CR. Deterministic; the last
// screen carries a marker the bench waits for.

const ESC = 0x1b;
const COLUMNS = 80;
const BOX_TOP_ROW = 3;
const BOX_BOTTOM_ROW = 22;
const ITEMS = ['System Time', 'System Date', 'SATA Mode', 'Boot Order', 'Secure Boot', 'Intel AMT', 'TPM Device'];
const VALUES = ['[Enabled]', '[Disabled]', '[AHCI]', '[UEFI First]', '[Auto]', '[PXE]', '[IDE-R Floppy]'];
// CP437: ╔ ═ ╗ ║ ╚ ╝, light/medium/dark shade, full block; 0x18/0x19 the arrows a BIOS puts in its help line.
const BOX = { tl: 0xc9, h: 0xcd, tr: 0xbb, v: 0xba, bl: 0xc8, br: 0xbc } as const;
const SHADES = [0xb0, 0xb1, 0xb2, 0xdb] as const;
const ARROW_UP = 0x18;
const ARROW_DOWN = 0x19;
const MEMORY_STEPS = 8;

class ByteWriter {
  private readonly parts: number[] = [];
  text(s: string): this {
    for (let i = 0; i < s.length; i++) this.parts.push(s.charCodeAt(i) & 0xff);
    return this;
  }
  bytes(...values: number[]): this {
    this.parts.push(...values);
    return this;
  }
  repeat(value: number, count: number): this {
    for (let i = 0; i < count; i++) this.parts.push(value);
    return this;
  }
  csi(body: string): this {
    return this.bytes(ESC).text(`[${body}`);
  }
  at(row: number, column: number): this {
    return this.csi(`${row};${column}H`);
  }
  get length(): number {
    return this.parts.length;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.parts);
  }
}

function screen(w: ByteWriter, index: number, marker: string | undefined): void {
  w.csi('0m').csi('2J').csi('H');
  const title = ` Aptio Setup Utility - Copyright (C) 2026  screen ${index}`;
  w.csi('1;37;44m').text(title.padEnd(COLUMNS).slice(0, COLUMNS)).csi('0;37;40m');
  for (let step = 1; step <= MEMORY_STEPS; step++) w.at(2, 1).text(`Memory test: ${step * 2048 + index} KB OK\r`);
  w.at(BOX_TOP_ROW, 1)
    .bytes(BOX.tl)
    .repeat(BOX.h, COLUMNS - 2)
    .bytes(BOX.tr);
  for (let row = BOX_TOP_ROW + 1; row < BOX_BOTTOM_ROW; row++) {
    const item = (row + index) % ITEMS.length;
    const selected = item === index % ITEMS.length;
    w.at(row, 1).bytes(BOX.v);
    if (selected) w.csi('7m');
    w.text(` ${(ITEMS[item] as string).padEnd(24)}${(VALUES[(item + index) % VALUES.length] as string).padEnd(18)}`);
    if (selected) w.csi('27m');
    const shade = SHADES[(row + index) % SHADES.length] as number;
    w.csi('36m')
      .repeat(shade, (row * 3 + index) % 30)
      .csi('37m');
    w.at(row, COLUMNS).bytes(BOX.v);
  }
  w.at(BOX_BOTTOM_ROW, 1)
    .bytes(BOX.bl)
    .repeat(BOX.h, COLUMNS - 2)
    .bytes(BOX.br);
  w.at(24, 1).csi('30;47m').bytes(ARROW_UP, ARROW_DOWN).text(' Select   Enter: Change   F10: Save & Exit   ESC: Exit');
  w.csi('0m');
  if (marker !== undefined) w.at(25, 1).text(marker);
}

/** Screens until at least `bytes` bytes, then one more screen ending with `marker` on its last row. */
export function biosScreens(bytes: number, marker: string): Buffer {
  const w = new ByteWriter();
  let index = 0;
  while (w.length < bytes) screen(w, index++, undefined);
  screen(w, index, marker);
  return w.toBuffer();
}
