// Public face of relays (main/relay, issue 8): the relay channel's frames and messages, certificates and
// enrolment, the console's relay service and its DeviceChannel, and the relay agent `amtctl relay` runs.
// Rung between jobs and api: imports main/jobs (DeviceChannel, the local channel), main/amt, main/store, shared.

export * from './constants';
export { encodeFrame, FrameReader, type RawFrame } from './frames';
export { RelayProtocolError, isRelayProtocolError, type RelayProtocolErrorCode } from './relay-protocol-error';
export {
  encodeMessage,
  decodeMessage,
  type RelayMessage,
  type MessageOfKind,
  type WorkMessage,
  type WorkTarget,
  type WorkOp,
  type WorkOutcome,
  type WorkValue,
} from './messages';
export { makeTlsIdentity, fingerprintOfPem, type TlsIdentity } from './relay-certificate';
export { loadOrCreateIdentity } from './identity-files';
export {
  EnrolmentCodes,
  enrolmentProof,
  normaliseCode,
  DEFAULT_CODE_LIFETIME_MS,
  type IssuedCode,
  type CodeCheck,
} from './enrolment-codes';
export { createRelayRegistry, type RelayRegistry, type RelayIdentity } from './relay-registry';
