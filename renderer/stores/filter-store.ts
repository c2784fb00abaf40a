// Filter slice: the tree's search text and status toggles (see model/client-filter.ts for matching).
import { create } from 'zustand';
import type { StatusFilter } from '../model/client-filter';

// --- state -------------------------------------------------------------------------------------------
export interface FilterState {
  readonly text: string;
  readonly statuses: ReadonlySet<StatusFilter>;
}

export function initialFilter(): FilterState {
  return { text: '', statuses: new Set() };
}

export const useFilterStore = create<FilterState>()(() => initialFilter());

// --- actions -----------------------------------------------------------------------------------------
export function setFilterText(text: string): void {
  useFilterStore.setState({ text });
}

export function toggleStatusFilter(status: StatusFilter): void {
  useFilterStore.setState((s) => {
    const statuses = new Set(s.statuses);
    if (statuses.has(status)) statuses.delete(status);
    else statuses.add(status);
    return { statuses };
  });
}

export function clearFilter(): void {
  useFilterStore.setState(initialFilter());
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectFilterActive(s: FilterState): boolean {
  return s.text.trim() !== '' || s.statuses.size > 0;
}
