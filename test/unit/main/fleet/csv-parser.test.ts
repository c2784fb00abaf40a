// The RFC 4180 reader (main/fleet/csv-parser.ts): quotes, escaped quotes, CRLF/LF, BOM, line numbers, bounds.

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../main/fleet/csv-parser';
import { expectAmtErrorSync } from '../../../support/expect-amt-error';

describe('parseCsv', () => {
  it('reads plain fields with LF and CRLF endings and numbers lines from 1', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks; the next record keeps its true line', () => {
    const text = 'name,note\n"pc, one","say ""hi"""\n"pc-2","two\r\nlines"\npc-3,x\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['pc, one', 'say "hi"'] },
      { line: 3, fields: ['pc-2', 'two\r\nlines'] },
      { line: 5, fields: ['pc-3', 'x'] },
    ]);
  });

  it('drops a byte-order mark and skips blank lines without shifting line numbers', () => {
    expect(parseCsv('\uFEFFhost\n\npc-1\n\r\npc-2\n')).toEqual([
      { line: 1, fields: ['host'] },
      { line: 3, fields: ['pc-1'] },
      { line: 5, fields: ['pc-2'] },
    ]);
  });

  it('keeps empty fields, including a quoted empty line', () => {
    expect(parseCsv('a,,c\n,\n""\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', ''] },
      { line: 3, fields: [''] },
    ]);
  });

  it('refuses an unclosed quote, naming the line where it opened', () => {
    const error = expectAmtErrorSync(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n'));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/^Line 3: a quoted field is never closed/);
  });

  it('refuses stray quotes and text after a closing quote', () => {
    expect(expectAmtErrorSync(() => parseCsv('a\nab"c\n')).message).toMatch(
      /^Line 2: a quote inside an unquoted field/,
    );
    expect(expectAmtErrorSync(() => parseCsv('a\n"ab"c\n')).message).toMatch(/^Line 2: text after a closing quote/);
  });

  it('enforces size, row and column bounds', () => {
    expect(expectAmtErrorSync(() => parseCsv('x'.repeat(101), { maxBytes: 100 })).message).toMatch(
      /larger than 100 bytes/,
    );
    expect(expectAmtErrorSync(() => parseCsv('a\nb\nc\n', { maxRecords: 2 })).message).toMatch(/more than 2 rows/);
    expect(expectAmtErrorSync(() => parseCsv('a,b,c,d\n', { maxFields: 3 })).message).toMatch(
      /^Line 1: more than 3 columns/,
    );
  });
});
