// Action results slice: per client, the last action run on it from this window and how it ended
// (pending, done, or failed with words), plus the batches for the results panel, newest first.
import { create } from 'zustand';
import type { ClientId, PowerAction } from '../../shared/domain';
import type { PerClientResult } from '../../shared/ipc';
import { errorWordsOf } from '../model/error-words';

export type ActionKind = PowerAction | 'refresh' | 'remove' | 'boot-bios' | 'boot-ider' | 'store-host-id';

export interface ClientActionResult {
  readonly batchId: number;
  readonly clientId: ClientId;
  /** Host name at the time of the action, so the line still reads well after a removal. */
  readonly hostName: string;
  readonly action: ActionKind;
  readonly state: 'pending' | 'ok' | 'failed';
  readonly words: string | null;
  readonly at: string;
}

export interface ActionBatch {
  readonly id: number;
  readonly action: ActionKind;
  readonly startedAt: string;
  readonly clientIds: readonly ClientId[];
}

// --- state -------------------------------------------------------------------------------------------
export interface ActionResultsState {
  readonly byClient: ReadonlyMap<ClientId, ClientActionResult>;
  readonly batches: readonly ActionBatch[];
  readonly nextBatchId: number;
}

/** Older batches are dropped so the panel and memory stay bounded. */
export const MAX_BATCHES = 20;

export function initialActionResults(): ActionResultsState {
  return { byClient: new Map(), batches: [], nextBatchId: 1 };
}

export const useActionResultsStore = create<ActionResultsState>()(() => initialActionResults());

// --- actions -----------------------------------------------------------------------------------------
export function beginBatch(action: ActionKind, targets: ReadonlyArray<{ id: ClientId; hostName: string }>): number {
  const at = new Date().toISOString();
  let batchId = 0;
  useActionResultsStore.setState((s) => {
    batchId = s.nextBatchId;
    const byClient = new Map(s.byClient);
    for (const t of targets)
      byClient.set(t.id, { batchId, clientId: t.id, hostName: t.hostName, action, state: 'pending', words: null, at });
    const batch: ActionBatch = { id: batchId, action, startedAt: at, clientIds: targets.map((t) => t.id) };
    return { byClient, batches: [batch, ...s.batches].slice(0, MAX_BATCHES), nextBatchId: batchId + 1 };
  });
  return batchId;
}

export function settleBatch(batchId: number, results: readonly PerClientResult[]): void {
  const at = new Date().toISOString();
  useActionResultsStore.setState((s) => {
    const byClient = new Map(s.byClient);
    for (const r of results) {
      const before = byClient.get(r.id);
      if (before === undefined || before.batchId !== batchId) continue;
      byClient.set(r.id, {
        ...before,
        state: r.ok ? 'ok' : 'failed',
        words: r.ok ? null : errorWordsOf(r.error ?? null),
        at,
      });
    }
    return { byClient };
  });
}

/** The whole request failed (e.g. refused by main): every target of the batch gets the same words. */
export function failBatch(batchId: number, error: unknown): void {
  const words = errorWordsOf(error);
  const at = new Date().toISOString();
  useActionResultsStore.setState((s) => {
    const byClient = new Map(s.byClient);
    for (const [id, r] of byClient)
      if (r.batchId === batchId && r.state === 'pending') byClient.set(id, { ...r, state: 'failed', words, at });
    return { byClient };
  });
}

export function clearActionResults(): void {
  useActionResultsStore.setState(initialActionResults());
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectResultFor(id: ClientId): (s: ActionResultsState) => ClientActionResult | undefined {
  return (s) => s.byClient.get(id);
}

export function selectPendingCount(s: ActionResultsState): number {
  let n = 0;
  for (const r of s.byClient.values()) if (r.state === 'pending') n += 1;
  return n;
}
