// One raw HTTP/1.1 connection over a net or tls socket (amt-protocols.md §1.2, §1.8): the peer certificate is
// checked before any request byte is written, every read is bounded in time and size, errors are AmtErrors.

import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { AmtError } from '../../shared/domain';
import { legacyTlsConnectOptions } from './legacy-tls';
import { HttpResponseParser, type HttpResponseLimits, type ParsedHttpResponse } from './http-response-parser';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
/**
 * Whole-exchange bound: the read timeout restarts on every chunk, so a peer trickling a byte every few seconds
 * would otherwise hold the request (and its device-gate slot) for days. AMT answers in well under a second.
 */
export const DEFAULT_EXCHANGE_DEADLINE_MS = 60_000;

/** Socket errors that mean nothing is there to talk to (as opposed to a peer misbehaving). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTDOWN',
]);
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export interface HttpConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly connectTimeoutMs?: number;
  /**
   * Called with the peer's DER certificate after the TLS handshake and before anything is written.
   * Throwing refuses the connection (the socket is destroyed, no request byte leaves).
   */
  readonly verifyPeerCertificate?: (der: Buffer) => void;
  /** Allow TLS 1.0/1.1 and legacy suites (opt-in per device). */
  readonly legacyTls?: boolean;
}

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** Header lines to send, in order; Content-Length is added from the body. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export interface HttpExchangeOptions extends HttpResponseLimits {
  readonly readTimeoutMs?: number;
  /** From writing the request to the last response byte, however steadily bytes arrive. */
  readonly deadlineMs?: number;
}

function endpointText(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Maps a socket error to an AmtError; `phase` tells connect-time failures from mid-exchange ones. */
export function socketErrorToAmtError(err: unknown, where: string, phase: 'connect' | 'tls' | 'exchange'): AmtError {
  if (err instanceof AmtError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = { endpoint: where };
  if (UNREACHABLE_CODES.has(code)) {
    return new AmtError('unreachable', `Nothing accepted a connection at ${where} (${code}).`, detail, { cause: err });
  }
  if (phase === 'tls') {
    const reason = err instanceof Error ? err.message : String(err);
    return new AmtError('tls-error', `The TLS handshake with ${where} failed: ${reason}`, detail, { cause: err });
  }
  if (CLOSED_CODES.has(code) || phase === 'exchange') {
    return new AmtError(
      'connection-closed',
      `The connection to ${where} was closed or reset (${code || 'socket error'}).`,
      detail,
      { cause: err },
    );
  }
  return new AmtError('unreachable', `Could not connect to ${where} (${code || 'socket error'}).`, detail, {
    cause: err,
  });
}

export class HttpConnection {
  private closedFlag = false;
  private busy = false;
  private unusable = false;
  /** Requests answered on this connection; >0 means it was reused from an earlier exchange. */
  exchanges = 0;
  /** Whether the last exchange received any response byte (a reused socket closed before answering can be retried). */
  lastExchangeGotBytes = false;

  private constructor(
    private readonly socket: Socket,
    readonly where: string,
    readonly tls: boolean,
  ) {
    socket.on('close', () => {
      this.closedFlag = true;
    });
    // Between exchanges nobody listens; an idle keep-alive socket that errors is simply dead.
    socket.on('error', () => {
      this.closedFlag = true;
    });
    socket.on('data', this.onIdleData);
    // An idle kept-alive socket must not keep a CLI process alive; it is ref'd only while a request is in flight.
    socket.unref();
  }

  /** Bytes while no request is in flight: the peer is not speaking request/response HTTP. */
  private readonly onIdleData = (): void => {
    this.unusable = true;
    this.socket.destroy();
  };

  /** Opens TCP (and TLS) within connectTimeoutMs; the certificate check runs before this resolves. */
  static open(options: HttpConnectOptions): Promise<HttpConnection> {
    const where = endpointText(options.host, options.port);
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise<HttpConnection>((resolve, reject) => {
      let settled = false;
      let tcpUp = false;
      let socket: Socket;
      const fail = (error: AmtError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(() => {
        const stage = options.tls && tcpUp ? 'complete the TLS handshake' : 'accept the connection';
        fail(new AmtError('timeout', `${where} did not ${stage} within ${timeoutMs} ms.`, { endpoint: where }));
      }, timeoutMs);
      const succeed = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        resolve(new HttpConnection(socket, where, options.tls));
      };
      if (options.tls) {
        const tlsSocket: TLSSocket = connectTls({
          host: options.host,
          port: options.port,
          // AMT presents a self-signed certificate (§1.8): chain validation is replaced by our pin check below.
          rejectUnauthorized: false,
          ...legacyTlsConnectOptions(options.legacyTls),
          ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
        });
        socket = tlsSocket;
        tlsSocket.once('connect', () => {
          tcpUp = true;
        });
        tlsSocket.once('secureConnect', () => {
          const der = tlsSocket.getPeerCertificate(true)?.raw;
          if (!der || der.length === 0) {
            fail(new AmtError('tls-error', `${where} presented no certificate.`, { endpoint: where }));
            return;
          }
          try {
            options.verifyPeerCertificate?.(der);
          } catch (err) {
            fail(socketErrorToAmtError(err, where, 'tls'));
            return;
          }
          succeed();
        });
      } else {
        socket = connectTcp({ host: options.host, port: options.port });
        socket.once('connect', () => {
          tcpUp = true;
          succeed();
        });
      }
      // On a TLS port every failure after the connection was accepted is a handshake failure, even a reset
      // that arrives before the 'connect' event is seen ("nothing listens" stays 'unreachable').
      socket.on('error', (err) => fail(socketErrorToAmtError(err, where, options.tls ? 'tls' : 'connect')));
      socket.on('close', () => {
        const error = options.tls
          ? new AmtError('tls-error', `${where} closed the connection during the TLS handshake.`, { endpoint: where })
          : new AmtError('connection-closed', `${where} closed the connection while connecting.`, { endpoint: where });
        fail(error);
      });
    });
  }

  /** False once the peer closed, misbehaved or asked to close; the transport then opens a new one. */
  get reusable(): boolean {
    return !this.closedFlag && !this.unusable && !this.socket.destroyed;
  }

  /**
   * Writes one request and reads its response. Rejects with 'timeout' when the peer is silent for
   * readTimeoutMs or does not finish within deadlineMs, 'connection-closed' when it closes early, and the
   * parser's errors for bad bytes.
   */
  exchange(request: HttpRequest, options: HttpExchangeOptions = {}): Promise<ParsedHttpResponse> {
    if (this.busy)
      return Promise.reject(new AmtError('busy', 'Internal: a request is already in flight on this connection.'));
    if (!this.reusable) {
      return Promise.reject(
        new AmtError('connection-closed', `The connection to ${this.where} is already closed.`, {
          endpoint: this.where,
        }),
      );
    }
    const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const deadlineMs = options.deadlineMs ?? DEFAULT_EXCHANGE_DEADLINE_MS;
    const parser = new HttpResponseParser(options);
    const socket = this.socket;
    this.busy = true;
    this.lastExchangeGotBytes = false;
    socket.ref();
    socket.off('data', this.onIdleData);
    return new Promise<ParsedHttpResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = setTimeout(() => {
        const words = this.lastExchangeGotBytes ? 'kept sending but did not finish its answer' : 'did not answer';
        done(new AmtError('timeout', `${this.where} ${words} within ${deadlineMs} ms.`, { endpoint: this.where }));
      }, deadlineMs);
      const armTimer = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          done(
            new AmtError('timeout', `${this.where} did not answer within ${readTimeoutMs} ms.`, {
              endpoint: this.where,
            }),
          );
        }, readTimeoutMs);
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        clearTimeout(deadline);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.off('error', onError);
        socket.on('data', this.onIdleData);
        socket.unref();
        this.busy = false;
      };
      const done = (outcome: AmtError | ParsedHttpResponse): void => {
        cleanup();
        if (outcome instanceof AmtError) {
          this.unusable = true;
          socket.destroy();
          reject(outcome);
          return;
        }
        this.exchanges++;
        if (!outcome.keepAlive || parser.leftover.length > 0) {
          this.unusable = true;
          socket.end();
        }
        resolve(outcome);
      };
      const onData = (chunk: Buffer): void => {
        armTimer();
        this.lastExchangeGotBytes = true;
        try {
          const response = parser.push(chunk);
          if (response) done(response);
        } catch (err) {
          done(socketErrorToAmtError(err, this.where, 'exchange'));
        }
      };
      const onEnd = (): void => {
        try {
          done(parser.end());
        } catch (err) {
          done(socketErrorToAmtError(err, this.where, 'exchange'));
        }
      };
      const onError = (err: Error): void => {
        // A reset after a complete close-delimited body still counts as the end of that body.
        onEnd();
        void err;
      };
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('close', onEnd);
      socket.on('error', onError);
      armTimer();
      socket.write(serializeRequest(request));
    });
  }

  close(): void {
    this.closedFlag = true;
    this.socket.destroy();
  }
}

/** Request head and body as one buffer, so a request leaves in a single write. */
export function serializeRequest(request: HttpRequest): Buffer {
  const lines = [`${request.method} ${request.path} HTTP/1.1`];
  for (const [name, value] of request.headers) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new AmtError('bad-input', `Header ${name.replace(/[\r\n]/g, ' ')} contains a line break.`);
    }
    lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]);
}
