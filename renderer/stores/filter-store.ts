// Filter slice: the tree's search text and status toggles (see model/client-filter.ts for matching).
import { create } from 'zustand';
import type { EligibilityFilter } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import type { StatusFilter } from '../model/client-filter';

// --- state -------------------------------------------------------------------------------------------
export interface FilterState {
  readonly text: string;
  readonly statuses: ReadonlySet<StatusFilter>;
  /** M2/M3: show only clients under this eligibility filter (evaluated in main by the one rule table). */
  readonly eligibility: EligibilityFilter | null;
  /** Its clients; null while loading or without a filter (the tree then shows none, not all, while loading). */
  readonly eligibleIds: ReadonlySet<number> | null;
  readonly eligibilityError: string | null;
}

export function initialFilter(): FilterState {
  return { text: '', statuses: new Set(), eligibility: null, eligibleIds: null, eligibilityError: null };
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

export async function setEligibilityFilter(filter: EligibilityFilter | null): Promise<void> {
  useFilterStore.setState({
    eligibility: filter,
    eligibleIds: filter === null ? null : new Set(),
    eligibilityError: null,
  });
  if (filter !== null) await refreshEligibility();
}

/** Re-reads the eligibility sets from main (after the fleet changed); a no-op without an eligibility filter. */
export async function refreshEligibility(): Promise<void> {
  const filter = useFilterStore.getState().eligibility;
  if (filter === null) return;
  try {
    const sets = await amtApi().fleetEligibility({});
    if (useFilterStore.getState().eligibility === filter)
      useFilterStore.setState({ eligibleIds: new Set<number>(sets[filter]) });
  } catch (error) {
    useFilterStore.setState({ eligibilityError: error instanceof Error ? error.message : String(error) });
  }
}

export function clearFilter(): void {
  useFilterStore.setState(initialFilter());
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectFilterActive(s: FilterState): boolean {
  return s.text.trim() !== '' || s.statuses.size > 0 || s.eligibility !== null;
}
