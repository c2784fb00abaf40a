// Activity slice: the recent audit log (audit:list) for the bottom panel's "Activity log" tab.
import { create } from 'zustand';
import type { AuditEntry } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { errorWordsOf } from '../model/error-words';

// --- state -------------------------------------------------------------------------------------------
export interface ActivityState {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly entries: readonly AuditEntry[];
  readonly error: string | null;
}

export const ACTIVITY_LIMIT = 200;

export function initialActivity(): ActivityState {
  return { status: 'idle', entries: [], error: null };
}

export const useActivityStore = create<ActivityState>()(() => initialActivity());

// --- actions -----------------------------------------------------------------------------------------
export async function loadActivity(): Promise<void> {
  useActivityStore.setState({ status: 'loading', error: null });
  try {
    const entries = await amtApi().auditList({ limit: ACTIVITY_LIMIT });
    useActivityStore.setState({ status: 'ready', entries, error: null });
  } catch (error) {
    useActivityStore.setState({ status: 'failed', error: errorWordsOf(error) });
  }
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectFailedCount(s: ActivityState): number {
  return s.entries.filter((e) => e.result === 'failed').length;
}
