// The status bar along the bottom edge: connection, fleet counts by state, work in flight.
import { Icon } from './icons/icon';

export interface StatusBarProps {
  readonly connection: 'connecting' | 'connected' | 'failed';
  readonly serverName: string;
  readonly relayCount: number;
  readonly clientCount: number;
  readonly onCount: number;
  readonly noAmtCount: number;
  readonly problemCount: number;
  readonly pendingCount: number;
}

export function StatusBar(p: StatusBarProps) {
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-item conn-${p.connection}`} data-testid="status-connection">
        <span className="dot" aria-hidden="true" />
        {p.connection === 'connected'
          ? `Connected to ${p.serverName}`
          : p.connection === 'connecting'
            ? 'Connecting…'
            : 'Not connected'}
      </span>
      <span className="status-item">{p.relayCount.toLocaleString()} relays</span>
      <span className="status-item" data-testid="status-clients">
        {p.clientCount.toLocaleString()} clients
      </span>
      <span className="status-item">{p.onCount.toLocaleString()} on</span>
      <span className="status-item">{p.noAmtCount.toLocaleString()} without AMT</span>
      {p.problemCount > 0 && (
        <span className="status-item warn">
          <Icon name="warning" className="tone-warning" sizePx={12} /> {p.problemCount.toLocaleString()} with problems
        </span>
      )}
      <span className="toolbar-spacer" />
      {p.pendingCount > 0 && (
        <span className="status-item" data-testid="status-pending">
          <span className="spinner" aria-hidden="true" /> {p.pendingCount.toLocaleString()} actions in progress
        </span>
      )}
    </footer>
  );
}
