// Tree slice: which server/relay nodes are collapsed. While a filter is on, a separate set is used so
// matches open up their ancestors and collapsing during a search does not lose the normal layout.
import { create } from 'zustand';
import type { RowKey } from '../model/tree-rows';

// --- state -------------------------------------------------------------------------------------------
export interface TreeState {
  readonly collapsed: ReadonlySet<RowKey>;
  readonly collapsedWhileFiltering: ReadonlySet<RowKey>;
}

export function initialTree(): TreeState {
  return { collapsed: new Set(), collapsedWhileFiltering: new Set() };
}

export const useTreeStore = create<TreeState>()(() => initialTree());

// --- actions -----------------------------------------------------------------------------------------
export function setExpanded(key: RowKey, expanded: boolean, filtering: boolean): void {
  useTreeStore.setState((s) => {
    const field = filtering ? 'collapsedWhileFiltering' : 'collapsed';
    const next = new Set(s[field]);
    if (expanded) next.delete(key);
    else next.add(key);
    return { [field]: next } as Partial<TreeState>;
  });
}

/** Opens every listed node (the ancestors of a row that must become visible). */
export function expandAll(keys: readonly RowKey[]): void {
  useTreeStore.setState((s) => {
    if (!keys.some((k) => s.collapsed.has(k))) return s;
    const collapsed = new Set(s.collapsed);
    for (const k of keys) collapsed.delete(k);
    return { collapsed };
  });
}

/** A new search starts with every match's ancestors open. */
export function resetFilterExpansion(): void {
  // Only when something is collapsed: a new empty set would re-derive the whole tree for nothing.
  if (useTreeStore.getState().collapsedWhileFiltering.size > 0)
    useTreeStore.setState({ collapsedWhileFiltering: new Set() });
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectCollapsed(filtering: boolean): (s: TreeState) => ReadonlySet<RowKey> {
  return (s) => (filtering ? s.collapsedWhileFiltering : s.collapsed);
}
