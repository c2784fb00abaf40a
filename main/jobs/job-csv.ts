// A run's targets as CSV (the jobs view's "Export", `amtctl job show --csv`): RFC 4180 quoting, and a cell
// that a spreadsheet would run as a formula (= + - @) is prefixed with ' so opening the file runs nothing.

import { TARGET_STATE_LABEL, type JobTarget } from '../../shared/domain';

const HEADER = [
  'Host name',
  'State',
  'Attempt',
  'Wake method',
  'Woken by job',
  'Started',
  'Ended',
  'Reason',
  'AMT error',
];

function cell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function targetsCsv(targets: readonly JobTarget[]): string {
  const lines = [HEADER.map(cell).join(',')];
  for (const t of targets) {
    lines.push(
      [
        t.hostName,
        TARGET_STATE_LABEL[t.state],
        t.attempt,
        t.wakeMethod,
        t.wokenByJob ? 'yes' : 'no',
        t.startedAt,
        t.endedAt,
        t.reason,
        t.amtError,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
