// The WS-Man wire: POST /wsman over TLS (pinned) or plain HTTP with digest auth (amt-protocols.md §1.2, §1.7–1.9,
// §6 pitfalls 1–4, 6–8). One request in flight per device; a warm request costs one HTTP round trip.

import { isIP } from 'node:net';
import { AmtError, type CertFingerprint } from '../../shared/domain';
import { DigestSession, parseDigestChallenge, type DigestChallenge } from './digest';
import { HttpConnection, type HttpConnectOptions } from './http-connection';
import type { ParsedHttpResponse } from './http-response-parser';
import { checkCertificatePin, pinKey } from './tls-pin';
import {
  callLimitsOf,
  type CallLimits,
  type TransportOptions,
  type TransportStats,
  type WsmanHttpResponse,
  type WsmanTransport,
} from './transport-types';

export const WSMAN_PATH = '/wsman';
export const WSMAN_METHOD = 'POST';
export const WSMAN_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
export const DEFAULT_IDLE_CLOSE_MS = 30_000;
const HTTP_UNAUTHORIZED = 401;
/** Statuses whose body is a SOAP answer (a fault on 400/500) for the WS-Man layer to read (§1.6). */
const SOAP_STATUSES = new Set([200, 400, 500]);
/**
 * The only failure that lets 'tls-then-http' try plain HTTP (§1.1): nothing accepted TCP on the TLS port.
 * A handshake that fails or is reset is never a reason: an on-path attacker can cause exactly that.
 */
const NO_TLS_CODE = 'unreachable';
/** Failures on the TLS port whose error, under 'tls-then-http', says why plain HTTP was not tried instead. */
const FALLBACK_REFUSAL_CODES = new Set(['unreachable', 'tls-error', 'connection-closed']);
/** Most sends one post() can make: unauthenticated probe, authenticated try, one re-challenge (§6 pitfall 1). */
const MAX_SENDS_PER_POST = 3;

type Negotiated = NonNullable<WsmanTransport['negotiated']>;

function hostHeader(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Every Digest challenge in a 401, looking through repeated WWW-Authenticate headers (AMT may add Negotiate). */
function digestChallengeOf(response: ParsedHttpResponse, where: string): DigestChallenge {
  for (const [name, value] of response.headerList) {
    if (name.toLowerCase() !== 'www-authenticate') continue;
    const challenge = parseDigestChallenge(value);
    if (challenge) return challenge;
  }
  throw new AmtError(
    'unsupported',
    `${where} answered 401 without a Digest challenge; only digest authentication is supported.`,
    {
      endpoint: where,
      httpStatus: HTTP_UNAUTHORIZED,
    },
  );
}

class Transport implements WsmanTransport {
  private readonly digest: DigestSession;
  private connection: HttpConnection | undefined;
  private mode: Negotiated | undefined;
  private rejection: AmtError | undefined;
  private closed = false;
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private requestCount = 0;
  private connectionCount = 0;

  constructor(
    private readonly options: TransportOptions,
    makeCnonce?: () => string,
  ) {
    this.digest = new DigestSession(options.credentials, makeCnonce);
  }

  get negotiated(): Negotiated | undefined {
    return this.mode;
  }

  get stats(): TransportStats {
    return { requests: this.requestCount, connections: this.connectionCount };
  }

  post(envelope: string, limits?: CallLimits): Promise<WsmanHttpResponse> {
    // One request in flight per device (§6 pitfall 4): each post waits for the one before it.
    const callLimits = { ...callLimitsOf(this.options), ...(limits ? callLimitsOf(limits) : {}) };
    const run = this.tail.then(() => this.postNow(envelope, callLimits));
    this.tail = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.connection?.close();
    this.connection = undefined;
  }

  /** Closes the kept-alive connection but keeps the digest state, so the next post stays one round trip. */
  dropConnection(): void {
    clearTimeout(this.idleTimer);
    this.connection?.close();
    this.connection = undefined;
  }

  private get where(): string {
    const e = this.options.endpoint;
    return hostHeader(e.host, e.httpPort);
  }

  private async postNow(envelope: string, limits: CallLimits): Promise<WsmanHttpResponse> {
    if (this.closed)
      throw new AmtError('connection-closed', `The transport to ${this.where} was closed.`, { endpoint: this.where });
    // A rejected password is never tried again by this transport (§1.9 lockout).
    if (this.rejection) throw this.rejection;
    clearTimeout(this.idleTimer);
    try {
      return await this.authenticatedPost(Buffer.from(envelope, 'utf8'), limits);
    } finally {
      this.armIdleTimer();
    }
  }

  private async authenticatedPost(body: Buffer, limits: CallLimits): Promise<WsmanHttpResponse> {
    let rechallenged = false;
    for (let send = 1; send <= MAX_SENDS_PER_POST; send++) {
      const used = this.digest.challenge;
      const freshThisPost = rechallenged || send > 1;
      const authorization = this.digest.authorize(WSMAN_METHOD, WSMAN_PATH);
      const response = await this.send(body, authorization, limits);
      if (response.status !== HTTP_UNAUTHORIZED) return this.toWsmanResponse(response);
      const challenge = digestChallengeOf(response, this.where);
      if (authorization === undefined || used === undefined) {
        this.digest.accept(challenge); // first contact: the 401 is the challenge, not a failure
        continue;
      }
      // A nonce cached from an earlier post may have expired or been reset by the device (§1.7): that
      // earns one re-challenge. A nonce that arrived during this very post was fresh, so a 401 to it
      // means the credentials are wrong; retrying would only add a failure towards the lockout.
      const nonceMoved = challenge.stale || (challenge.nonce !== used.nonce && !freshThisPost);
      if (nonceMoved && !rechallenged) {
        rechallenged = true;
        this.digest.accept(challenge);
        continue;
      }
      break;
    }
    this.digest.reset();
    this.rejection = new AmtError(
      'auth-failed',
      `The device at ${this.where} rejected the user name or password for user "${this.options.credentials.user}" ` +
        '(or the account is locked after repeated failures). This connection will not try again; ' +
        'check the credentials before retrying, because AMT locks the account after repeated failures.',
      { endpoint: this.where, httpStatus: HTTP_UNAUTHORIZED },
    );
    this.dropConnection();
    throw this.rejection;
  }

  private toWsmanResponse(response: ParsedHttpResponse): WsmanHttpResponse {
    if (!SOAP_STATUSES.has(response.status)) {
      throw new AmtError(
        'http-status',
        `${this.where} answered HTTP ${response.status} ${response.reason}`.trim() + '.',
        {
          endpoint: this.where,
          httpStatus: response.status,
        },
      );
    }
    return { status: response.status, headers: response.headers, body: response.body.toString('utf8') };
  }

  /** One HTTP exchange; a kept-alive socket that the peer closed while idle gets one retry on a new socket. */
  private async send(body: Buffer, authorization: string | undefined, limits: CallLimits): Promise<ParsedHttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.openConnection(limits);
      const e = this.options.endpoint;
      const port = connection.tls ? e.tlsPort : e.httpPort;
      const headers: [string, string][] = [
        ['Host', hostHeader(e.host, port)],
        ['Content-Type', WSMAN_CONTENT_TYPE],
      ];
      if (authorization !== undefined) headers.push(['Authorization', authorization]);
      this.requestCount++;
      try {
        const response = await connection.exchange(
          { method: WSMAN_METHOD, path: WSMAN_PATH, headers, body },
          {
            ...(limits.readTimeoutMs !== undefined ? { readTimeoutMs: limits.readTimeoutMs } : {}),
            ...(limits.exchangeDeadlineMs !== undefined ? { deadlineMs: limits.exchangeDeadlineMs } : {}),
            ...(this.options.maxResponseBytes !== undefined ? { maxBodyBytes: this.options.maxResponseBytes } : {}),
            ...(this.options.maxHeaderBytes !== undefined ? { maxHeaderBytes: this.options.maxHeaderBytes } : {}),
          },
        );
        const server = response.headers['server'];
        if (server !== undefined && this.mode) this.mode = { ...this.mode, serverHeader: server };
        if (!connection.reusable) this.forget(connection); // e.g. AMT's 401 carries Connection: close (§1.2)
        return response;
      } catch (err) {
        this.forget(connection);
        const staleSocket = connection.exchanges > 0 && !connection.lastExchangeGotBytes;
        if (attempt === 1 && staleSocket && err instanceof AmtError && err.code === 'connection-closed') continue;
        throw err;
      }
    }
  }

  private forget(connection: HttpConnection): void {
    connection.close();
    if (this.connection === connection) this.connection = undefined;
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (!this.connection) return;
    this.idleTimer = setTimeout(() => this.dropConnection(), this.options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS);
    this.idleTimer.unref(); // an idle device connection must not keep a CLI process alive
  }

  private async openConnection(limits: CallLimits): Promise<HttpConnection> {
    if (this.connection?.reusable) return this.connection;
    this.connection?.close();
    this.connection = undefined;
    const connection = await this.connectByPolicy(limits);
    this.connectionCount++;
    this.connection = connection;
    return connection;
  }

  private connectOptions(tls: boolean, limits: CallLimits): HttpConnectOptions {
    const e = this.options.endpoint;
    const key = pinKey(e.host, e.tlsPort);
    return {
      host: e.host,
      port: tls ? e.tlsPort : e.httpPort,
      tls,
      ...(tls && this.options.legacyTls ? { legacyTls: true } : {}),
      ...(limits.connectTimeoutMs !== undefined ? { connectTimeoutMs: limits.connectTimeoutMs } : {}),
      ...(tls
        ? {
            verifyPeerCertificate: (der: Buffer): void => {
              const fingerprint: CertFingerprint = checkCertificatePin(
                {
                  pins: this.options.pins,
                  key,
                  ...(this.options.explicitPin !== undefined ? { explicitPin: this.options.explicitPin } : {}),
                },
                der,
              );
              this.mode = { ...(this.mode?.tls ? this.mode : {}), tls: true, fingerprint };
            },
          }
        : {}),
    };
  }

  /** A pin (stored or supplied) or an earlier TLS answer: this host does TLS, so plain HTTP is never tried. */
  private hasSpokenTls(): boolean {
    const e = this.options.endpoint;
    if (this.mode?.tls === true || this.options.explicitPin !== undefined) return true;
    return this.options.pins.get(pinKey(e.host, e.tlsPort)) !== undefined;
  }

  /** Under 'tls-then-http' the error says why plain HTTP was not tried, and what to change if TLS is truly old. */
  private withNoFallbackReason(err: unknown, policy: TransportOptions['tlsPolicy']): unknown {
    if (policy !== 'tls-then-http' || !(err instanceof AmtError) || !FALLBACK_REFUSAL_CODES.has(err.code)) return err;
    const why = this.hasSpokenTls()
      ? 'this host has a pinned certificate (it answered TLS before)'
      : 'a failed TLS handshake may be an attack';
    const legacyHint = err.code === 'tls-error' && !this.options.legacyTls;
    const hint = legacyHint
      ? ' If it is AMT 11 or older, allow old TLS for it (Old TLS in its details, amtctl --legacy-tls).'
      : '';
    const words = `${err.message} Plain HTTP was not tried: ${why}.${hint}`;
    return new AmtError(err.code, words, err.detail, { cause: err });
  }

  private async connectByPolicy(limits: CallLimits): Promise<HttpConnection> {
    const policy = this.options.tlsPolicy;
    const plain = async (): Promise<HttpConnection> => {
      const connection = await HttpConnection.open(this.connectOptions(false, limits));
      if (!this.mode || this.mode.tls) this.mode = { tls: false };
      return connection;
    };
    if (policy === 'http-only' || (this.mode !== undefined && !this.mode.tls)) return plain();
    try {
      return await HttpConnection.open(this.connectOptions(true, limits));
    } catch (err) {
      // Never fall back on a pin mismatch, a handshake problem or a timeout, and never for a host that has a
      // pin or has answered TLS before: only when TLS is plainly not there on a host never seen over TLS.
      const noTls = err instanceof AmtError && err.code === NO_TLS_CODE;
      if (policy !== 'tls-then-http' || !noTls || this.hasSpokenTls()) throw this.withNoFallbackReason(err, policy);
      try {
        return await plain();
      } catch (plainErr) {
        if (plainErr instanceof AmtError) {
          throw new AmtError(
            plainErr.code,
            `${plainErr.message} (TLS on port ${this.options.endpoint.tlsPort} failed first: ${(err as AmtError).message})`,
            plainErr.detail,
            { cause: plainErr },
          );
        }
        throw plainErr;
      }
    }
  }
}

/** Creates the wire transport for one device and one user. Nothing is sent until the first post(). */
export function createWsmanTransport(options: TransportOptions): WsmanTransport & { dropConnection(): void } {
  return new Transport(options);
}

/** Same, with a fixed cnonce source: for tests that check exact digest values. */
export function createWsmanTransportForTest(options: TransportOptions, makeCnonce: () => string): WsmanTransport {
  return new Transport(options, makeCnonce);
}
