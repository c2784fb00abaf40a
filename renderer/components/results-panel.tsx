// The bottom panel: "Action results" (one line per client of recent actions, newest batch first) and
// "Activity log" (the audit log from main). Failures read as words, next to the client they concern.
import type { AuditEntry } from '../../shared/domain';
import type { ActionBatch, ClientActionResult } from '../stores/action-results-store';
import { Icon } from './icons/icon';
import { AuditOutcome } from './audit-outcome';

export type PanelTab = 'results' | 'activity';

export interface ResultsPanelProps {
  readonly tab: PanelTab;
  readonly batches: readonly ActionBatch[];
  readonly byClient: ReadonlyMap<number, ClientActionResult>;
  readonly activity: readonly AuditEntry[];
  readonly activityError: string | null;
  readonly actionLabel: (action: string) => string;
  readonly onTab: (tab: PanelTab) => void;
  readonly onShowClient: (id: number) => void;
  readonly onClear: () => void;
}

/** Lines shown per panel; older ones stay in the stores but are not drawn. */
const MAX_LINES = 500;

export function ResultsPanel({
  tab,
  batches,
  byClient,
  activity,
  activityError,
  actionLabel,
  onTab,
  onShowClient,
  onClear,
}: ResultsPanelProps) {
  const lines: Array<{ batch: ActionBatch; result: ClientActionResult }> = [];
  for (const batch of batches) {
    for (const id of batch.clientIds) {
      const result = byClient.get(id);
      if (result !== undefined && result.batchId === batch.id) lines.push({ batch, result });
      if (lines.length >= MAX_LINES) break;
    }
  }
  const failed = lines.filter((l) => l.result.state === 'failed').length;
  return (
    <section className="bottom-panel" aria-label="Results and activity">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'results'}
          className="tab"
          data-testid="tab-results"
          onClick={() => onTab('results')}
        >
          <Icon name="list" /> Action results
          {failed > 0 && <span className="badge error">{failed}</span>}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'activity'}
          className="tab"
          data-testid="tab-activity"
          onClick={() => onTab('activity')}
        >
          <Icon name="clock" /> Activity log
        </button>
        <div className="toolbar-spacer" />
        {tab === 'results' && lines.length > 0 && (
          <button type="button" className="button subtle small" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      <div className="panel-body" role="tabpanel">
        {tab === 'results' ? (
          lines.length === 0 ? (
            <p className="muted small pad">Results of power actions and refreshes appear here, one line per client.</p>
          ) : (
            <table className="grid compact" data-testid="results-list">
              <thead>
                <tr>
                  <th style={{ width: 140 }}>Time</th>
                  <th style={{ width: 200 }}>Client</th>
                  <th style={{ width: 150 }}>Action</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                {lines.map(({ batch, result }) => (
                  <tr
                    key={`${batch.id}-${result.clientId}`}
                    data-testid="result-line"
                    data-client-id={result.clientId}
                    data-state={result.state}
                  >
                    <td className="muted nowrap">{new Date(result.at).toLocaleTimeString()}</td>
                    <td>
                      <button type="button" className="link" onClick={() => onShowClient(result.clientId)}>
                        {result.hostName}
                      </button>
                    </td>
                    <td>{actionLabel(result.action)}</td>
                    <td>
                      {result.state === 'pending' && (
                        <span className="status pending">
                          <span className="spinner" aria-hidden="true" /> Working…
                        </span>
                      )}
                      {result.state === 'ok' && (
                        <span className="status ok">
                          <Icon name="check" className="tone-ok" sizePx={14} /> Done
                        </span>
                      )}
                      {result.state === 'failed' && (
                        <span className="status failed">
                          <Icon name="error" className="tone-error" sizePx={14} /> {result.words}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : activityError !== null ? (
          <div className="inline-error pad" role="alert">
            <Icon name="error" className="tone-error" /> Could not load the activity log. {activityError}
          </div>
        ) : activity.length === 0 ? (
          <p className="muted small pad">No out-of-band actions recorded yet.</p>
        ) : (
          <table className="grid compact" data-testid="activity-list">
            <thead>
              <tr>
                <th style={{ width: 190 }}>When</th>
                <th style={{ width: 200 }}>Target</th>
                <th style={{ width: 150 }}>Action</th>
                <th style={{ width: 110 }}>By</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {activity.slice(0, MAX_LINES).map((a) => (
                <tr key={a.id}>
                  <td className="muted nowrap">{new Date(a.at).toLocaleString()}</td>
                  <td>{a.target}</td>
                  <td>{a.action}</td>
                  <td>{a.actor}</td>
                  <td>
                    <AuditOutcome entry={a} iconSizePx={14} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
