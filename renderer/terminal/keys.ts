// Key profiles for BIOS consoles over SOL (amt-protocols.md §5.2–5.3) as one table: what each key sends
// in EDK2's PC-ANSI, VT100+ and VT100 terminal types. A key maps to ONE byte sequence, sent in one
// sol:send, because EDK2 gives up on an escape sequence that arrives in pieces (§5.2, pitfall 21).
import { cp437ByteOf } from './cp437';
import type { HostCharset } from './host-decoder';

export type KeyProfile = 'vt100+' | 'pc-ansi' | 'vt100';

/** VT100+ is the recommended default for UEFI firmware (§5.2). */
export const DEFAULT_KEY_PROFILE: KeyProfile = 'vt100+';

export const KEY_PROFILE_LABEL: Readonly<Record<KeyProfile, string>> = {
  'vt100+': 'VT100+',
  'pc-ansi': 'PC-ANSI',
  vt100: 'VT100',
};

/** Keys whose bytes depend on the profile, named as KeyboardEvent.key names them. */
export type ProfileKey =
  | 'ArrowUp'
  | 'ArrowDown'
  | 'ArrowRight'
  | 'ArrowLeft'
  | 'Home'
  | 'End'
  | 'Insert'
  | 'Delete'
  | 'PageUp'
  | 'PageDown'
  | 'F1'
  | 'F2'
  | 'F3'
  | 'F4'
  | 'F5'
  | 'F6'
  | 'F7'
  | 'F8'
  | 'F9'
  | 'F10'
  | 'F11'
  | 'F12';

const E = '\x1b';

/** §5.2's table: key → [PC-ANSI, VT100+, VT100]; null where the profile has no code for the key. */
const KEY_TABLE: Readonly<Record<ProfileKey, readonly [string | null, string | null, string | null]>> = {
  ArrowUp: [`${E}[A`, `${E}[A`, `${E}[A`],
  ArrowDown: [`${E}[B`, `${E}[B`, `${E}[B`],
  ArrowRight: [`${E}[C`, `${E}[C`, `${E}[C`],
  ArrowLeft: [`${E}[D`, `${E}[D`, `${E}[D`],
  Home: [`${E}[H`, `${E}h`, `${E}[H`],
  End: [`${E}[F`, `${E}k`, `${E}[K`],
  Insert: [`${E}[@`, `${E}+`, `${E}[@`],
  Delete: [`${E}[X`, `${E}-`, `${E}[P`],
  PageUp: [`${E}[I`, `${E}?`, `${E}[?`],
  PageDown: [`${E}[G`, `${E}/`, `${E}[/`],
  F1: [`${E}[M`, `${E}1`, `${E}OP`],
  F2: [`${E}[N`, `${E}2`, `${E}OQ`],
  F3: [`${E}[O`, `${E}3`, `${E}Ow`],
  F4: [`${E}[P`, `${E}4`, `${E}Ox`],
  F5: [`${E}[Q`, `${E}5`, `${E}Ot`],
  F6: [`${E}[R`, `${E}6`, `${E}Ou`],
  F7: [`${E}[S`, `${E}7`, `${E}Oq`],
  F8: [`${E}[T`, `${E}8`, `${E}Or`],
  F9: [`${E}[U`, `${E}9`, `${E}Op`],
  F10: [`${E}[V`, `${E}0`, `${E}OM`],
  F11: [null, `${E}!`, null],
  F12: [null, `${E}@`, null],
};

const PROFILE_COLUMN: Readonly<Record<KeyProfile, 0 | 1 | 2>> = { 'pc-ansi': 0, 'vt100+': 1, vt100: 2 };

/** Keys that send the same byte in every profile. */
const COMMON_KEYS: Readonly<Record<string, string>> = {
  Escape: E,
  Enter: '\r', // BIOS menus want CR (§5.2); amtterm turns LF into CR for the same reason
  Backspace: '\x08',
  Tab: '\t',
};

/** EDK2's warm-reset sequence on a serial console; there is no serial encoding of Ctrl-Alt-Del (§5.3). */
export const CTRL_ALT_DEL_SEQUENCE = `${E}R${E}r${E}R`;

/** The subset of KeyboardEvent the mapping reads (so tests need no DOM). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey?: boolean;
}

function isProfileKey(key: string): key is ProfileKey {
  return Object.hasOwn(KEY_TABLE, key);
}

export function profileKeyText(profile: KeyProfile, key: ProfileKey): string | null {
  return KEY_TABLE[key][PROFILE_COLUMN[profile]];
}

/** The bytes one key press sends to the host, or null when the key sends nothing in this profile. */
export function bytesForKey(press: KeyPress, profile: KeyProfile, charset: HostCharset): Uint8Array | null {
  if (press.metaKey) return null;
  if (isProfileKey(press.key)) {
    const text = profileKeyText(profile, press.key);
    return text === null ? null : asciiBytes(text);
  }
  const common = COMMON_KEYS[press.key];
  if (common !== undefined) return asciiBytes(common);
  // Ctrl+Shift+C / Ctrl+Shift+V stay with the browser: copy and paste, as in most terminal emulators.
  if (press.ctrlKey && press.shiftKey === true && /^[cv]$/i.test(press.key)) return null;
  // Ctrl+letter is the letter's code minus 64 (Ctrl+C = 0x03), as on a real terminal.
  if (press.ctrlKey && !press.altKey && /^[a-zA-Z]$/.test(press.key))
    return Uint8Array.of(press.key.toUpperCase().charCodeAt(0) - 64);
  if (press.ctrlKey || press.altKey) return null;
  return printableBytes(press.key, charset);
}

/** A single printable character (KeyboardEvent.key of length one code point) in the host's character set. */
export function printableBytes(char: string, charset: HostCharset): Uint8Array | null {
  if ([...char].length !== 1) return null;
  const code = char.codePointAt(0) as number;
  if (code < 0x20 || code === 0x7f) return null;
  if (code < 0x7f) return Uint8Array.of(code);
  if (charset === 'utf-8') return new TextEncoder().encode(char);
  const byte = cp437ByteOf(char);
  return byte === undefined ? null : Uint8Array.of(byte);
}

/**
 * Text xterm produced itself (a paste, or its answer to a host query such as a cursor-position report)
 * in the host's character set: characters the charset cannot carry are left out. Pasted lines end in CR
 * (xterm already turns CR LF / LF into CR), which is what BIOS menus want.
 */
export function textToHostBytes(text: string, charset: HostCharset): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) out.push(code);
    else for (const byte of printableBytes(char, charset) ?? []) out.push(byte);
  }
  return Uint8Array.from(out);
}

export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
