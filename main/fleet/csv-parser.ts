// A small RFC 4180 CSV reader: quoted fields, "" as an escaped quote, CRLF or LF, a leading byte-order mark.
// Each record carries the 1-based line it starts on, so errors can name the line a person sees in an editor.

import { AmtError } from '../../shared/domain';

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvLimits {
  readonly maxBytes?: number;
  readonly maxRecords?: number;
  readonly maxFields?: number;
}

export const DEFAULT_CSV_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRecords: 20_000, maxFields: 64 } as const;

const QUOTE = '"';
const COMMA = ',';
const CR = '\r';
const LF = '\n';

/** Parses the whole text; throws AmtError 'bad-input' (naming the line) for an unclosed quote or a bound exceeded. */
export function parseCsv(text: string, limits: CsvLimits = {}): CsvRecord[] {
  const maxBytes = limits.maxBytes ?? DEFAULT_CSV_LIMITS.maxBytes;
  const maxRecords = limits.maxRecords ?? DEFAULT_CSV_LIMITS.maxRecords;
  const maxFields = limits.maxFields ?? DEFAULT_CSV_LIMITS.maxFields;
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    throw new AmtError('bad-input', `The CSV file is larger than ${maxBytes} bytes.`);
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;

  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteStartLine = 0;
  let fieldQuoted = false;

  const endField = (): void => {
    if (fields.length >= maxFields)
      throw new AmtError('bad-input', `Line ${recordLine}: more than ${maxFields} columns.`);
    fields.push(field);
    field = '';
    fieldQuoted = false;
  };
  const endRecord = (): void => {
    // A line with nothing on it is not a record (trailing newline, blank separator lines).
    const blank = fields.length === 0 && field === '' && !fieldQuoted;
    endField();
    if (!blank) {
      if (records.length >= maxRecords)
        throw new AmtError('bad-input', `The CSV file has more than ${maxRecords} rows.`);
      records.push({ line: recordLine, fields });
    }
    fields = [];
  };

  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (inQuotes) {
      if (ch === QUOTE) {
        if (input[i + 1] === QUOTE) {
          field += QUOTE;
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === LF) line++;
        field += ch;
      }
      continue;
    }
    if (ch === QUOTE) {
      if (field.length > 0 || fieldQuoted)
        throw new AmtError(
          'bad-input',
          `Line ${line}: a quote inside an unquoted field (write it as "" inside a quoted field).`,
        );
      inQuotes = true;
      fieldQuoted = true;
      quoteStartLine = line;
    } else if (ch === COMMA) {
      endField();
    } else if (ch === CR || ch === LF) {
      if (ch === CR && input[i + 1] === LF) i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (fieldQuoted) throw new AmtError('bad-input', `Line ${line}: text after a closing quote.`);
      field += ch;
    }
  }
  if (inQuotes) throw new AmtError('bad-input', `Line ${quoteStartLine}: a quoted field is never closed.`);
  if (field.length > 0 || fields.length > 0 || fieldQuoted) endRecord();
  return records;
}
