// Details slice: what clients:details returned for the one client the details pane shows, or the
// words of why it could not be read. A newer request wins over a slower older one.
import { create } from 'zustand';
import type { ClientId } from '../../shared/domain';
import type { ClientDetails } from '../../shared/ipc';
import { amtApi } from '../api/amt-api';
import { errorWordsOf } from '../model/error-words';

// --- state -------------------------------------------------------------------------------------------
export interface DetailsState {
  readonly clientId: ClientId | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly details: ClientDetails | null;
  readonly error: string | null;
  /** Increases per request, so a late reply for an earlier client is dropped. */
  readonly requestSeq: number;
}

export function initialDetails(): DetailsState {
  return { clientId: null, status: 'idle', details: null, error: null, requestSeq: 0 };
}

export const useDetailsStore = create<DetailsState>()(() => initialDetails());

// --- actions -----------------------------------------------------------------------------------------
export async function loadDetails(id: ClientId): Promise<void> {
  const seq = useDetailsStore.getState().requestSeq + 1;
  const keep = useDetailsStore.getState().clientId === id ? useDetailsStore.getState().details : null;
  useDetailsStore.setState({ clientId: id, status: 'loading', details: keep, error: null, requestSeq: seq });
  try {
    const details = await amtApi().clientsDetails({ id });
    if (useDetailsStore.getState().requestSeq !== seq) return;
    useDetailsStore.setState({ status: 'ready', details, error: null });
  } catch (error) {
    if (useDetailsStore.getState().requestSeq !== seq) return;
    useDetailsStore.setState({ status: 'failed', details: null, error: errorWordsOf(error) });
  }
}

export function clearDetails(): void {
  useDetailsStore.setState((s) => ({ ...initialDetails(), requestSeq: s.requestSeq + 1 }));
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectDetailsFor(id: ClientId | null): (s: DetailsState) => DetailsState | null {
  return (s) => (id !== null && s.clientId === id ? s : null);
}
