// The seam between WS-Management (envelopes, parsing, operations) and the wire (TCP/TLS, HTTP,
// digest, certificate pins). The WS-Man client only ever sees this interface.

import type { CertFingerprint } from '../../shared/domain';

/** Where one AMT device answers. Real devices use 16992 (HTTP) and 16993 (HTTPS). */
export interface AmtEndpoint {
  readonly host: string;
  readonly httpPort: number;
  readonly tlsPort: number;
}

export interface AmtCredentials {
  readonly user: string;
  readonly password: string;
}

/** Trust-on-first-use store of certificate fingerprints, keyed by `host:tlsPort`. */
export interface PinStore {
  get(key: string): CertFingerprint | undefined;
  set(key: string, fingerprint: CertFingerprint): void;
}

/**
 * How to reach a device:
 * - `tls-only`: HTTPS or nothing (CSME 19+, or when the user wants it).
 * - `tls-then-http`: HTTPS first; plain HTTP only when TLS cannot connect at all (older firmware,
 *   allowed per host). A pin mismatch is never a reason to fall back.
 * - `http-only`: plain HTTP, for hosts the user marked so.
 */
export type TlsPolicy = 'tls-only' | 'tls-then-http' | 'http-only';

export interface TransportOptions extends CallLimits {
  readonly endpoint: AmtEndpoint;
  readonly credentials: AmtCredentials;
  readonly tlsPolicy: TlsPolicy;
  readonly pins: PinStore;
  /** A fingerprint the user supplied; accepted instead of (and recorded over) a stored pin. */
  readonly explicitPin?: CertFingerprint;
  /** Upper bound on a response body (after de-chunking). Default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** Upper bound on the status line plus headers (and chunked trailers). Default 16 KiB. */
  readonly maxHeaderBytes?: number;
  /** A kept-alive connection unused for this long is closed (digest state is kept). Default 30 s. */
  readonly idleCloseMs?: number;
  /**
   * Opt-in legacy TLS profile for AMT 11.x and older (§1.8, §6 pitfall 7): TLS 1.0/1.1 and RSA key exchange
   * allowed (main/amt/legacy-tls.ts, under OpenSSL and BoringSSL). Off by default; the client's stored
   * "old TLS" setting or amtctl --legacy-tls turns it on per device, never globally.
   */
  readonly legacyTls?: boolean;
}

/**
 * Time limits of one call. A transport is shared by everyone who talks to a device (discovery, the
 * console's calls, client control), so each caller brings its own limits to each post instead of the
 * transport being rebuilt (and its digest state and connection lost) for every other set of timeouts.
 */
export interface CallLimits {
  readonly connectTimeoutMs?: number;
  /** A peer silent for this long fails the request. */
  readonly readTimeoutMs?: number;
  /** One HTTP exchange (request written to last response byte) fails after this long, however steady. Default 60 s. */
  readonly exchangeDeadlineMs?: number;
}

/** The limits a TransportOptions carries, as per-call limits. */
export function callLimitsOf(options: CallLimits): CallLimits {
  return {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.readTimeoutMs !== undefined ? { readTimeoutMs: options.readTimeoutMs } : {}),
    ...(options.exchangeDeadlineMs !== undefined ? { exchangeDeadlineMs: options.exchangeDeadlineMs } : {}),
  };
}

export interface WsmanHttpResponse {
  /** 200, or 400/500 carrying a SOAP fault; every other status is turned into an AmtError. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface TransportStats {
  /** HTTP requests written to the wire, including the unauthenticated first one and retries. */
  readonly requests: number;
  /** TCP/TLS connections opened. */
  readonly connections: number;
}

export interface WsmanTransport {
  /**
   * POST one SOAP envelope to /wsman with digest auth; rejects with an AmtError. `limits` override the
   * transport's own timeouts for this call only.
   */
  post(envelope: string, limits?: CallLimits): Promise<WsmanHttpResponse>;
  /** What the transport ended up using, once known. */
  readonly negotiated:
    { readonly tls: boolean; readonly fingerprint?: CertFingerprint; readonly serverHeader?: string } | undefined;
  readonly stats: TransportStats;
  close(): void;
}
