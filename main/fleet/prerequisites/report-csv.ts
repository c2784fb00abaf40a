// The prerequisites report as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break),
// one line per client and relay as the table shows them; several findings of one row are joined by " | ".

import { FACILITY_LABEL, type PrerequisitesReport, type PrerequisiteVerdict } from '../../../shared/domain';

const HEADER = [
  'Kind',
  'Name',
  'Below',
  'AMT linkage',
  'Remote control',
  'Power-on by',
  'Failing or unknown rules',
  'Facility blocked',
  'What to do',
];
const VERDICT_WORDS: Readonly<Record<PrerequisiteVerdict, string>> = {
  possible: 'possible',
  'not-possible': 'not possible',
  unverified: 'unverified',
};
const FINDING_SEPARATOR = ' | ';

function field(text: string): string {
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function prerequisitesReportCsv(report: PrerequisitesReport): string {
  const lines = [HEADER.map(field).join(',')];
  for (const row of report.rows) {
    lines.push(
      [
        row.kind,
        row.name,
        row.under,
        VERDICT_WORDS[row.amtLinkage],
        VERDICT_WORDS[row.remoteControl],
        row.wakeMethod === null ? '' : row.wakeMethod === 'amt' ? 'AMT' : 'Wake-on-LAN',
        row.findings.map((f) => `${f.state === 'failed' ? 'failed' : 'unknown'}: ${f.words}`).join(FINDING_SEPARATOR),
        row.findings.map((f) => f.facilities.map((x) => FACILITY_LABEL[x]).join(' + ')).join(FINDING_SEPARATOR),
        row.findings.map((f) => f.remedy).join(FINDING_SEPARATOR),
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
