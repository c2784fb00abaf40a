// The per-target table's rows for a run with thousands of targets: main filters, sorts and pages
// (jobs:targets); the renderer keeps the pages it fetched by row index, asks for the page the virtual
// window needs, and patches rows from jobs:progress in place until the next fetch. Pure, unit tested.
import type { ClientId, JobRunId, JobTarget, JobTargetQuery, JobTargetSortKey, TargetState } from '../../shared/domain';

export const TARGET_PAGE_ROWS = 200;

export interface TargetView {
  readonly state?: TargetState;
  readonly text?: string;
  readonly sort: { readonly key: JobTargetSortKey; readonly dir: 'asc' | 'desc' };
}

export const DEFAULT_TARGET_VIEW: TargetView = { sort: { key: 'hostName', dir: 'asc' } };

export interface TargetRows {
  readonly runId: JobRunId | null;
  /** Rows matching the view in main (not only the ones loaded). */
  readonly total: number;
  readonly byIndex: ReadonlyMap<number, JobTarget>;
}

export const EMPTY_TARGET_ROWS: TargetRows = { runId: null, total: 0, byIndex: new Map() };

/** The pages (by offset) a window [start, end) needs; a window spans at most two pages normally. */
export function pagesFor(start: number, end: number, pageRows: number = TARGET_PAGE_ROWS): number[] {
  const pages: number[] = [];
  if (end <= start) return [0];
  for (let offset = Math.floor(start / pageRows) * pageRows; offset < end; offset += pageRows) pages.push(offset);
  return pages;
}

export function queryOf(view: TargetView, offset: number, limit: number = TARGET_PAGE_ROWS): JobTargetQuery {
  const text = view.text?.trim();
  return {
    offset,
    limit,
    sort: view.sort,
    ...(view.state !== undefined ? { state: view.state } : {}),
    ...(text !== undefined && text !== '' ? { text } : {}),
  };
}

/** A fetched page replaces what was at its indexes; a changed total drops rows past the new end. */
export function withPage(
  rows: TargetRows,
  runId: JobRunId,
  offset: number,
  page: { total: number; rows: readonly JobTarget[] },
): TargetRows {
  const byIndex = new Map(rows.runId === runId ? rows.byIndex : []);
  if (page.total < rows.total) for (const index of [...byIndex.keys()]) if (index >= page.total) byIndex.delete(index);
  page.rows.forEach((row, i) => byIndex.set(offset + i, row));
  return { runId, total: page.total, byIndex };
}

/**
 * Live targets replace the loaded rows of the same client at once; their order (sort, state filter) is
 * main's to redo on the next fetch, so a row may briefly show a state its filter would hide.
 */
export function withLiveTargets(rows: TargetRows, targets: readonly JobTarget[]): TargetRows {
  if (rows.runId === null) return rows;
  const live = new Map<ClientId, JobTarget>();
  for (const target of targets) if (target.runId === rows.runId) live.set(target.clientId, target);
  if (live.size === 0) return rows;
  let byIndex: Map<number, JobTarget> | null = null;
  for (const [index, row] of rows.byIndex) {
    const next = live.get(row.clientId);
    if (next === undefined) continue;
    byIndex ??= new Map(rows.byIndex);
    byIndex.set(index, next);
  }
  return byIndex === null ? rows : { ...rows, byIndex };
}

/** Whether this batch of targets touches the shown run (then the visible page is fetched again). */
export function touchesRun(rows: TargetRows, targets: readonly JobTarget[]): boolean {
  return rows.runId !== null && targets.some((t) => t.runId === rows.runId);
}

export function toggledSort(view: TargetView, key: JobTargetSortKey): TargetView {
  const dir = view.sort.key === key && view.sort.dir === 'asc' ? 'desc' : 'asc';
  return { ...view, sort: { key, dir } };
}
