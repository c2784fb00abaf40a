// IDE redirection from the renderer (issue 9): serve the panel's image to one client, stop it, and "boot from
// the redirected floppy/CD" as one action: IDE-R started (or kept) with the image, the Serial-over-LAN terminal
// opened so the PC's output shows from its first line, then the one-shot boot to the redirected drive (the
// firmware boots normally again after it). A PC that is off is booted without asking; a running one is reset,
// so the user confirms first.
import type { ClientId } from '../../shared/domain';
import type { AmtApi } from '../../shared/ipc';
import { amtApi } from '../api/amt-api';
import { errorCodeOf, errorWordsOf } from '../model/error-words';
import { openDialog } from '../stores/dialog-store';
import {
  applyIderProgress,
  applyIderSession,
  applyIderState,
  beginIderSession,
  refuseIderPath,
  setIderBooting,
  useIderStore,
  type IderSliceState,
} from '../stores/ider-store';
import { useSolStore } from '../stores/sol-store';
import { offerAccess } from './access-command';
import { runBatch, targetsOf } from './power-command';
import { openSol } from './sol-command';

/** How long "boot from image" waits for IDE-R to become active, and for the terminal to connect. */
const IDER_ACTIVE_WAIT_MS = 30_000;
const SOL_OPEN_WAIT_MS = 15_000;
/** Power states with nothing running to lose: booting them needs no confirmation. */
const OFF_STATES: ReadonlySet<string> = new Set(['soft-off', 'hard-off']);

/** While ider:start is in flight its session id is unknown; its events are matched by client. */
let starting = false;

/** Called once at start-up with window.amt (from live-updates). */
export function startIderEvents(api: AmtApi): () => void {
  const ours = (sessionId: string, clientId: ClientId): boolean => {
    const s = useIderStore.getState();
    return sessionId === s.sessionId || (starting && clientId === s.clientId);
  };
  const offState = api.onIderState((event) => {
    if (!ours(event.sessionId, event.clientId)) return;
    applyIderState(event);
    if (event.state !== 'failed') return;
    const retry = useIderStore.getState().booting ? 'boot-image' : 'ider';
    offerAccess(event.clientId, event.code, event.words ?? '', retry, 'ider');
  });
  const offProgress = api.onIderProgress((event) => {
    if (ours(event.sessionId, event.clientId)) applyIderProgress(event.progress);
  });
  return () => {
    offState();
    offProgress();
  };
}

/** Serves the panel's image to the client; a session of this window to another client is stopped first. */
export async function startIderFor(clientId: ClientId): Promise<void> {
  const { media, path, startMode } = useIderStore.getState();
  await stopIder();
  if (path.trim() === '') {
    refuseIderPath(`Enter the path of a ${media === 'floppy' ? 'floppy' : 'CD'} image on this computer.`);
    return;
  }
  beginIderSession(clientId, media);
  starting = true;
  try {
    const { sessionId } = await amtApi().iderStart({ id: clientId, media, path: path.trim(), startMode });
    const s = useIderStore.getState();
    if (s.clientId !== clientId || s.state === 'stopped' || s.state === 'failed') {
      if (s.state !== 'failed')
        void amtApi()
          .iderStop({ sessionId })
          .catch(() => undefined);
      return;
    }
    applyIderSession(sessionId);
  } catch (error) {
    if (errorCodeOf(error) === 'bad-image') refuseIderPath(errorWordsOf(error));
    else applyIderState({ state: 'failed', words: errorWordsOf(error) });
  } finally {
    starting = false;
  }
}

export async function stopIder(): Promise<void> {
  const { sessionId, state } = useIderStore.getState();
  if (state === 'starting' || state === 'active') applyIderState({ state: 'stopped', words: 'Stopped by the user.' });
  if (sessionId === null) return;
  try {
    await amtApi().iderStop({ sessionId });
  } catch {
    // The session is gone either way; main reports a real failure through ider:state.
  }
}

/**
 * The panel's "Boot from the floppy/CD": asks first unless the PC is off (nothing running to lose). The power
 * state is read fresh from AMT for this, since the tree's copy may be older than the PC's last change.
 */
export async function requestBootFromImage(clientId: ClientId): Promise<void> {
  let power: string | undefined;
  try {
    const { results } = await amtApi().clientsRefresh({ ids: [clientId] });
    power = results[0]?.ok ? results[0].power : undefined;
  } catch {
    power = undefined;
  }
  if (power !== undefined && OFF_STATES.has(power)) await runBootFromImage(clientId);
  else openDialog({ open: 'confirm-boot-image', clientId });
}

/** Resolves with the first state that satisfies `done`, or the last one seen after `timeoutMs`. */
function waitForIder(done: (s: IderSliceState) => boolean, timeoutMs: number): Promise<IderSliceState> {
  return new Promise((resolve) => {
    const now = useIderStore.getState();
    if (done(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      resolve(useIderStore.getState());
    }, timeoutMs);
    const off = useIderStore.subscribe((s) => {
      if (!done(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

function waitForSolSettled(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const settled = (): boolean => useSolStore.getState().state !== 'connecting';
    if (settled()) return resolve();
    const timer = setTimeout(() => {
      off();
      resolve();
    }, timeoutMs);
    const off = useSolStore.subscribe(() => {
      if (!settled()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** After the confirmation (or for a PC that is off): IDE-R, the terminal, then the one-shot boot. */
export async function runBootFromImage(clientId: ClientId): Promise<void> {
  const targets = targetsOf([clientId]);
  if (targets.length === 0 || useIderStore.getState().booting) return;
  setIderBooting(true);
  try {
    const form = useIderStore.getState();
    const serving = form.clientId === clientId && form.state === 'active' && form.sessionMedia === form.media;
    if (!serving) await startIderFor(clientId);
    const ider = await waitForIder((s) => s.state !== 'starting', IDER_ACTIVE_WAIT_MS);
    if (ider.state !== 'active' || ider.clientId !== clientId || ider.sessionMedia === null) return;
    const media = ider.sessionMedia;
    // The terminal first, so the firmware's banner and the diagnostic's output are on screen from the start.
    await openSol(clientId);
    await waitForSolSettled(SOL_OPEN_WAIT_MS);
    await runBatch('boot-ider', targets, async (ids) => {
      const { results } = await amtApi().clientsBoot({
        ids,
        target: media === 'floppy' ? 'ider-floppy' : 'ider-cd',
        useSol: true,
        confirmed: true,
      });
      return results;
    });
  } finally {
    setIderBooting(false);
  }
}
