// A job's targets from a CSV list (the CLI's --targets-csv, a file picked in the form): one host name per
// record, or a "Host name" column among others (the CSV import's header words). Mistakes name the line.

import { isAmtError } from '../../shared/domain';
import { columnOf, parseCsv } from '../fleet/index';
import { JobSpecError } from './job-errors';

export const TARGETS_CSV_FIELD = 'targets.csv';

/** Host names, in file order, without duplicates; throws JobSpecError('targets.csv', …) naming the line. */
export function hostNamesFromCsv(text: string): string[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (isAmtError(error)) throw new JobSpecError(TARGETS_CSV_FIELD, error.message);
    throw error;
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim().length > 0));
  if (nonEmpty.length === 0) throw new JobSpecError(TARGETS_CSV_FIELD, 'The CSV list of targets is empty.');
  const header = nonEmpty[0]?.fields ?? [];
  const hostColumn = header.findIndex((cell) => columnOf(cell) === 'hostName');
  const rows = hostColumn >= 0 ? nonEmpty.slice(1) : nonEmpty;
  if (hostColumn < 0 && header.length > 1) {
    throw new JobSpecError(
      TARGETS_CSV_FIELD,
      `line ${nonEmpty[0]?.line ?? 1}: with more than one column, the first line must name a "Host name" column.`,
    );
  }
  const column = Math.max(0, hostColumn);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const record of rows) {
    const name = (record.fields[column] ?? '').trim();
    if (name.length === 0) throw new JobSpecError(TARGETS_CSV_FIELD, `line ${record.line}: the host name is empty.`);
    if (/[\s,;]/.test(name))
      throw new JobSpecError(TARGETS_CSV_FIELD, `line ${record.line}: "${name}" is not one host name.`);
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  if (out.length === 0) throw new JobSpecError(TARGETS_CSV_FIELD, 'The CSV list names a column but no host names.');
  return out;
}
