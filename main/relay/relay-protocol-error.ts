// The one error of the relay channel's wire format: what was wrong, in words a log can show, with a code tests
// and the connection branch on. A message never quotes a payload (it may carry a password).

export type RelayProtocolErrorCode =
  /** The first two bytes are not "RL": not our protocol, or the stream lost its place. */
  | 'bad-magic'
  /** A protocol version this build does not speak. */
  | 'bad-version'
  /** A message type no one defined. */
  | 'unknown-type'
  /** A payload length above MAX_PAYLOAD_BYTES. */
  | 'too-large'
  /** The payload is not UTF-8 JSON, or a field is missing, of the wrong type or out of range. */
  | 'bad-message'
  /** The stream ended inside a frame. */
  | 'truncated';

export class RelayProtocolError extends Error {
  override readonly name = 'RelayProtocolError';
  constructor(
    readonly code: RelayProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isRelayProtocolError(value: unknown): value is RelayProtocolError {
  return value instanceof RelayProtocolError;
}
