// IDE-R slice (issue 9): the image the panel serves (medium, path, start mode — kept across clients, so the
// next dead PC needs no retyping), the one session this window runs, its state and progress as main reports
// them (ider:state, ider:progress), and the path's error when main refused the image.
import { create } from 'zustand';
import type { ClientId, IderSessionId } from '../../shared/domain';
import type { IderMedia, IderProgressView, IderStartModeName, IderState } from '../../shared/ipc';
import type { DropOutcome } from '../model/dropped-image';

// --- state -------------------------------------------------------------------------------------------
/** 'idle' before the first start; the rest are main's IderState. */
export type IderViewState = 'idle' | IderState;

export interface IderSliceState {
  readonly media: IderMedia;
  readonly path: string;
  readonly startMode: IderStartModeName;
  readonly clientId: ClientId | null;
  readonly sessionId: IderSessionId | null;
  /** The medium of the session (the form may change while it runs). */
  readonly sessionMedia: IderMedia | null;
  readonly state: IderViewState;
  readonly words: string | null;
  /** Main's words about the image, shown at the path field. */
  readonly pathError: string | null;
  readonly progress: IderProgressView | null;
  /** A "boot from the image" is under way (buttons wait). */
  readonly booting: boolean;
}

export function initialIder(): IderSliceState {
  return {
    media: 'floppy',
    path: '',
    startMode: 'now',
    clientId: null,
    sessionId: null,
    sessionMedia: null,
    state: 'idle',
    words: null,
    pathError: null,
    progress: null,
    booting: false,
  };
}

export const useIderStore = create<IderSliceState>()(() => initialIder());

// --- actions -----------------------------------------------------------------------------------------
export function setIderForm(change: { media?: IderMedia; path?: string; startMode?: IderStartModeName }): void {
  useIderStore.setState((s) => ({
    ...change,
    pathError: change.path !== undefined || change.media !== undefined ? null : s.pathError,
  }));
}

export function beginIderSession(clientId: ClientId, media: IderMedia): void {
  useIderStore.setState({
    clientId,
    sessionId: null,
    sessionMedia: media,
    state: 'starting',
    words: null,
    pathError: null,
    progress: null,
  });
}

export function applyIderSession(sessionId: IderSessionId): void {
  useIderStore.setState({ sessionId });
}

export function applyIderState(change: { state: IderState; words?: string | undefined }): void {
  useIderStore.setState((s) => ({
    state: change.state,
    words: change.words ?? null,
    sessionId: change.state === 'stopped' || change.state === 'failed' ? null : s.sessionId,
  }));
}

export function applyIderProgress(progress: IderProgressView): void {
  useIderStore.setState({ progress });
}

/** An image file dropped on the panel: its medium and path into the form, or words at the path field. */
export function applyIderDrop(outcome: DropOutcome): void {
  if (outcome.ok) setIderForm({ media: outcome.media, path: outcome.path });
  else useIderStore.setState({ media: outcome.media, pathError: outcome.words });
}

/** Main refused the image before anything was sent: the words belong at the path field. */
export function refuseIderPath(words: string): void {
  useIderStore.setState({ state: 'idle', pathError: words, sessionId: null, words: null });
}

export function setIderBooting(booting: boolean): void {
  useIderStore.setState({ booting });
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectIderLive(s: IderSliceState): boolean {
  return s.state === 'starting' || s.state === 'active';
}

const STATE_WORDS: Readonly<Record<IderViewState, string>> = {
  idle: 'Not serving an image',
  starting: 'Starting IDE-R…',
  active: 'Serving',
  stopped: 'Stopped',
  failed: 'Failed',
};

const MEDIA_WORDS: Readonly<Record<IderMedia, string>> = { floppy: 'floppy', cd: 'CD' };

export function mediaWords(media: IderMedia): string {
  return MEDIA_WORDS[media];
}

/** "Serving the floppy image", "Failed: <words>", "Stopped: closed by the user." */
export function selectIderStateLine(s: IderSliceState): string {
  if (s.state === 'failed') return s.words === null ? STATE_WORDS.failed : `Failed: ${s.words}`;
  if (s.state === 'active' && s.sessionMedia !== null)
    return `Serving the ${MEDIA_WORDS[s.sessionMedia]} image over IDE-R`;
  if (s.state === 'stopped' && s.words !== null) return s.words;
  return STATE_WORDS[s.state];
}
