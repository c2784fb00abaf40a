// Window math for the fixed-row-height virtual list: which rows to draw for a scroll position, and where
// to scroll so a row is fully visible. Pure, so it is unit tested without a DOM.

export interface VirtualWindowInput {
  readonly scrollTopPx: number;
  readonly viewportHeightPx: number;
  readonly rowHeightPx: number;
  readonly rowCount: number;
  /** Extra rows drawn above and below the viewport so fast scrolling never shows a gap. */
  readonly overscanRows: number;
}

export interface VirtualWindow {
  /** First row drawn (inclusive). */
  readonly start: number;
  /** One past the last row drawn. */
  readonly end: number;
  readonly totalHeightPx: number;
}

export function virtualWindowOf(input: VirtualWindowInput): VirtualWindow {
  const rowHeightPx = Math.max(1, input.rowHeightPx);
  const rowCount = Math.max(0, Math.floor(input.rowCount));
  const totalHeightPx = rowCount * rowHeightPx;
  const scrollTopPx = Math.min(Math.max(0, input.scrollTopPx), Math.max(0, totalHeightPx - input.viewportHeightPx));
  const first = Math.floor(scrollTopPx / rowHeightPx);
  const last = Math.ceil((scrollTopPx + Math.max(0, input.viewportHeightPx)) / rowHeightPx);
  const overscan = Math.max(0, Math.floor(input.overscanRows));
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rowCount, last + overscan),
    totalHeightPx,
  };
}

/** The scrollTop that brings row `index` fully into view with the least movement (unchanged if visible). */
export function scrollTopToReveal(
  index: number,
  scrollTopPx: number,
  viewportHeightPx: number,
  rowHeightPx: number,
): number {
  const rowTop = index * rowHeightPx;
  const rowBottom = rowTop + rowHeightPx;
  if (rowTop < scrollTopPx) return rowTop;
  if (rowBottom > scrollTopPx + viewportHeightPx) return Math.max(0, rowBottom - viewportHeightPx);
  return scrollTopPx;
}

/** Rows per page for PageUp/PageDown. */
export function rowsPerPage(viewportHeightPx: number, rowHeightPx: number): number {
  return Math.max(1, Math.floor(viewportHeightPx / Math.max(1, rowHeightPx)) - 1);
}
