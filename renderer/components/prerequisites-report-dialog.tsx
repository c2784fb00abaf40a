// The prerequisites report for a subtree (missions M2, M3): one row per relay and client with each failing or
// unknown rule in words, the facility it blocks and what to do; counts per rule above; CSV export. main builds
// it from the one rule table (fleet:prerequisites-report); this only shows it.
import { useEffect, useMemo, useState } from 'react';
import { FACILITY_LABEL, type PrerequisitesReport, type PrerequisiteVerdict, type RelayId } from '../../shared/domain';
import { Dialog } from './dialog';

export interface PrerequisitesReportDialogProps {
  readonly relayId: RelayId | null;
  readonly load: (relayId: RelayId | null) => Promise<{ report: PrerequisitesReport; csv: string } | string>;
  readonly onClose: () => void;
}

const VERDICT: Readonly<Record<PrerequisiteVerdict, string>> = {
  possible: 'Possible',
  'not-possible': 'Not possible',
  unverified: 'Unverified',
};
/** Rows drawn at once; the CSV always holds every row. */
const MAX_ROWS_SHOWN = 2000;

export function PrerequisitesReportDialog({ relayId, load, onClose }: PrerequisitesReportDialogProps) {
  const [loaded, setLoaded] = useState<{ report: PrerequisitesReport; csv: string } | string | null>(null);
  const [onlyFindings, setOnlyFindings] = useState(true);
  useEffect(() => {
    let live = true;
    void load(relayId).then((r) => live && setLoaded(r));
    return () => {
      live = false;
    };
  }, [relayId, load]);
  const csvHref = useMemo(
    () =>
      loaded !== null && typeof loaded !== 'string'
        ? URL.createObjectURL(new Blob([loaded.csv], { type: 'text/csv' }))
        : null,
    [loaded],
  );
  useEffect(() => () => (csvHref !== null ? URL.revokeObjectURL(csvHref) : undefined), [csvHref]);
  const report = loaded !== null && typeof loaded !== 'string' ? loaded.report : null;
  const rows = report ? report.rows.filter((r) => !onlyFindings || r.findings.length > 0) : [];
  return (
    <Dialog
      title={report ? `Prerequisites report: ${report.scope}` : 'Prerequisites report'}
      testId="report-dialog"
      widthPx={1180}
      onClose={onClose}
      footer={
        <>
          {csvHref !== null && report ? (
            <a
              className="button"
              href={csvHref}
              download={`prerequisites-${report.scope.replace(/[^A-Za-z0-9-]+/g, '_')}.csv`}
              data-testid="report-csv"
            >
              Export CSV
            </a>
          ) : null}
          <button type="button" className="button primary" onClick={onClose} data-autofocus>
            Close
          </button>
        </>
      }
    >
      {loaded === null ? <p className="muted">Building the report…</p> : null}
      {typeof loaded === 'string' ? (
        <p className="status problem" role="alert">
          {loaded}
        </p>
      ) : null}
      {report ? (
        <div className="report" data-testid="report">
          <p data-testid="report-totals">
            {report.totals.clients} clients and {report.totals.relays} relays; {report.totals.withFindings} with a
            failing or unknown prerequisite.
          </p>
          <table className="grid" aria-label="Counts per rule" data-testid="report-counts">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Failed</th>
                <th>Unknown</th>
              </tr>
            </thead>
            <tbody>
              {report.counts.map((c) => (
                <tr
                  key={c.ruleId}
                  data-testid="report-count"
                  data-rule={c.ruleId}
                  data-failed={c.failed}
                  data-unknown={c.unknown}
                >
                  <td>{c.required}</td>
                  <td>{c.failed}</td>
                  <td>{c.unknown}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="small">
            <input
              type="checkbox"
              checked={onlyFindings}
              onChange={(e) => setOnlyFindings(e.target.checked)}
              data-testid="report-only-findings"
            />{' '}
            Only rows with a finding
          </label>
          <div className="report-rows">
            <table className="grid" aria-label="Clients and relays" data-testid="report-rows">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Below</th>
                  <th>AMT linkage</th>
                  <th>Remote control</th>
                  <th>Power-on by</th>
                  <th>Failing rule</th>
                  <th>Blocks</th>
                  <th>What to do</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS_SHOWN).flatMap((row) => {
                  // One line per finding, so each rule stands beside the facility it blocks and its remedy.
                  const lines = row.findings.length > 0 ? row.findings : [null];
                  const span = lines.length;
                  return lines.map((f, i) => (
                    <tr
                      key={`${row.kind}:${row.id}:${f?.ruleId ?? 'ok'}`}
                      data-testid={i === 0 ? 'report-row' : 'report-row-more'}
                      data-kind={row.kind}
                      data-name={row.name}
                      data-findings={row.findings.length}
                    >
                      {i === 0 ? (
                        <>
                          <td rowSpan={span}>
                            {row.name}
                            {row.kind === 'relay' ? <span className="muted small"> (relay)</span> : null}
                          </td>
                          <td rowSpan={span}>{row.under}</td>
                          <td rowSpan={span}>{VERDICT[row.amtLinkage]}</td>
                          <td rowSpan={span}>{VERDICT[row.remoteControl]}</td>
                          <td rowSpan={span}>
                            {row.wakeMethod === null ? '' : row.wakeMethod === 'amt' ? 'AMT' : 'Wake-on-LAN'}
                          </td>
                        </>
                      ) : null}
                      <td data-testid={f ? 'report-finding' : undefined} data-rule={f?.ruleId} data-state={f?.state}>
                        {f ? (
                          `${f.state === 'unknown' ? '? ' : '✗ '}${f.words}`
                        ) : (
                          <span className="muted">All prerequisites met</span>
                        )}
                      </td>
                      <td>{f ? f.facilities.map((x) => FACILITY_LABEL[x]).join(', ') : ''}</td>
                      <td>{f?.remedy ?? ''}</td>
                    </tr>
                  ));
                })}
              </tbody>
            </table>
            {rows.length > MAX_ROWS_SHOWN ? (
              <p className="muted small">
                Showing {MAX_ROWS_SHOWN} of {rows.length} rows; the CSV has them all.
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
