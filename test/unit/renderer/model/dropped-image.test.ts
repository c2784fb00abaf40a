// An image file dropped on the IDE-R panel (issue 9): the medium its name says, its path into the form, and words
// for what cannot be used (several files, none, a browser that does not reveal the path).
import { describe, expect, it } from 'vitest';
import {
  DROP_NO_PATH_WORDS,
  DROP_ONE_FILE_WORDS,
  dropOutcome,
  mediaOfImageName,
} from '../../../../renderer/model/dropped-image';

describe('dropped image', () => {
  it('takes the medium from the name (ISO → CD; IMG/IMA/FLP/VFD → floppy), else keeps the panel choice', () => {
    expect(mediaOfImageName('tools.ISO', 'floppy')).toBe('cd');
    for (const name of ['diag.img', 'DOS.IMA', 'boot.flp', 'x.vfd'])
      expect(mediaOfImageName(name, 'cd')).toBe('floppy');
    expect(mediaOfImageName('image.bin', 'cd')).toBe('cd');
    expect(mediaOfImageName('image.bin', 'floppy')).toBe('floppy');
    expect(mediaOfImageName('iso', 'floppy')).toBe('floppy');
  });

  it('puts the path and medium of one file into the form', () => {
    expect(dropOutcome([{ name: 'rescue.iso', path: '/srv/images/rescue.iso' }], 'floppy')).toEqual({
      ok: true,
      media: 'cd',
      path: '/srv/images/rescue.iso',
    });
  });

  it('says what is wrong: several files or none, and a browser that does not tell the path (medium still set)', () => {
    const two = [
      { name: 'a.img', path: '/a.img' },
      { name: 'b.img', path: '/b.img' },
    ];
    expect(dropOutcome(two, 'cd')).toEqual({ ok: false, words: DROP_ONE_FILE_WORDS, media: 'cd' });
    expect(dropOutcome([], 'floppy')).toEqual({ ok: false, words: DROP_ONE_FILE_WORDS, media: 'floppy' });
    expect(dropOutcome([{ name: 'tools.iso', path: null }], 'floppy')).toEqual({
      ok: false,
      words: DROP_NO_PATH_WORDS,
      media: 'cd',
    });
    expect(dropOutcome([{ name: 'tools.iso', path: '  ' }], 'floppy').ok).toBe(false);
  });
});
