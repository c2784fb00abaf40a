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
export {
  createConsoleRelayService,
  DEFAULT_HEARTBEAT_MS,
  type ConsoleRelayService,
  type ConsoleRelayServiceOptions,
  type RelayStatus,
  type WorkRequest,
  type Availability,
  type RelayView,
  type RunningRelayService,
  type RelayChannelCounters,
  MAX_RELAY_CONNECTIONS,
} from './console-relay-service';
export { createRelayDeviceChannel, relayChannelFor } from './relay-device-channel';
export {
  createRelayAgent,
  RELAY_VERSION,
  type RelayAgent,
  type RelayAgentOptions,
  type AgentState,
} from './relay-agent';
export { readEnrolment, ENROLMENT_FILE, WORK_FILE, type RelayEnrolment } from './relay-data-folder';
export { RelayWorkRecord, MAX_WORK_RECORDS } from './relay-work-record';
export { RelayWorkRunner, MAX_QUEUED_WORK } from './relay-work-runner';
export { MessageConnection, MAX_PENDING_WRITE_BYTES } from './message-connection';
export { parseRelayListen, type RelayListenAddress } from './relay-listen-address';
