// Serial-over-LAN from the renderer (mission M5): open, type, close, and "Boot to BIOS (SOL)". Host bytes
// go straight from the sol:data event to the mounted terminal (a sink), never through a store; bytes that
// arrive before the terminal is there (or before sol:open has answered) wait in a small bounded buffer.
import type { ClientId, SolSessionId } from '../../shared/domain';
import type { AmtApi, EventPayloads } from '../../shared/ipc';
import { amtApi } from '../api/amt-api';
import { errorWordsOf } from '../model/error-words';
import { openDialog } from '../stores/dialog-store';
import { applySolSession, applySolState, beginSolSession, showPaneTab, useSolStore } from '../stores/sol-store';
import { offerAccess } from './access-command';
import { runBatch, targetsOf } from './power-command';

export type SolDataSink = (data: Uint8Array) => void;

/** Early output kept for the terminal; more than this is dropped (a BIOS screen is a few KB). */
const MAX_EARLY_BYTES = 256 * 1024;

let sink: SolDataSink | null = null;
let early: Array<EventPayloads['sol:data']> = [];
let earlyBytes = 0;
/** While sol:open is in flight its session id is unknown; output for any session is held until it is. */
let opening = false;

function currentSession(): SolSessionId | null {
  return useSolStore.getState().sessionId;
}

function deliver(event: EventPayloads['sol:data']): void {
  const session = currentSession();
  if (session !== null && event.sessionId === session && sink !== null) {
    sink(event.data);
    return;
  }
  if ((opening || event.sessionId === session) && earlyBytes + event.data.length <= MAX_EARLY_BYTES) {
    early.push(event);
    earlyBytes += event.data.length;
  }
}

function flushEarly(): void {
  const session = currentSession();
  if (sink === null || session === null) return;
  const held = early;
  early = [];
  earlyBytes = 0;
  for (const event of held) if (event.sessionId === session) sink(event.data);
}

/** The terminal view attaches here while it is mounted; returns the detach function. */
export function attachSolSink(next: SolDataSink): () => void {
  sink = next;
  flushEarly();
  return () => {
    if (sink === next) sink = null;
  };
}

/** Called once at start-up with window.amt (from live-updates). */
export function startSolEvents(api: AmtApi): () => void {
  const offData = api.onSolData(deliver);
  const offState = api.onSolState((event) => {
    const s = useSolStore.getState();
    const ours = event.sessionId === s.sessionId || (opening && event.clientId === s.clientId);
    if (!ours) return;
    applySolState(event);
    if (event.state === 'failed') offerAccess(event.clientId, event.code, event.words ?? '', 'sol', 'sol');
  });
  return () => {
    offData();
    offState();
  };
}

export async function openSol(clientId: ClientId): Promise<void> {
  await closeSol();
  beginSolSession(clientId);
  opening = true;
  early = [];
  earlyBytes = 0;
  try {
    const { sessionId } = await amtApi().solOpen({ id: clientId });
    // The user may have closed or switched clients while the open was in flight.
    const s = useSolStore.getState();
    if (s.clientId !== clientId || s.state === 'closed' || s.state === 'failed') {
      if (s.state !== 'failed')
        void amtApi()
          .solClose({ sessionId })
          .catch(() => undefined);
      return;
    }
    applySolSession(sessionId);
    // sol:state 'open' may already have come (matched by client id); otherwise wait for it.
    flushEarly();
  } catch (error) {
    applySolState({ state: 'failed', words: errorWordsOf(error) });
  } finally {
    opening = false;
  }
}

export async function closeSol(): Promise<void> {
  const { sessionId, state } = useSolStore.getState();
  // Closing while sol:open is in flight: openSol sees 'closed' when the answer comes and closes that session.
  if (state === 'connecting' || state === 'open') applySolState({ state: 'closed' });
  if (sessionId === null) return;
  try {
    await amtApi().solClose({ sessionId });
  } catch {
    // The session is gone either way; main reports a real failure through sol:state.
  }
}

/** One key (or the Ctrl-Alt-Del sequence) per call: the BIOS must get an escape sequence whole (§5.2). */
export function sendSol(data: Uint8Array): void {
  const sessionId = currentSession();
  if (sessionId === null || useSolStore.getState().state !== 'open' || data.length === 0) return;
  void amtApi()
    .solSend({ sessionId, data })
    .catch((error: unknown) => applySolState({ state: 'failed', words: errorWordsOf(error) }));
}

/** Toolbar / context menu: asks first, because booting to BIOS resets a running host. */
export function requestBootToBios(ids: readonly ClientId[]): void {
  if (ids.length === 0) return;
  openDialog({ open: 'confirm-boot', target: 'bios', clientIds: ids });
}

/** After the confirmation: one-shot boot to BIOS setup with SOL redirection, then the terminal for one client. */
export async function runBootToBios(ids: readonly ClientId[]): Promise<void> {
  const targets = targetsOf(ids);
  if (targets.length === 0) return;
  let succeeded: ClientId[] = [];
  await runBatch('boot-bios', targets, async (batchIds) => {
    const { results } = await amtApi().clientsBoot({ ids: batchIds, target: 'bios', useSol: true, confirmed: true });
    succeeded = results.filter((r) => r.ok).map((r) => r.id);
    // One client whose AMT wants the user's consent first: the consent dialog, then the boot again.
    const one = results.length === 1 ? results[0] : undefined;
    if (one?.error) offerAccess(one.id, one.error.code, one.error.message, 'boot-bios', 'boot');
    return results;
  });
  const only = targets.length === 1 ? targets[0] : undefined;
  if (only !== undefined && succeeded.includes(only.id)) {
    showPaneTab('terminal');
    await openSol(only.id);
  }
}
