// One row of the client tree: indent, expander, icon and name, then the IP, power, AMT and status
// columns. Carries the test ids and ARIA the e2e tests assert on (data-client-id, data-power, …).
import { memo } from 'react';
import type { ClientActionResult } from '../stores/action-results-store';
import { AMT_NOT_AVAILABLE, AMT_NOT_AVAILABLE_WHY, powerGroupOf, powerLabelOf } from '../model/power-display';
import type { TreeRow as TreeRowModel } from '../model/tree-rows';
import { Icon } from './icons/icon';
import { PowerStateIcon } from './icons/power-state-icon';

export const TREE_ROW_HEIGHT_PX = 26;
const INDENT_PX = 18;

export interface TreeRowProps {
  readonly row: TreeRowModel;
  readonly index: number;
  readonly selected: boolean;
  readonly focused: boolean;
  readonly result: ClientActionResult | undefined;
  readonly domId: string;
  readonly onMouseDown: (index: number, event: React.MouseEvent) => void;
  readonly onToggle: (index: number) => void;
  readonly onContextMenu: (index: number, event: React.MouseEvent) => void;
}

export function treeRowDomId(key: string): string {
  return `tree-row-${key.replace(':', '-')}`;
}

const ACTION_WORDS: Readonly<Record<string, string>> = {
  on: 'Power on',
  off: 'Power off',
  'soft-off': 'Shut down',
  reset: 'Reset',
  'graceful-reset': 'Restart',
  cycle: 'Power cycle',
  sleep: 'Sleep',
  hibernate: 'Hibernate',
  refresh: 'Refresh',
  remove: 'Remove',
  'boot-bios': 'Boot to BIOS',
  'boot-ider': 'Boot from image',
};

function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? action;
}

function TreeRowView({
  row,
  index,
  selected,
  focused,
  result,
  domId,
  onMouseDown,
  onToggle,
  onContextMenu,
}: TreeRowProps) {
  const style = { transform: `translateY(${index * TREE_ROW_HEIGHT_PX}px)`, height: TREE_ROW_HEIGHT_PX };
  const indent = { paddingLeft: 6 + row.depth * INDENT_PX };
  const className = `tree-row${selected ? ' selected' : ''}${focused ? ' focused' : ''}`;
  const common = {
    id: domId,
    role: 'treeitem',
    'aria-level': row.depth + 1,
    'aria-selected': selected,
    className,
    style,
    onMouseDown: (e: React.MouseEvent) => onMouseDown(index, e),
    onContextMenu: (e: React.MouseEvent) => onContextMenu(index, e),
    'data-row-key': row.key,
  } as const;

  if (row.kind !== 'client') {
    const isServer = row.kind === 'server';
    const name = isServer ? row.label : row.relay.name;
    const icon = isServer ? 'server' : row.relay.kind === 'relay-manager' ? 'relay-manager' : 'relay-system';
    const kindWords = isServer
      ? 'Managing server'
      : row.relay.kind === 'relay-manager'
        ? 'Relay manager'
        : 'Relay system';
    return (
      <div
        {...common}
        aria-expanded={row.hasChildren ? row.expanded : undefined}
        data-testid={isServer ? 'tree-server' : 'tree-relay'}
        data-relay-id={isServer ? undefined : row.relay.id}
        title={isServer ? name : `${kindWords} ${name} (${row.relay.host})`}
      >
        <div className="cell cell-name" style={indent}>
          <Expander row={row} index={index} onToggle={onToggle} />
          <Icon name={icon} className={isServer ? 'tone-server' : 'tone-relay'} />
          <span className="name strong">{name}</span>
          <span className="count" aria-label={`${row.clientCount} clients`}>
            {row.clientCount.toLocaleString()}
          </span>
        </div>
        <div className="cell cell-ip muted" title={isServer ? undefined : row.relay.host}>
          {isServer ? '' : row.relay.host}
        </div>
        <div className="cell cell-span muted">{kindWords}</div>
      </div>
    );
  }

  const c = row.client;
  const noAmt = c.amtVersion === null || c.amtVersion.trim() === '';
  const group = powerGroupOf(c.power);
  return (
    <div
      {...common}
      data-testid="tree-client"
      data-client-id={c.id}
      data-host-name={c.hostName}
      data-power={c.power}
      data-power-group={group}
      data-amt={noAmt ? AMT_NOT_AVAILABLE : c.amtVersion}
      data-problem={c.problem?.code}
      data-action-state={result?.state}
    >
      <div className="cell cell-name" style={indent}>
        <span className="expander-space" />
        <Icon name={noAmt ? 'client-no-amt' : 'client'} className={noAmt ? 'tone-muted' : 'tone-client'} />
        <span className="name">{c.hostName}</span>
      </div>
      <div className="cell cell-ip mono">{c.ip}</div>
      <div className="cell cell-power" data-testid="client-power">
        <PowerStateIcon state={c.power} />
        <span>{powerLabelOf(c.power)}</span>
      </div>
      <div className="cell cell-amt" data-testid="client-amt">
        {noAmt ? (
          <span
            className="na"
            title={AMT_NOT_AVAILABLE_WHY}
            aria-label={`${AMT_NOT_AVAILABLE}: ${AMT_NOT_AVAILABLE_WHY}`}
          >
            {AMT_NOT_AVAILABLE}
          </span>
        ) : (
          <span className="mono" title={`AMT firmware version ${c.amtVersion}`}>
            {c.amtVersion}
          </span>
        )}
      </div>
      <div className="cell cell-status" data-testid="client-status">
        <StatusWords row={row} result={result} />
      </div>
    </div>
  );
}

function Expander({ row, index, onToggle }: { row: TreeRowModel; index: number; onToggle: (index: number) => void }) {
  if (row.kind === 'client' || !row.hasChildren) return <span className="expander-space" />;
  return (
    <span
      className="expander"
      aria-hidden="true"
      onMouseDown={(e) => {
        e.stopPropagation();
        e.preventDefault();
        onToggle(index);
      }}
    >
      <Icon name={row.expanded ? 'chevron-down' : 'chevron-right'} sizePx={12} />
    </span>
  );
}

/** The status column: an action in flight or failed comes first, then a standing problem. */
function StatusWords({
  row,
  result,
}: {
  row: Extract<TreeRowModel, { kind: 'client' }>;
  result: ClientActionResult | undefined;
}) {
  const problem = row.client.problem;
  if (result?.state === 'pending') {
    return (
      <span className="status pending">
        <span className="spinner" aria-hidden="true" />
        <span className="status-text">{actionWords(result.action)}…</span>
      </span>
    );
  }
  if (result?.state === 'failed') {
    return (
      <span className="status failed" title={result.words ?? undefined}>
        <Icon name="error" className="tone-error" sizePx={14} />
        <span className="status-text">
          {actionWords(result.action)} failed: {result.words}
        </span>
      </span>
    );
  }
  if (problem !== null) {
    return (
      <span className="status problem" title={problem.words}>
        <Icon name="warning" className="tone-warning" sizePx={14} label="Problem" />
        <span className="status-text">{problem.words}</span>
      </span>
    );
  }
  if (row.client.amtVersion === null || row.client.amtVersion.trim() === '') {
    return <span className="status muted">AMT linkage cannot be used</span>;
  }
  if (result?.state === 'ok') {
    return (
      <span className="status ok">
        <Icon name="check" className="tone-ok" sizePx={14} />
        <span className="status-text">{actionWords(result.action)} done</span>
      </span>
    );
  }
  return null;
}

export const TreeRow = memo(TreeRowView);
