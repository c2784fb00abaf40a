// amtctl sol's keystroke translation (amt-protocols.md §5.2–5.3): LF → CR, Ctrl+] local and never sent, --send escapes.
import { describe, expect, it } from 'vitest';
import { AmtError } from '../../../../shared/domain';
import { decodeSendText, translateKeyboardInput } from '../../../../main/cli/sol-keys';

describe('sol keys', () => {
  it('turns LF into CR and keeps everything else', () => {
    expect(translateKeyboardInput(Uint8Array.of(0x61, 0x0a, 0x1b, 0x5b, 0x41))).toEqual({
      bytes: Uint8Array.of(0x61, 0x0d, 0x1b, 0x5b, 0x41),
      quit: false,
    });
  });
  it('stops at Ctrl+] and never sends it or what follows', () => {
    expect(translateKeyboardInput(Uint8Array.of(0x62, 0x1d, 0x63))).toEqual({ bytes: Uint8Array.of(0x62), quit: true });
  });
  it('decodes --send escapes', () => {
    expect(decodeSendText('\\e[B\\r')).toEqual(Uint8Array.of(0x1b, 0x5b, 0x42, 0x0d));
    expect(decodeSendText('a\\n\\x7f\\\\\\t')).toEqual(Uint8Array.of(0x61, 0x0d, 0x7f, 0x5c, 0x09));
  });
  it('refuses unknown escapes and non-byte characters with bad-input', () => {
    for (const text of ['\\q', '\\x4', '\\', '€']) {
      expect(() => decodeSendText(text)).toThrow(AmtError);
    }
  });
});
