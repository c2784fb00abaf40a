// The fixed-row-height virtual list as a hook (the client tree and the job targets table share it): the
// scroll box's ref, its height kept by a ResizeObserver, and which rows to draw (model/virtual-window.ts).
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { virtualWindowOf, type VirtualWindow } from '../model/virtual-window';

export interface VirtualWindowState {
  readonly scrollRef: React.RefObject<HTMLDivElement | null>;
  readonly win: VirtualWindow;
  readonly viewportHeightPx: number;
  readonly onScroll: (event: React.UIEvent<HTMLDivElement>) => void;
  /** For code that moved scrollTop itself (keyboard focus kept in view). */
  readonly setScrollTopPx: (px: number) => void;
}

/** Before the first layout the box's height is unknown; this many pixels of rows are drawn meanwhile. */
const INITIAL_VIEWPORT_PX = 600;

export function useVirtualWindow(rowCount: number, rowHeightPx: number, overscanRows: number): VirtualWindowState {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTopPx, setScrollTopPx] = useState(0);
  const [viewportHeightPx, setViewportHeightPx] = useState(INITIAL_VIEWPORT_PX);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setViewportHeightPx(el.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeightPx(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback((e: React.UIEvent<HTMLDivElement>) => setScrollTopPx(e.currentTarget.scrollTop), []);
  const win = virtualWindowOf({ scrollTopPx, viewportHeightPx, rowHeightPx, rowCount, overscanRows });
  return { scrollRef, win, viewportHeightPx, onScroll, setScrollTopPx };
}
