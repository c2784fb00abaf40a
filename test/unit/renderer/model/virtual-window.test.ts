import { describe, expect, it } from 'vitest';
import { rowsPerPage, scrollTopToReveal, virtualWindowOf } from '../../../../renderer/model/virtual-window';

describe('virtualWindowOf', () => {
  const base = { rowHeightPx: 26, viewportHeightPx: 520, rowCount: 10_021, overscanRows: 10 };

  it('draws the rows in view plus overscan below at the top', () => {
    expect(virtualWindowOf({ ...base, scrollTopPx: 0 })).toEqual({ start: 0, end: 30, totalHeightPx: 10_021 * 26 });
  });

  it('draws overscan on both sides in the middle, independent of the total', () => {
    const w = virtualWindowOf({ ...base, scrollTopPx: 26 * 5000 + 13 });
    expect(w.start).toBe(4990);
    expect(w.end).toBe(5031);
  });

  it('clamps at the end and for a scrollTop beyond the content', () => {
    const w = virtualWindowOf({ ...base, scrollTopPx: 99_999_999 });
    expect(w.end).toBe(10_021);
    expect(w.start).toBe(10_021 - 20 - 10);
  });

  it('handles empty lists, negative scroll and a zero-height viewport', () => {
    expect(virtualWindowOf({ ...base, rowCount: 0, scrollTopPx: 50 })).toEqual({ start: 0, end: 0, totalHeightPx: 0 });
    expect(virtualWindowOf({ ...base, scrollTopPx: -100 }).start).toBe(0);
    const w = virtualWindowOf({ ...base, viewportHeightPx: 0, scrollTopPx: 260 });
    expect(w.end - w.start).toBeLessThanOrEqual(21);
  });
});

describe('scrollTopToReveal', () => {
  it('leaves a visible row alone and scrolls the least to reveal one above or below', () => {
    expect(scrollTopToReveal(5, 0, 260, 26)).toBe(0);
    expect(scrollTopToReveal(2, 260, 260, 26)).toBe(52);
    expect(scrollTopToReveal(20, 0, 260, 26)).toBe(21 * 26 - 260);
  });

  it('pages by one row less than a screenful', () => {
    expect(rowsPerPage(260, 26)).toBe(9);
    expect(rowsPerPage(10, 26)).toBe(1);
  });
});
