// Public face of the redirection protocol (main/redirect, amt-protocols.md §3): session, SOL and IDE-R.

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
  type RedirectionKind,
  REDIRECTION_KIND_LABELS,
} from './session';
export * from './atapi-constants';
export { AtapiResponder, type AtapiAnswer, type MediumInfo } from './atapi-responder';
export * from './ider-frames';
export { DiskImage, imageSizeProblem } from './disk-image';
export {
  startIder,
  IderChannel,
  IDER_HEARTBEAT_MS,
  type IderEvent,
  type IderMedia,
  type IderOptions,
  type IderProgress,
} from './ider';
export { startSol, SolChannel, type SolHandlers, type SolOptions } from './sol';
export { openRedirectionWithPolicy, type PolicyConnectOptions } from './open-with-policy';
