// What amtctl sends as SOL keystrokes (amt-protocols.md §5.2, §5.3): LF becomes CR as BIOS menus want, Ctrl+] is
// the local quit key and never reaches the host, and --send text may spell keys with C-style escapes.

import { AmtError } from '../../shared/domain';

/** Ctrl+]: amtterm's local escape key; we use the same so people's habits carry over. */
export const LOCAL_QUIT_BYTE = 0x1d;
const LF = 0x0a;
const CR = 0x0d;

export interface TranslatedInput {
  /** Bytes to send to the host (LF → CR), up to the quit key. */
  readonly bytes: Uint8Array;
  /** The quit key was typed: stop after sending `bytes`. */
  readonly quit: boolean;
}

/** One read from the local keyboard → what goes to the host. */
export function translateKeyboardInput(chunk: Uint8Array): TranslatedInput {
  const quitAt = chunk.indexOf(LOCAL_QUIT_BYTE);
  const keys = Uint8Array.from(quitAt === -1 ? chunk : chunk.subarray(0, quitAt));
  for (let i = 0; i < keys.length; i++) if (keys[i] === LF) keys[i] = CR;
  return { bytes: keys, quit: quitAt !== -1 };
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { e: 0x1b, r: CR, n: LF, t: 0x09, '\\': 0x5c };

/**
 * Decodes `--send` text: `\e` ESC, `\r`, `\n`, `\t`, `\xHH`, `\\`; other characters as Latin-1 bytes. Then LF → CR.
 * E.g. `--send '\e[B\r'` is Down, Enter.
 */
export function decodeSendText(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code > 0xff) throw new AmtError('bad-input', `--send: '${ch}' is not a single-byte character; use \\xHH`);
      out.push(code);
      continue;
    }
    const next = text[i + 1];
    if (next === 'x') {
      const hex = text.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new AmtError('bad-input', `--send: '\\x' needs two hex digits (got '${hex}')`);
      out.push(parseInt(hex, 16));
      i += 3;
      continue;
    }
    const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
    if (simple === undefined)
      throw new AmtError('bad-input', `--send: unknown escape '\\${next ?? ''}' (known: \\e \\r \\n \\t \\xHH \\\\)`);
    out.push(simple);
    i += 1;
  }
  return translateKeyboardInput(Uint8Array.from(out)).bytes;
}
