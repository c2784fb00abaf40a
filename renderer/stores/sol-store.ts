// Serial-over-LAN slice: which client the terminal is for, its session and state as main reports it
// (sol:state), and the user's terminal choices (key profile, charset). Bytes never pass through here.
import { create } from 'zustand';
import type { ClientId, SolSessionId } from '../../shared/domain';
import type { SolState } from '../../shared/ipc';
import { DEFAULT_KEY_PROFILE, type KeyProfile } from '../terminal/keys';
import type { HostCharset } from '../terminal/host-decoder';

// --- state -------------------------------------------------------------------------------------------
/** 'idle' before the first connect; the rest are main's SolState. */
export type SolViewState = 'idle' | SolState;

export type RightPaneTab = 'details' | 'terminal' | 'ider' | 'jobs';

export interface SolSliceState {
  readonly paneTab: RightPaneTab;
  readonly clientId: ClientId | null;
  readonly sessionId: SolSessionId | null;
  readonly state: SolViewState;
  readonly words: string | null;
  readonly hostPoweredOn: boolean | null;
  readonly profile: KeyProfile;
  readonly charset: HostCharset;
}

export function initialSol(): SolSliceState {
  return {
    paneTab: 'details',
    clientId: null,
    sessionId: null,
    state: 'idle',
    words: null,
    hostPoweredOn: null,
    profile: DEFAULT_KEY_PROFILE,
    charset: 'cp437',
  };
}

export const useSolStore = create<SolSliceState>()(() => initialSol());

// --- actions -----------------------------------------------------------------------------------------
export function showPaneTab(tab: RightPaneTab): void {
  useSolStore.setState({ paneTab: tab });
}

export function setKeyProfile(profile: KeyProfile): void {
  useSolStore.setState({ profile });
}

export function setCharset(charset: HostCharset): void {
  useSolStore.setState({ charset });
}

export function beginSolSession(clientId: ClientId): void {
  useSolStore.setState({
    clientId,
    sessionId: null,
    state: 'connecting',
    words: null,
    hostPoweredOn: null,
    paneTab: 'terminal',
  });
}

export function applySolSession(sessionId: SolSessionId): void {
  useSolStore.setState({ sessionId });
}

export function applySolState(change: {
  state: SolState;
  words?: string | undefined;
  hostPoweredOn?: boolean | undefined;
}): void {
  useSolStore.setState((s) => ({
    state: change.state,
    words: change.words ?? (change.state === 'failed' ? s.words : null),
    hostPoweredOn: change.hostPoweredOn ?? s.hostPoweredOn,
    sessionId: change.state === 'closed' || change.state === 'failed' ? null : s.sessionId,
  }));
}

// --- selectors ---------------------------------------------------------------------------------------
export function selectIsLive(s: SolSliceState): boolean {
  return s.state === 'connecting' || s.state === 'open';
}

const STATE_WORDS: Readonly<Record<SolViewState, string>> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  closed: 'Closed',
  failed: 'Failed',
};

/** The state line: "Connected — host power on", "Failed: <words>". */
export function selectStateLine(s: SolSliceState): string {
  if (s.state === 'failed') return s.words === null ? STATE_WORDS.failed : `Failed: ${s.words}`;
  if (s.state === 'open' && s.hostPoweredOn !== null) return `Connected — host power ${s.hostPoweredOn ? 'on' : 'off'}`;
  return STATE_WORDS[s.state];
}
