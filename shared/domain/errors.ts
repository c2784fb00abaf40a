// Error codes shared by the core, the CLI and (later) the renderer. Code paths and tests branch on
// `code`; people read `message`. A message never contains a password, a digest response or a nonce.

export type AmtErrorCode =
  /** Nothing accepted a TCP connection on the AMT ports: the PC has no AMT, or it is unreachable. */
  | 'unreachable'
  /** TCP connected but the peer did not answer in time (connect, TLS handshake or any read). */
  | 'timeout'
  /** The peer closed or reset the connection before a whole response arrived. */
  | 'connection-closed'
  /** The device rejected the user name or password (HTTP 401 after a fresh challenge). */
  | 'auth-failed'
  /** TLS handshake failed for a reason other than the pin. */
  | 'tls-error'
  /** The device's certificate differs from the pinned one. */
  | 'tls-pin-mismatch'
  /** TLS failed and plain HTTP is not allowed for this host. */
  | 'plain-http-refused'
  /** The bytes on the wire are not HTTP, or the HTTP framing is broken. */
  | 'malformed-http'
  /** The bytes on the redirection port (16994/16995) are not AMT redirection frames (unknown type, impossible length). */
  | 'malformed-frame'
  /** The body is not well-formed XML, not a SOAP envelope, or lacks what the call needs. */
  | 'malformed-xml'
  /** A response (or its headers) is larger than the configured bound. */
  | 'response-too-large'
  /** The device answered with a SOAP fault. */
  | 'wsman-fault'
  /** A method returned a non-zero ReturnValue (PT_STATUS). */
  | 'amt-status'
  /** The device answered with an HTTP status the client does not handle. */
  | 'http-status'
  /** The device is busy with another operation or session. */
  | 'busy'
  /** The operation is not supported by this device or firmware. */
  | 'unsupported'
  /** Input given by the user or the caller is invalid (bad host, bad option, bad MAC). */
  | 'bad-input'
  /** Third Party Data Storage refused a call or holds data the console cannot use (see StorageError.reason). */
  | 'storage'
  /** Client control mode: SOL, IDE-R and boot changes need the user's consent (a code shown on the PC's screen). */
  | 'consent-required'
  /** The consent code typed is not the one on the PC's screen (the code stays valid for another try). */
  | 'consent-wrong-code'
  /** No consent code is on the PC's screen any more: it timed out, or too many wrong codes dropped it. */
  | 'consent-expired'
  /** AMT_RedirectionService has SOL or IDE-R switched off, or its listener (ports 16994/16995) is off. */
  | 'redirection-disabled'
  /** The relay that reaches this client is offline, revoked or refused the work (issue 8); the message says which. */
  | 'relay-unavailable';

export interface AmtErrorDetail {
  /** host:port the error concerns, when there is one. */
  readonly endpoint?: string;
  /** SOAP fault subcode (local name, e.g. `DestinationUnreachable`). */
  readonly faultSubcode?: string;
  /** Numeric ReturnValue / PT_STATUS. */
  readonly returnValue?: number;
  /** HTTP status code. */
  readonly httpStatus?: number;
  /** SHA-256 fingerprints for pin errors, lower-case hex with colons. */
  readonly expectedFingerprint?: string;
  readonly actualFingerprint?: string;
  /** Why a Third Party Data Storage step failed (code 'storage'). */
  readonly storageFailure?: StorageFailure;
}

/** Why a Third Party Data Storage step failed (amt-protocols.md §2.11). */
export type StorageFailure =
  /** The firmware has no AMT_ThirdPartyDataStorageService (removed in later releases, or never there). */
  | 'not-available'
  /** The registration was refused (bad UUID or names) or expired between calls. */
  | 'registration'
  /** No room for the block: bytes or block count exhausted. */
  | 'storage-full'
  /** The block's flash reached its write-erase limit. */
  | 'write-limit'
  /** The block belongs to another application. */
  | 'not-owner'
  /** The block does not exist (any more). */
  | 'block-missing'
  /** The console's block exists but has another size than the console allocates. */
  | 'wrong-block-size'
  /** The block holds bytes that are not a host-ID record (garbage, or another program's data). */
  | 'bad-record'
  /** A write stopped part-way: the block may now hold a mix of old and new bytes. */
  | 'partial-write'
  /** Any other PT_STATUS from the service. */
  | 'status';

export class AmtError extends Error {
  override readonly name = 'AmtError';
  constructor(
    readonly code: AmtErrorCode,
    message: string,
    readonly detail: AmtErrorDetail = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAmtError(value: unknown): value is AmtError {
  return value instanceof AmtError;
}
