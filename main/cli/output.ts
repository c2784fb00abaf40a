// amtctl output: one JSON object per host per line (--json), or a human table with aligned columns
// and key/value blocks for multi-line results (issue spec "amtctl", output).

/** A JSON line; `undefined` fields are dropped by JSON.stringify, so absent facts are simply absent. */
export function jsonLine(value: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(value);
}

const COLUMN_GAP = '  ';

/**
 * Aligns rows under headers. A row may have fewer cells than the headers (a failed host has its host
 * and one sentence): a row's last cell is never padded and never widens its column, so a long error
 * sentence does not push every other row to the right.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) =>
    Math.max(0, ...all.filter((row) => column < row.length - 1).map((row) => displayWidth(row[column] as string))),
  );
  const lines = all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : padEnd(cell, widths[column] ?? 0)))
      .join(COLUMN_GAP)
      .trimEnd(),
  );
  return lines.join('\n');
}

/** A block of label/value lines under a title, labels aligned: used for inventory. */
export function formatSection(title: string, entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...entries.map(([label]) => displayWidth(label)));
  return [title, ...entries.map(([label, value]) => `  ${padEnd(label, width)}${COLUMN_GAP}${value}`.trimEnd())].join(
    '\n',
  );
}

/** One closing line for people: how many hosts succeeded and failed. */
export function formatSummary(succeeded: number, failed: number): string {
  const total = succeeded + failed;
  const hosts = total === 1 ? 'host' : 'hosts';
  if (failed === 0) return `${total} ${hosts}: all succeeded`;
  return `${total} ${hosts}: ${succeeded} succeeded, ${failed} failed`;
}

/** Bytes as people read memory sizes: 8 GiB, 512 MiB. */
export function formatBytes(sizeBytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = sizeBytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

/** Seconds with one decimal, for "reached On (S0) after 3.2 s". */
export function formatSeconds(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}

function displayWidth(text: string): number {
  return [...text].length;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
