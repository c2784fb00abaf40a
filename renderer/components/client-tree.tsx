// The client tree as a virtualized list: only the rows in view (plus overscan) are in the DOM, so 10,000
// clients cost the same to draw as 30. Keyboard model of a WAI-ARIA multi-select tree, with
// aria-activedescendant so focus stays on the tree while the active row changes.
import { useCallback, useLayoutEffect } from 'react';
import type { ClientId } from '../../shared/domain';
import type { ClientActionResult } from '../stores/action-results-store';
import type { Modifiers } from '../model/selection-model';
import type { TreeRow as TreeRowModel } from '../model/tree-rows';
import { rowsPerPage, scrollTopToReveal } from '../model/virtual-window';
import { TREE_ROW_HEIGHT_PX, TreeRow, treeRowDomId } from './tree-row';
import { useVirtualWindow } from './use-virtual-window';

export const TREE_OVERSCAN_ROWS = 12;

export interface ClientTreeProps {
  readonly rows: readonly TreeRowModel[];
  readonly selected: ReadonlySet<string>;
  readonly focusKey: string | null;
  readonly resultsByClient: ReadonlyMap<ClientId, ClientActionResult>;
  readonly emptyMessage: string | null;
  readonly onSelectRow: (index: number, mods: Modifiers) => void;
  readonly onMoveFocus: (index: number, mods: Modifiers) => void;
  readonly onSetExpanded: (index: number, expanded: boolean) => void;
  readonly onSelectAll: () => void;
  readonly onToggleFocused: () => void;
  readonly onContextMenu: (index: number, xPx: number, yPx: number) => void;
}

export function ClientTree(props: ClientTreeProps) {
  const {
    rows,
    selected,
    focusKey,
    resultsByClient,
    onSelectRow,
    onMoveFocus,
    onSetExpanded,
    onSelectAll,
    onToggleFocused,
    onContextMenu,
  } = props;
  const { scrollRef, win, viewportHeightPx, onScroll, setScrollTopPx } = useVirtualWindow(
    rows.length,
    TREE_ROW_HEIGHT_PX,
    TREE_OVERSCAN_ROWS,
  );

  const focusIndex = focusKey === null ? -1 : rows.findIndex((r) => r.key === focusKey);

  // Keep the keyboard's row in view (it must be in the DOM for aria-activedescendant as well).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null || focusIndex < 0) return;
    const next = scrollTopToReveal(focusIndex, el.scrollTop, el.clientHeight, TREE_ROW_HEIGHT_PX);
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTopPx(next);
    }
  }, [focusIndex, scrollRef, setScrollTopPx]);

  const onMouseDown = useCallback(
    (index: number, event: React.MouseEvent) => {
      if (event.button !== 0) return;
      const row = rows[index];
      if (event.detail === 2 && row !== undefined && row.kind !== 'client' && row.hasChildren) {
        onSetExpanded(index, !row.expanded);
        return;
      }
      if (event.shiftKey) {
        // No text selection on Shift+click; that also skips the browser's focus move, so do it here.
        event.preventDefault();
        scrollRef.current?.focus({ preventScroll: true });
      }
      onSelectRow(index, { ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });
    },
    [rows, onSelectRow, onSetExpanded],
  );
  const onToggle = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row !== undefined && row.kind !== 'client') onSetExpanded(index, !row.expanded);
    },
    [rows, onSetExpanded],
  );
  const onRowContextMenu = useCallback(
    (index: number, event: React.MouseEvent) => {
      event.preventDefault();
      onContextMenu(index, event.clientX, event.clientY);
    },
    [onContextMenu],
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    const mods = { ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey };
    const page = rowsPerPage(viewportHeightPx, TREE_ROW_HEIGHT_PX);
    const at = focusIndex;
    const row = at >= 0 ? rows[at] : undefined;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        onMoveFocus(at < 0 ? 0 : at + 1, mods);
        break;
      case 'ArrowUp':
        onMoveFocus(at < 0 ? 0 : at - 1, mods);
        break;
      case 'Home':
        onMoveFocus(0, mods);
        break;
      case 'End':
        onMoveFocus(rows.length - 1, mods);
        break;
      case 'PageDown':
        onMoveFocus(Math.max(0, at) + page, mods);
        break;
      case 'PageUp':
        onMoveFocus(Math.max(0, at) - page, mods);
        break;
      case 'ArrowRight':
        if (row !== undefined && row.kind !== 'client' && row.hasChildren) {
          if (!row.expanded) onSetExpanded(at, true);
          else onMoveFocus(at + 1, { ctrl: false, shift: false });
        }
        break;
      case 'ArrowLeft':
        if (row !== undefined && row.kind !== 'client' && row.expanded && row.hasChildren) onSetExpanded(at, false);
        else if (row !== undefined && row.parentKey !== null) {
          const parent = rows.findIndex((r) => r.key === row.parentKey);
          if (parent >= 0) onMoveFocus(parent, { ctrl: false, shift: false });
        }
        break;
      case ' ':
        if (mods.ctrl) onToggleFocused();
        else if (at >= 0) onSelectRow(at, { ctrl: false, shift: mods.shift });
        break;
      case 'a':
      case 'A':
        if (mods.ctrl) onSelectAll();
        else handled = false;
        break;
      case 'ContextMenu':
        openMenuAtFocus();
        break;
      case 'F10':
        if (mods.shift) openMenuAtFocus();
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  function openMenuAtFocus(): void {
    const el = scrollRef.current;
    if (el === null || focusIndex < 0) return;
    const box = el.getBoundingClientRect();
    onContextMenu(focusIndex, box.left + 48, box.top + (focusIndex + 1) * TREE_ROW_HEIGHT_PX - el.scrollTop);
  }

  const drawn: React.ReactNode[] = [];
  for (let i = win.start; i < win.end; i += 1) {
    const row = rows[i] as TreeRowModel;
    drawn.push(
      <TreeRow
        key={row.key}
        row={row}
        index={i}
        domId={treeRowDomId(row.key)}
        selected={selected.has(row.key)}
        focused={i === focusIndex}
        result={row.kind === 'client' ? resultsByClient.get(row.client.id) : undefined}
        onMouseDown={onMouseDown}
        onToggle={onToggle}
        onContextMenu={onRowContextMenu}
      />,
    );
  }

  return (
    <div className="tree-frame">
      <div className="tree-header" aria-hidden="true">
        <div className="cell cell-name">Name</div>
        <div className="cell cell-ip">IP address</div>
        <div className="cell cell-power">Power</div>
        <div className="cell cell-amt">AMT</div>
        <div className="cell cell-status">Status</div>
      </div>
      <div
        ref={scrollRef}
        className="tree-scroll"
        role="tree"
        aria-label="Managed clients"
        aria-multiselectable="true"
        aria-activedescendant={focusIndex >= 0 ? treeRowDomId(rows[focusIndex]!.key) : undefined}
        tabIndex={0}
        data-testid="client-tree"
        data-row-count={rows.length}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
      >
        <div className="tree-canvas" style={{ height: win.totalHeightPx }}>
          {drawn}
        </div>
        {props.emptyMessage !== null && (
          <div className="tree-empty" data-testid="tree-empty">
            {props.emptyMessage}
          </div>
        )}
      </div>
    </div>
  );
}
