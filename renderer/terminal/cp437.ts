// Code page 437 (the IBM PC character set) to Unicode, from the standard mapping, for BIOS screens sent in
// the PC-ANSI terminal type (amt-protocols.md §5.1). Written from the standard table on purpose: the
// tables in MeshCommander and DMT's ui-toolkit differ from it in several cells (§5.1, pitfall 22).

/** Glyphs of 0x00–0x1F as the PC's video ROM draws them; 0x00 draws nothing. */
const CONTROL_GLYPHS =
  '\u0020\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C' +
  '\u25BA\u25C4\u2195\u203C\u00B6\u00A7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC';

/** 0x7F is a house glyph in CP437. */
const DEL_GLYPH = '\u2302';

/** 0x80–0xFF, sixteen cells per line. */
const HIGH_HALF =
  '\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5' + // 80
  '\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00A2\u00A3\u00A5\u20A7\u0192' + // 90
  '\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u2310\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB' + // A0
  '\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510' + // B0
  '\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567' + // C0
  '\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580' + // D0
  '\u03B1\u00DF\u0393\u03C0\u03A3\u03C3\u00B5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229' + // E0
  '\u2261\u00B1\u2265\u2264\u2320\u2321\u00F7\u2248\u00B0\u2219\u00B7\u221A\u207F\u00B2\u25A0\u00A0'; //   F0

function buildTable(): readonly string[] {
  const table: string[] = [];
  for (let byte = 0; byte < 0x100; byte += 1) {
    if (byte < 0x20) table.push(CONTROL_GLYPHS[byte] as string);
    else if (byte < 0x7f) table.push(String.fromCharCode(byte));
    else if (byte === 0x7f) table.push(DEL_GLYPH);
    else table.push(HIGH_HALF[byte - 0x80] as string);
  }
  return Object.freeze(table);
}

/** The glyph each byte 0x00–0xFF stands for on a PC screen (256 one-character strings). */
export const CP437_TO_UNICODE: readonly string[] = buildTable();

/** Unicode → CP437 byte, for typing a non-ASCII character to a PC-ANSI host. */
const UNICODE_TO_CP437: ReadonlyMap<string, number> = new Map(
  CP437_TO_UNICODE.map((glyph, byte) => [glyph, byte] as const).filter(([, byte]) => byte >= 0x80),
);

export function cp437ByteOf(char: string): number | undefined {
  return UNICODE_TO_CP437.get(char);
}

/** Control bytes some BIOSes use to draw arrows and selection markers (§5.1); shown as glyphs outside escape sequences. */
export const CP437_MARKER_BYTES: ReadonlySet<number> = new Set([0x10, 0x11, 0x18, 0x19, 0x1e, 0x1f]);
