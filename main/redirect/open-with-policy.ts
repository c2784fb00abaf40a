// A redirection session opened under the console's TLS policy (amt-protocols.md §3.1): TLS on the redirection
// TLS port first when the policy allows, plain only when nothing answers there (the WS-Man rule: a pin or
// handshake problem never falls back to plain). amtctl sol and the console's SOL sessions both use this.

import { AmtError, type CertFingerprint } from '../../shared/domain';
import type { AmtCredentials, PinStore, TlsPolicy } from '../amt/index';
import { openRedirectionSession, type RedirectionSession, type StateChange } from './session';

export interface PolicyConnectOptions {
  readonly host: string;
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
  readonly onStateChange?: (change: StateChange) => void;
}

export async function openRedirectionWithPolicy(options: PolicyConnectOptions): Promise<RedirectionSession> {
  const base = {
    host: options.host,
    credentials: options.credentials,
    pins: options.pins,
    ...(options.explicitPin ? { explicitPin: options.explicitPin } : {}),
    ...(options.pinTlsPort !== undefined ? { pinTlsPort: options.pinTlsPort } : {}),
    ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
    connectTimeoutMs: options.timeoutMs,
    replyTimeoutMs: options.timeoutMs,
  };
  if (options.tlsPolicy === 'http-only') return openRedirectionSession({ ...base, tls: false, port: options.plainPort });
  try {
    return await openRedirectionSession({ ...base, tls: true, port: options.tlsPort });
  } catch (error) {
    if (options.tlsPolicy === 'tls-then-http' && error instanceof AmtError && error.code === 'unreachable') {
      return openRedirectionSession({ ...base, tls: false, port: options.plainPort });
    }
    throw error;
  }
}
