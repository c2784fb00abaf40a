import { describe, expect, it } from 'vitest';
import {
  bytesForKey,
  CTRL_ALT_DEL_SEQUENCE,
  textToHostBytes,
  type KeyProfile,
} from '../../../../renderer/terminal/keys';

const press = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});
const text = (b: Uint8Array | null) => (b === null ? null : String.fromCharCode(...b));
const send = (key: string, profile: KeyProfile = 'vt100+') => text(bytesForKey(press(key), profile, 'cp437'));

describe('bytesForKey', () => {
  it('sends the same arrows in every profile', () => {
    for (const p of ['vt100+', 'pc-ansi', 'vt100'] as const) {
      expect(send('ArrowUp', p)).toBe('\x1b[A');
      expect(send('ArrowDown', p)).toBe('\x1b[B');
      expect(send('ArrowRight', p)).toBe('\x1b[C');
      expect(send('ArrowLeft', p)).toBe('\x1b[D');
    }
  });

  it.each([
    ['vt100+', 'Home', '\x1bh'],
    ['vt100+', 'End', '\x1bk'],
    ['vt100+', 'Insert', '\x1b+'],
    ['vt100+', 'Delete', '\x1b-'],
    ['vt100+', 'PageUp', '\x1b?'],
    ['vt100+', 'PageDown', '\x1b/'],
    ['vt100+', 'F1', '\x1b1'],
    ['vt100+', 'F10', '\x1b0'],
    ['vt100+', 'F11', '\x1b!'],
    ['vt100+', 'F12', '\x1b@'],
    ['pc-ansi', 'Home', '\x1b[H'],
    ['pc-ansi', 'End', '\x1b[F'],
    ['pc-ansi', 'Delete', '\x1b[X'],
    ['pc-ansi', 'PageUp', '\x1b[I'],
    ['pc-ansi', 'PageDown', '\x1b[G'],
    ['pc-ansi', 'F1', '\x1b[M'],
    ['pc-ansi', 'F2', '\x1b[N'],
    ['pc-ansi', 'F10', '\x1b[V'],
    ['vt100', 'End', '\x1b[K'],
    ['vt100', 'Delete', '\x1b[P'],
    ['vt100', 'F1', '\x1bOP'],
    ['vt100', 'F3', '\x1bOw'],
    ['vt100', 'F5', '\x1bOt'],
    ['vt100', 'F10', '\x1bOM'],
  ] as const)('%s %s sends its §5.2 sequence', (profile, key, expected) => {
    expect(send(key, profile)).toBe(expected);
  });

  it('sends nothing for F11/F12 where the profile has no code', () => {
    expect(send('F11', 'pc-ansi')).toBeNull();
    expect(send('F12', 'vt100')).toBeNull();
  });

  it('sends CR for Enter, 0x08 for Backspace and ESC alone for Escape', () => {
    expect(send('Enter')).toBe('\r');
    expect(send('Backspace')).toBe('\x08');
    expect(send('Escape')).toBe('\x1b');
  });

  it('sends Ctrl+letter as the letter minus 64', () => {
    expect(text(bytesForKey(press('c', { ctrlKey: true }), 'vt100+', 'cp437'))).toBe('\x03');
    expect(text(bytesForKey(press('Z', { ctrlKey: true }), 'vt100+', 'cp437'))).toBe('\x1a');
  });

  it('sends printable characters in the host charset', () => {
    expect(send('a')).toBe('a');
    expect([...(bytesForKey(press('é'), 'vt100+', 'cp437') ?? [])]).toEqual([0x82]);
    expect([...(bytesForKey(press('é'), 'vt100+', 'utf-8') ?? [])]).toEqual([0xc3, 0xa9]);
    expect(bytesForKey(press('€'), 'vt100+', 'cp437')).toBeNull();
  });

  it('ignores modifier-only and unknown keys, and Meta/Alt combinations', () => {
    expect(send('Shift')).toBeNull();
    expect(send('ContextMenu')).toBeNull();
    expect(bytesForKey(press('x', { altKey: true }), 'vt100+', 'cp437')).toBeNull();
    expect(bytesForKey(press('x', { metaKey: true }), 'vt100+', 'cp437')).toBeNull();
  });

  it('leaves Ctrl+Shift+C and Ctrl+Shift+V to the browser for copy and paste', () => {
    expect(bytesForKey(press('V', { ctrlKey: true, shiftKey: true }), 'vt100+', 'cp437')).toBeNull();
    expect(bytesForKey(press('C', { ctrlKey: true, shiftKey: true }), 'vt100+', 'cp437')).toBeNull();
  });

  it('has the EDK2 warm-reset sequence for Ctrl-Alt-Del', () => {
    expect(CTRL_ALT_DEL_SEQUENCE).toBe('\x1bR\x1br\x1bR');
  });
});

describe('textToHostBytes', () => {
  it('keeps ASCII and CR, and encodes other characters in the host charset or leaves them out', () => {
    expect(text(textToHostBytes('ab\rc', 'cp437'))).toBe('ab\rc');
    expect([...textToHostBytes('é€x', 'cp437')]).toEqual([0x82, 0x78]);
    expect([...textToHostBytes('é', 'utf-8')]).toEqual([0xc3, 0xa9]);
  });
});
