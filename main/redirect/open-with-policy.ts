// A redirection session opened under the console's TLS policy (amt-protocols.md §3.1): TLS on the redirection
// TLS port first when the policy allows, plain only when nothing answers there and the host has never shown
// a certificate (the WS-Man rule: a pinned host, a pin mismatch or a handshake problem never falls back to
// plain, where SOL keystrokes and BIOS passwords would cross in clear). amtctl sol and the console's SOL
// sessions both use this.

import { AmtError, type CertFingerprint } from '../../shared/domain';
import { AMT_TLS_PORT, pinKey, type AmtCredentials, type PinStore, type TlsPolicy } from '../amt/index';
import { openRedirectionSession, type RedirectionKind, type RedirectionSession, type StateChange } from './session';

export interface PolicyConnectOptions {
  readonly host: string;
  /** Default 'sol'. */
  readonly kind?: RedirectionKind;
  readonly plainPort: number;
  readonly tlsPort: number;
  readonly tlsPolicy: TlsPolicy;
  readonly credentials: AmtCredentials;
  readonly pins: PinStore;
  readonly explicitPin?: CertFingerprint;
  /** The WS-Man TLS port the certificate is pinned under (see RedirectionConnectOptions.pinTlsPort). */
  readonly pinTlsPort?: number;
  /** Connect and each handshake reply. */
  readonly timeoutMs: number;
  /** The client's old-TLS setting (TLS 1.0/1.1 on the redirection TLS port). */
  readonly legacyTls?: boolean;
  readonly onStateChange?: (change: StateChange) => void;
}

export async function openRedirectionWithPolicy(options: PolicyConnectOptions): Promise<RedirectionSession> {
  const base = {
    host: options.host,
    ...(options.kind ? { kind: options.kind } : {}),
    credentials: options.credentials,
    pins: options.pins,
    ...(options.explicitPin ? { explicitPin: options.explicitPin } : {}),
    ...(options.pinTlsPort !== undefined ? { pinTlsPort: options.pinTlsPort } : {}),
    ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
    ...(options.legacyTls ? { legacyTls: true } : {}),
    connectTimeoutMs: options.timeoutMs,
    replyTimeoutMs: options.timeoutMs,
  };
  if (options.tlsPolicy === 'http-only')
    return openRedirectionSession({ ...base, tls: false, port: options.plainPort });
  try {
    return await openRedirectionSession({ ...base, tls: true, port: options.tlsPort });
  } catch (error) {
    if (!(error instanceof AmtError) || options.tlsPolicy !== 'tls-then-http') throw error;
    const pinKeyOfHost = pinKey(options.host, options.pinTlsPort ?? AMT_TLS_PORT);
    const pinned = options.explicitPin !== undefined || options.pins.get(pinKeyOfHost) !== undefined;
    if (error.code === 'unreachable' && !pinned)
      return openRedirectionSession({ ...base, tls: false, port: options.plainPort });
    if (error.code !== 'unreachable' && error.code !== 'tls-error' && error.code !== 'connection-closed') throw error;
    const why = pinned
      ? 'this host has a pinned certificate (it answered TLS before)'
      : 'a failed TLS handshake may be an attack';
    const words = `${error.message} The plain redirection port was not tried: ${why}.`;
    throw new AmtError(error.code, words, error.detail, { cause: error });
  }
}
