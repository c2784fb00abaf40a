// One redirection connection (amt-protocols.md §3.1, §3.2, §3.6): TCP 16994 or TLS 16995 with the WS-Man pin check,
// StartRedirectionSession, auth query, digest (type 4), as one state machine whose every change is recorded.

import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { AmtError } from '../../shared/domain';
import {
  AMT_TLS_PORT,
  checkCertificatePin,
  computeDigestResponse,
  DIGEST_QOP_AUTH,
  formatHostPort,
  legacyTlsConnectOptions,
  newCnonce,
  pinKey,
  type AmtCredentials,
  type PinStore,
} from '../amt/index';
import type { CertFingerprint } from '../../shared/domain';
import {
  AMT_REDIRECTION_PORT,
  AMT_REDIRECTION_TLS_PORT,
  AUTH_STATUS,
  AUTH_TYPE,
  MSG_AUTHENTICATE_SESSION_REPLY,
  MSG_START_REDIRECTION_SESSION_REPLY,
  REDIRECTION_DIGEST_METHOD,
  REDIRECTION_DIGEST_NC,
  REDIRECTION_DIGEST_URI,
  SESSION_ID_IDER,
  SESSION_ID_SOL,
  START_STATUS,
} from './constants';
import {
  decodeAuthenticateReply,
  decodeDigestChallenge,
  decodeStartRedirectionSessionReply,
  encodeAuthQuery,
  encodeDigestAnswer,
  encodeDigestStart,
  encodeEndRedirectionSession,
  encodeStartRedirectionSession,
  FrameReader,
} from './frames';

/** Phases of one connection, in order (amtterm numbers them by phase; we name them). */
export type RedirectState =
  | 'idle'
  | 'connecting'
  | 'starting'
  | 'auth-query'
  | 'auth-digest'
  | 'authenticated'
  | 'sol-starting'
  | 'sol-active'
  | 'sol-ending'
  | 'ider-starting'
  | 'ider-active'
  | 'ider-ending'
  | 'closing'
  | 'closed'
  | 'failed';

export const REDIRECT_STATE_LABELS: Readonly<Record<RedirectState, string>> = {
  idle: 'not connected yet',
  connecting: 'opening TCP/TLS to the redirection port',
  starting: 'StartRedirectionSession sent, waiting for the reply',
  'auth-query': 'asking which authentication types the device offers',
  'auth-digest': 'digest authentication in progress',
  authenticated: 'authenticated; no SOL or IDE-R yet',
  'sol-starting': 'StartSOLRedirection sent, waiting for the reply',
  'sol-active': 'serial-over-LAN active',
  'sol-ending': 'EndSOLRedirection sent, waiting for the reply',
  'ider-starting': 'StartIDERedirection sent, enabling the redirected drives',
  'ider-active': 'IDE redirection active',
  'ider-ending': 'EndIDERedirection sent, waiting for the reply',
  closing: 'EndRedirectionSession sent, closing the connection',
  closed: 'connection closed',
  failed: 'failed',
};

export interface StateChange {
  readonly from: RedirectState;
  readonly to: RedirectState;
}

/** What one redirection connection carries (§3.1: one connection = one session type). */
export type RedirectionKind = 'sol' | 'ider';
const SESSION_IDS: Readonly<Record<RedirectionKind, Uint8Array>> = { sol: SESSION_ID_SOL, ider: SESSION_ID_IDER };
export const REDIRECTION_KIND_LABELS: Readonly<Record<RedirectionKind, string>> = { sol: 'SOL', ider: 'IDE-R' };

export interface RedirectionConnectOptions {
  readonly host: string;
  /** Default 'sol'. */
  readonly kind?: RedirectionKind;
  /** Default 16994 (plain) or 16995 (TLS). */
  readonly port?: number;
  readonly tls: boolean;
  readonly credentials: AmtCredentials;
  /** Required with tls: the same pin store WS-Man uses. */
  readonly pins?: PinStore;
  readonly explicitPin?: CertFingerprint;
  /**
   * The pin is looked up under the device's WS-Man TLS port (default 16993): we assume AMT presents one
   * certificate on 16993 and 16995 [unconfirmed], so a certificate pinned by WS-Man also guards SOL.
   */
  readonly pinTlsPort?: number;
  readonly connectTimeoutMs?: number;
  /** Bound on each reply the handshake waits for. */
  readonly replyTimeoutMs?: number;
  /** The client's old-TLS setting: TLS 1.0/1.1 allowed (main/amt/legacy-tls.ts), as for its WS-Man port. */
  readonly legacyTls?: boolean;
  readonly onStateChange?: (change: StateChange) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REPLY_TIMEOUT_MS = 10_000;
/** Bound on messages held behind an awaited reply (a peer flooding before we listen is malformed). */
const MAX_HELD_MESSAGES = 256;

interface Waiter {
  readonly type: number;
  readonly resolve: (message: Uint8Array) => void;
  readonly reject: (error: AmtError) => void;
  readonly timer: NodeJS.Timeout;
}

/** An open redirection connection; SOL (sol.ts) runs on top of it. */
export class RedirectionSession {
  private current: RedirectState = 'idle';
  private readonly changes: StateChange[] = [];
  private readonly reader = new FrameReader();
  private waiter: Waiter | undefined;
  private socket: Socket | undefined;
  private failure: AmtError | undefined;
  private resolveClosed: (error: AmtError | undefined) => void = () => undefined;
  /** Resolves once the connection is gone: undefined after a clean close, the error otherwise. */
  readonly closed: Promise<AmtError | undefined> = new Promise((resolve) => {
    this.resolveClosed = resolve;
  });
  /** Messages nobody waits for (SOL data, controls, heartbeats) go here; unset means they are unexpected. */
  private onMessage: ((message: Uint8Array) => void) | undefined;
  /**
   * Messages that arrived in the same read as an awaited reply, behind it: the reply's waiter resumes only
   * after this read is processed, so whoever it hands over to (SOL's dispatcher, the next expect) has not
   * had the chance to listen yet. They are held, in order, for that next listener.
   */
  private held: Uint8Array[] = [];
  /** Called for every chunk received, before framing (the SOL silence watchdog). */
  onBytes: (() => void) | undefined;

  constructor(
    readonly where: string,
    private readonly onStateChange?: (change: StateChange) => void,
  ) {}

  get state(): RedirectState {
    return this.current;
  }

  /** Every state change so far, oldest first. */
  get history(): readonly StateChange[] {
    return this.changes;
  }

  /** The one place the state changes. */
  transition(to: RedirectState): void {
    const change = { from: this.current, to };
    this.current = to;
    this.changes.push(change);
    this.onStateChange?.(change);
  }

  /** @internal used by openRedirectionSession once the socket is up. */
  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(
        new AmtError(
          'connection-closed',
          `The redirection connection to ${this.where} failed (${err.code ?? 'socket error'}).`,
          { endpoint: this.where },
        ),
      ),
    );
    socket.on('close', () => {
      if (this.current !== 'closed' && this.current !== 'failed') {
        this.fail(
          new AmtError(
            'connection-closed',
            `${this.where} closed the redirection connection (${REDIRECT_STATE_LABELS[this.current]}).`,
            { endpoint: this.where },
          ),
        );
      }
    });
  }

  private receive(chunk: Uint8Array): void {
    if (this.current === 'failed' || this.current === 'closed') return;
    this.onBytes?.();
    let messages: Uint8Array[];
    try {
      messages = this.reader.push(chunk);
    } catch (error) {
      const e = error as AmtError;
      this.fail(new AmtError('malformed-frame', `${this.where}: ${e.message}`, { endpoint: this.where }));
      return;
    }
    let replied = this.held.length > 0;
    for (const message of messages) {
      if (this.isOver()) return;
      if (replied) {
        if (this.held.length >= MAX_HELD_MESSAGES) return this.fail(this.unexpected(message));
        this.held.push(message);
        continue;
      }
      const waiter = this.waiter;
      if (waiter && message[0] === waiter.type) {
        this.waiter = undefined;
        clearTimeout(waiter.timer);
        waiter.resolve(message);
        replied = true;
      } else if (this.onMessage) {
        this.onMessage(message);
      } else {
        this.fail(this.unexpected(message));
      }
    }
  }

  private unexpected(message: Uint8Array): AmtError {
    const got = `0x${(message[0] ?? 0).toString(16)}`;
    return new AmtError(
      'malformed-frame',
      `${this.where} sent message type ${got} while the session was ${REDIRECT_STATE_LABELS[this.current]}.`,
      { endpoint: this.where },
    );
  }

  /** Takes over the messages nobody waits for, starting with any held behind the last awaited reply. */
  setMessageHandler(handler: (message: Uint8Array) => void): void {
    this.onMessage = handler;
    const held = this.held;
    this.held = [];
    for (const message of held) {
      if (this.isOver()) return;
      handler(message);
    }
  }

  /** A method, not an inline comparison, because handlers called above may have changed the state. */
  isOver(): boolean {
    return this.current === 'failed' || this.current === 'closed';
  }

  send(bytes: Uint8Array): void {
    if (!this.socket || this.socket.destroyed || this.current === 'failed' || this.current === 'closed') {
      throw new AmtError('connection-closed', `The redirection connection to ${this.where} is closed.`, {
        endpoint: this.where,
      });
    }
    this.socket.write(bytes);
  }

  /** Waits for the next message of `type`, at most timeoutMs; one waiter at a time. */
  expect(type: number, timeoutMs: number, what: string): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const first = this.held[0];
    if (first !== undefined) {
      if (first[0] !== type) {
        const error = this.unexpected(first);
        this.fail(error);
        return Promise.reject(error);
      }
      this.held.shift();
      return Promise.resolve(first);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new AmtError('timeout', `${this.where} did not send ${what} within ${timeoutMs} ms.`, {
            endpoint: this.where,
          }),
        );
      }, timeoutMs);
      this.waiter = { type, resolve, reject, timer };
    });
  }

  /**
   * Sends a last message (e.g. IDE-R's CHECK CONDITION for the command that cannot be served), then fails: the
   * socket is destroyed once the bytes are written, or after `flushMs` at most when the peer does not read.
   */
  sendThenFail(bytes: Uint8Array, error: AmtError, flushMs = 1000): void {
    const socket = this.socket;
    if (!socket || socket.destroyed || this.isOver()) return this.fail(error);
    const timer = setTimeout(() => this.fail(error), flushMs);
    timer.unref();
    socket.write(bytes, () => {
      clearTimeout(timer);
      this.fail(error);
    });
  }

  /** Ends the connection with an error: the waiter is rejected, the socket destroyed, state 'failed'. */
  fail(error: AmtError): void {
    if (this.current === 'failed' || this.current === 'closed') return;
    this.failure = error;
    this.transition('failed');
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.socket?.destroy();
    this.resolveClosed(error);
  }

  /** Sends EndRedirectionSession (when still possible) and closes the connection cleanly. */
  close(): void {
    if (this.current === 'failed' || this.current === 'closed') return;
    this.transition('closing');
    const socket = this.socket;
    if (socket && !socket.destroyed) socket.end(encodeEndRedirectionSession());
    this.transition('closed');
    this.resolveClosed(undefined);
    // A peer that never closes its side must not keep us around.
    socket?.destroy();
  }
}

function openSocket(options: RedirectionConnectOptions, where: string, port: number): Promise<Socket> {
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let settled = false;
    let socket: Socket;
    const finish = (error: AmtError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        socket.removeAllListeners('error');
        resolve(socket);
      }
    };
    const timer = setTimeout(
      () =>
        finish(
          new AmtError('timeout', `${where} did not accept the redirection connection within ${timeoutMs} ms.`, {
            endpoint: where,
          }),
        ),
      timeoutMs,
    );
    if (options.tls) {
      if (!options.pins) {
        clearTimeout(timer);
        reject(new AmtError('bad-input', 'TLS redirection needs a pin store (the same one WS-Man uses).'));
        return;
      }
      const pins = options.pins;
      // AMT's certificate is self-signed (§1.8): chain validation is replaced by the WS-Man pin check.
      const tlsSocket: TLSSocket = connectTls({
        host: options.host,
        port,
        rejectUnauthorized: false,
        servername: undefined,
        ...legacyTlsConnectOptions(options.legacyTls),
      });
      socket = tlsSocket;
      tlsSocket.once('secureConnect', () => {
        const der = tlsSocket.getPeerCertificate(true)?.raw;
        if (!der) return finish(new AmtError('tls-error', `${where} presented no certificate.`, { endpoint: where }));
        try {
          checkCertificatePin(
            {
              pins,
              key: pinKey(options.host, options.pinTlsPort ?? AMT_TLS_PORT),
              ...(options.explicitPin ? { explicitPin: options.explicitPin } : {}),
            },
            der,
          );
        } catch (error) {
          return finish(error as AmtError);
        }
        finish(undefined);
      });
    } else {
      socket = connectTcp({ host: options.host, port });
      socket.once('connect', () => finish(undefined));
    }
    socket.setNoDelay(true);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'socket error';
      const unreachable = code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
      finish(
        unreachable
          ? new AmtError('unreachable', `Nothing accepted a redirection connection at ${where} (${code}).`, {
              endpoint: where,
            })
          : new AmtError(
              options.tls ? 'tls-error' : 'connection-closed',
              `The redirection connection to ${where} failed (${code}).`,
              { endpoint: where },
            ),
      );
    });
  });
}

/**
 * Connects and authenticates a SOL or IDE-R redirection session (§3.6 up to "0x14 status 0"). Rejects with 'busy' when
 * another console holds that session type, 'auth-failed' on a refused password (never retried: each failure counts toward the
 * AMT lockout, §1.9), 'unsupported' when the device offers no digest auth, 'timeout', 'malformed-frame'.
 */
export async function openRedirectionSession(options: RedirectionConnectOptions): Promise<RedirectionSession> {
  const port = options.port ?? (options.tls ? AMT_REDIRECTION_TLS_PORT : AMT_REDIRECTION_PORT);
  const where = formatHostPort(options.host, port);
  const replyMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  const session = new RedirectionSession(where, options.onStateChange);
  session.transition('connecting');
  let socket: Socket;
  try {
    socket = await openSocket(options, where, port);
  } catch (error) {
    session.fail(error as AmtError);
    throw error;
  }
  session.attach(socket);
  try {
    session.transition('starting');
    const started = session.expect(MSG_START_REDIRECTION_SESSION_REPLY, replyMs, 'StartRedirectionSessionReply');
    const kind = options.kind ?? 'sol';
    const label = REDIRECTION_KIND_LABELS[kind];
    session.send(encodeStartRedirectionSession(SESSION_IDS[kind]));
    const start = decodeStartRedirectionSessionReply(await started);
    if (start.status === START_STATUS.busy) {
      throw new AmtError(
        'busy',
        `Another console holds the ${label} session of ${where}; try again when it has ended.`,
        { endpoint: where },
      );
    }
    if (start.status !== START_STATUS.ok) {
      throw new AmtError(
        'unsupported',
        `${where} refused the ${label} redirection session (status 0x${start.status.toString(16)}); is ${label} enabled in AMT_RedirectionService?`,
        { endpoint: where },
      );
    }

    session.transition('auth-query');
    const queried = session.expect(MSG_AUTHENTICATE_SESSION_REPLY, replyMs, 'the auth query reply');
    session.send(encodeAuthQuery());
    const query = decodeAuthenticateReply(await queried);
    // Only "type 0, status 0" lists the offered types (§3.2 step 1); anything else ends here, as amtterm does.
    if (query.authType !== AUTH_TYPE.query) {
      const words = `${where} answered the authentication query with auth type ${query.authType} instead of 0 (query).`;
      throw new AmtError('malformed-frame', words, { endpoint: where });
    }
    if (query.status !== AUTH_STATUS.success) {
      const words = `${where} refused the redirection authentication query (status ${query.status}); SOL cannot start.`;
      throw new AmtError('unsupported', words, { endpoint: where });
    }
    const offered = [...query.data];
    if (!offered.includes(AUTH_TYPE.digestQop)) {
      // Plain (1) would send the password in clear and RFC 2069 digest (3) is weaker; refusing is the safe default.
      throw new AmtError(
        'unsupported',
        `${where} offers redirection auth types [${offered.join(', ')}] but not digest with qop (4).`,
        { endpoint: where },
      );
    }

    session.transition('auth-digest');
    const { user, password } = options.credentials;
    const challenged = session.expect(MSG_AUTHENTICATE_SESSION_REPLY, replyMs, 'the digest challenge');
    session.send(encodeDigestStart(user, REDIRECTION_DIGEST_URI));
    const challengeReply = decodeAuthenticateReply(await challenged);
    if (challengeReply.status !== AUTH_STATUS.failureOrChallenge || challengeReply.authType !== AUTH_TYPE.digestQop) {
      throw new AmtError(
        'malformed-frame',
        `${where} answered the digest start with status ${challengeReply.status}, type ${challengeReply.authType} instead of a challenge.`,
        { endpoint: where },
      );
    }
    const challenge = decodeDigestChallenge(challengeReply.data);
    const cnonce = newCnonce();
    const qop = challenge.qop ?? DIGEST_QOP_AUTH;
    const response = computeDigestResponse({
      user,
      realm: challenge.realm,
      password,
      method: REDIRECTION_DIGEST_METHOD,
      uri: REDIRECTION_DIGEST_URI,
      nonce: challenge.nonce,
      nc: REDIRECTION_DIGEST_NC,
      cnonce,
      qop,
    });
    const answered = session.expect(MSG_AUTHENTICATE_SESSION_REPLY, replyMs, 'the authentication result');
    session.send(
      encodeDigestAnswer({
        user,
        realm: challenge.realm,
        nonce: challenge.nonce,
        uri: REDIRECTION_DIGEST_URI,
        cnonce,
        nc: REDIRECTION_DIGEST_NC,
        response,
        qop,
      }),
    );
    const result = decodeAuthenticateReply(await answered);
    if (result.status !== AUTH_STATUS.success) {
      throw new AmtError(
        'auth-failed',
        `${where} refused the user name or password for redirection; not retried (failures count toward AMT's lockout).`,
        { endpoint: where },
      );
    }
    session.transition('authenticated');
    return session;
  } catch (error) {
    const amtError =
      error instanceof AmtError
        ? error
        : new AmtError('malformed-frame', `${where}: ${String(error)}`, { endpoint: where });
    session.fail(amtError);
    throw amtError;
  }
}
