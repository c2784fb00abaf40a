// Public face of the redirection protocol (main/redirect, amt-protocols.md §3.1–3.3, §3.6): session and SOL.
// IDE-R is not here yet (mission M5).

export * from './constants';
export * from './frames';
export {
  openRedirectionSession,
  RedirectionSession,
  REDIRECT_STATE_LABELS,
  DEFAULT_CONNECT_TIMEOUT_MS as DEFAULT_REDIRECT_CONNECT_TIMEOUT_MS,
  DEFAULT_REPLY_TIMEOUT_MS as DEFAULT_REDIRECT_REPLY_TIMEOUT_MS,
  type RedirectState,
  type StateChange,
  type RedirectionConnectOptions,
} from './session';
export { startSol, SolChannel, type SolHandlers, type SolOptions } from './sol';
export { openRedirectionWithPolicy, type PolicyConnectOptions } from './open-with-policy';
