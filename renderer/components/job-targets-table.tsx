// A run's targets as a virtualised table (the tree's useVirtualWindow): only the rows in view are in the
// DOM, the rest are fetched by page as the user scrolls. Columns sort on click; rows not fetched yet show
// as loading.
import { useEffect } from 'react';
import { TARGET_STATE_LABEL, type JobTarget, type JobTargetSortKey, type WakeMethod } from '../../shared/domain';
import type { TargetRows, TargetView } from '../model/job-target-rows';
import { useVirtualWindow } from './use-virtual-window';

export const TARGET_ROW_HEIGHT_PX = 28;
const TARGET_OVERSCAN_ROWS = 20;

const WAKE_LABEL: Readonly<Record<WakeMethod, string>> = {
  'already-on': 'Already on',
  amt: 'AMT',
  'wake-on-lan': 'Wake-on-LAN',
  none: 'None',
};

const COLUMNS: ReadonlyArray<{ key: JobTargetSortKey | null; label: string; className: string }> = [
  { key: 'hostName', label: 'Client', className: 'tcell-host' },
  { key: 'state', label: 'State', className: 'tcell-state' },
  { key: 'wakeMethod', label: 'Wake', className: 'tcell-wake' },
  { key: 'startedAt', label: 'Started', className: 'tcell-time' },
  { key: 'endedAt', label: 'Ended', className: 'tcell-time' },
  { key: null, label: 'Reason', className: 'tcell-reason' },
];

function timeOf(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

export interface JobTargetsTableProps {
  readonly rows: TargetRows;
  readonly view: TargetView;
  readonly onSort: (key: JobTargetSortKey) => void;
  /** The rows drawn changed: fetch what is missing. */
  readonly onWindow: (start: number, end: number) => void;
}

function TargetRow({ target, index }: { target: JobTarget | undefined; index: number }) {
  const style = { transform: `translateY(${index * TARGET_ROW_HEIGHT_PX}px)` };
  if (target === undefined) {
    return (
      <div className="target-row loading" role="row" style={style} aria-rowindex={index + 2}>
        <div className="tcell muted" role="cell">
          Loading…
        </div>
      </div>
    );
  }
  return (
    <div
      className={`target-row state-${target.state}`}
      role="row"
      style={style}
      aria-rowindex={index + 2}
      data-testid="target-row"
      data-host={target.hostName}
      data-state={target.state}
    >
      <div className="tcell tcell-host" role="cell">
        {target.hostName}
      </div>
      <div className="tcell tcell-state" role="cell">
        <span className={`state-dot state-${target.state}`} aria-hidden="true" />
        {TARGET_STATE_LABEL[target.state]}
        {target.attempt > 1 && <span className="muted small"> (attempt {target.attempt})</span>}
      </div>
      <div className="tcell tcell-wake" role="cell">
        {target.wakeMethod === null ? '' : WAKE_LABEL[target.wakeMethod]}
      </div>
      <div className="tcell tcell-time mono" role="cell">
        {timeOf(target.startedAt)}
      </div>
      <div className="tcell tcell-time mono" role="cell">
        {timeOf(target.endedAt)}
      </div>
      <div className="tcell tcell-reason" role="cell" title={target.reason ?? ''} data-testid="target-reason">
        {target.reason ?? ''}
      </div>
    </div>
  );
}

export function JobTargetsTable({ rows, view, onSort, onWindow }: JobTargetsTableProps) {
  const { scrollRef, win, onScroll } = useVirtualWindow(rows.total, TARGET_ROW_HEIGHT_PX, TARGET_OVERSCAN_ROWS);
  useEffect(() => onWindow(win.start, win.end), [win.start, win.end, onWindow]);

  const drawn: React.ReactNode[] = [];
  for (let i = win.start; i < win.end; i += 1) drawn.push(<TargetRow key={i} index={i} target={rows.byIndex.get(i)} />);

  return (
    <div
      className="targets-frame"
      role="table"
      aria-label="Targets"
      aria-rowcount={rows.total + 1}
      data-testid="job-targets"
    >
      <div className="target-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => {
          const sorted = c.key !== null && view.sort.key === c.key;
          return (
            <div
              key={c.label}
              role="columnheader"
              className={`tcell ${c.className}`}
              aria-sort={sorted ? (view.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              {c.key === null ? (
                c.label
              ) : (
                <button
                  type="button"
                  className="sort-button"
                  data-testid={`sort-${c.key}`}
                  onClick={() => onSort(c.key as JobTargetSortKey)}
                >
                  {c.label}
                  {sorted ? (view.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              )}
            </div>
          );
        })}
      </div>
      <div
        ref={scrollRef}
        className="targets-scroll"
        onScroll={onScroll}
        data-testid="targets-scroll"
        data-total={rows.total}
      >
        <div className="targets-canvas" style={{ height: win.totalHeightPx }}>
          {drawn}
        </div>
        {rows.total === 0 && <div className="tree-empty">No targets match.</div>}
      </div>
    </div>
  );
}
