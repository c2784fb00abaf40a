// The console's side of relays (issue 8): a TLS listener that accepts only relays it enrolled (mutual TLS, the
// relay's certificate pinned in relay_identities), enrolment with one-time codes, revocation, and work routed
// to a relay by request id. A request for an offline relay waits (up to the caller's wait) and is sent again
// with the same id when the relay is back, so the relay's work record answers it without acting twice.
// Credentials go to a relay only when it asks for a client it serves; every refusal is logged and audited.

import { randomUUID } from 'node:crypto';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import {
  AmtError,
  type CertFingerprint,
  type ClientId,
  type RelayId,
  type RelayLink,
  type RelayLinkStatus,
} from '../../shared/domain';
import { certificateFingerprint } from '../amt/index';
import { relayAncestry, resolveCredentials } from '../fleet/index';
import type { Store } from '../store/index';
import { EnrolmentCodes, enrolmentProof, type IssuedCode } from './enrolment-codes';
import { MessageConnection } from './message-connection';
import type { MessageOfKind, RelayMessage, WorkMessage, WorkValue } from './messages';
import { createRelayRegistry, type RelayIdentity, type RelayRegistry } from './relay-registry';
import type { TlsIdentity } from './relay-certificate';

export const DEFAULT_HEARTBEAT_MS = 10_000;
const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
const DEFAULT_ANSWER_TIMEOUT_MS = 5 * 60_000;
const SERVICE_ACTOR = 'relay service';
/** Connections open at once, enrolled or not: a flood of handshakes cannot exhaust the console. */
export const MAX_RELAY_CONNECTIONS = 512;

export type RelayStatus = RelayLinkStatus;
export type WorkRequest = Omit<WorkMessage, 'kind' | 'requestId'>;
export type Availability = { readonly ok: true } | { readonly ok: false; readonly words: string };

export interface ConsoleRelayServiceOptions {
  readonly store: Store;
  /** The console's own certificate and key for the relay channel (loadOrCreateIdentity). */
  readonly identity: TlsIdentity;
  /** Default 127.0.0.1; port 0 picks a free one. */
  readonly host?: string;
  readonly port: number;
  readonly log?: (line: string) => void;
  readonly heartbeatMs?: number;
  readonly helloTimeoutMs?: number;
  /** How long an online relay may take to answer one request. */
  readonly answerTimeoutMs?: number;
  readonly codeLifetimeMs?: number;
  readonly nowMs?: () => number;
}

export interface ConsoleRelayService {
  readonly fingerprint: CertFingerprint;
  readonly registry: RelayRegistry;
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  /** A one-time code for `relayId` (audited without the code). */
  issueEnrolmentCode(relayId: RelayId, actor: string): IssuedCode;
  /** Refuses the relay from now on: closes its connection, fails its requests in hand. */
  revoke(relayId: RelayId, actor: string): void;
  status(relayId: RelayId): RelayStatus;
  /** The enrolled (possibly revoked) relay nearest a client's relay, up the tree; undefined: the console's own. */
  servingRelay(clientRelayId: RelayId | null): RelayId | undefined;
  /** Resolves once the relay is online, or with why not after `waitMs` (or at once when it is revoked). */
  whenOnline(relayId: RelayId, waitMs: number, signal?: AbortSignal): Promise<Availability>;
  /** Sends one step to the relay (held while it is offline, up to `offlineWaitMs`); throws AmtError. */
  request(relayId: RelayId, work: WorkRequest, offlineWaitMs: number): Promise<WorkValue>;
  /** Relay-channel messages (PING/PONG not counted) and frame bytes, both ways, for the bench's per-target figures. */
  counters(): RelayChannelCounters;
  /** What the console knows of each relay of its tree (the relay details view's data). */
  list(): RelayView[];
}

export interface RelayChannelCounters {
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** The service as the composition root runs it: `listening` says where, once the listener is up. */
export interface RunningRelayService {
  readonly service: ConsoleRelayService;
  readonly listening: Promise<{ host: string; port: number }>;
}

/** What the console knows of one relay of its tree (shared/domain's RelayLink). */
export type RelayView = RelayLink;

interface Pending {
  readonly relayId: RelayId;
  readonly message: WorkMessage;
  readonly offlineWaitMs: number;
  readonly resolve: (value: WorkValue) => void;
  readonly reject: (error: Error) => void;
  offlineTimer: NodeJS.Timeout | undefined;
  answerTimer: NodeJS.Timeout | undefined;
}

interface Waiter {
  readonly relayId: RelayId;
  readonly settle: (availability: Availability) => void;
}

export function createConsoleRelayService(options: ConsoleRelayServiceOptions): ConsoleRelayService {
  const { store, identity } = options;
  const log = options.log ?? (() => undefined);
  const nowMs = options.nowMs ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const helloTimeoutMs = options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
  const answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
  const registry = createRelayRegistry(store.db);
  const codes = new EnrolmentCodes(nowMs, options.codeLifetimeMs);
  const online = new Map<RelayId, MessageConnection>();
  const offlineSince = new Map<RelayId, number>();
  const pending = new Map<string, Pending>();
  const waiters = new Set<Waiter>();
  const counters = { messagesIn: 0, messagesOut: 0 };
  /** Bytes of connections that ended; live connections add theirs when counters() is read. */
  const closedBytes = { in: 0, out: 0 };
  const allConnections = new Set<MessageConnection>();
  const sockets = new Set<TLSSocket>();
  let server: Server | undefined;

  const iso = (): string => new Date(nowMs()).toISOString();
  const relayName = (relayId: RelayId): string => store.relays.get(relayId)?.name ?? `relay #${relayId}`;

  function audit(action: string, target: string, result: 'ok' | 'failed', detail: string, actor = SERVICE_ACTOR): void {
    try {
      store.audit.record({ actor, action, target, result, detail });
    } catch (error) {
      log(`relays: the audit entry could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function send(connection: MessageConnection, message: RelayMessage): boolean {
    const sent = connection.send(message);
    if (sent) counters.messagesOut += 1;
    return sent;
  }

  /** Refuses a connecting peer: REFUSED with the reason, logged and audited, then closed. */
  function refuse(
    connection: MessageConnection,
    code: MessageOfKind<'refused'>['code'],
    words: string,
    who: string,
  ): void {
    log(`relays: refused ${who} from ${connection.peer}: ${words}`);
    audit('relay:refused', who, 'failed', `${connection.peer}: ${words}`);
    send(connection, { kind: 'refused', code, words });
    connection.close(`refused: ${words}`);
  }

  function unavailable(relayId: RelayId, words: string): AmtError {
    return new AmtError('relay-unavailable', `the relay "${relayName(relayId)}" ${words}`);
  }

  function offlineWords(relayId: RelayId, waitedMs: number): string {
    const since = offlineSince.get(relayId);
    const seen = registry.get(relayId)?.lastSeenAt;
    const when =
      since !== undefined
        ? `since ${new Date(since).toISOString()}`
        : seen
          ? `(last seen ${seen})`
          : '(never connected)';
    return `is offline ${when}; waited ${Math.round(waitedMs / 1000)} s for it`;
  }

  function settleWaiters(relayId: RelayId, availability: Availability): void {
    for (const waiter of [...waiters]) if (waiter.relayId === relayId) waiter.settle(availability);
  }

  function dispatch(entry: Pending, requestId: string): void {
    const connection = online.get(entry.relayId);
    if (connection === undefined || !send(connection, entry.message)) {
      armOfflineTimer(entry, requestId);
      return;
    }
    if (entry.offlineTimer) clearTimeout(entry.offlineTimer);
    entry.offlineTimer = undefined;
    entry.answerTimer ??= setTimeout(() => {
      finish(
        requestId,
        unavailable(
          entry.relayId,
          `did not answer a ${entry.message.op} request within ${Math.round(answerTimeoutMs / 1000)} s`,
        ),
      );
    }, answerTimeoutMs);
  }

  function armOfflineTimer(entry: Pending, requestId: string): void {
    if (entry.offlineTimer) return;
    entry.offlineTimer = setTimeout(
      () => finish(requestId, unavailable(entry.relayId, offlineWords(entry.relayId, entry.offlineWaitMs))),
      entry.offlineWaitMs,
    );
  }

  function finish(requestId: string, outcome: WorkValue | Error): void {
    const entry = pending.get(requestId);
    if (!entry) return;
    pending.delete(requestId);
    if (entry.offlineTimer) clearTimeout(entry.offlineTimer);
    if (entry.answerTimer) clearTimeout(entry.answerTimer);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
  }

  function status(relayId: RelayId): RelayStatus {
    const known = registry.get(relayId);
    if (!known) return 'not-enrolled';
    if (known.revokedAt !== null) return 'revoked';
    return online.has(relayId) ? 'online' : 'offline';
  }

  function servingRelay(clientRelayId: RelayId | null): RelayId | undefined {
    return relayAncestry(store, clientRelayId).find((id) => registry.get(id) !== undefined);
  }

  function onCredentialsAsk(
    relayId: RelayId,
    connection: MessageConnection,
    ask: MessageOfKind<'credentials-ask'>,
  ): void {
    const client = store.clients.get(ask.clientId as ClientId);
    const refuseAsk = (words: string): void => {
      log(`relays: refused credentials to "${relayName(relayId)}": ${words}`);
      audit('relay:credentials-refused', relayName(relayId), 'failed', words);
      send(connection, { kind: 'credentials-refused', askId: ask.askId, clientId: ask.clientId, words });
    };
    if (!client) return refuseAsk(`client #${ask.clientId} does not exist`);
    if (servingRelay(client.relayId) !== relayId)
      return refuseAsk(`client ${client.hostName} (#${client.id}) is not below this relay`);
    const credentials = resolveCredentials(store, client.id);
    if (!credentials) return refuseAsk(`no AMT credentials apply to client ${client.hostName}`);
    send(connection, {
      kind: 'credentials',
      askId: ask.askId,
      clientId: ask.clientId,
      user: credentials.user,
      password: credentials.password,
    });
  }

  function onRelayMessage(relayId: RelayId, connection: MessageConnection, message: RelayMessage): void {
    counters.messagesIn += 1;
    if (message.kind === 'result') {
      const entry = pending.get(message.requestId);
      if (!entry || entry.relayId !== relayId) {
        log(`relays: "${relayName(relayId)}" answered request ${message.requestId}, which it was not given; ignored`);
        return;
      }
      const outcome = message.outcome;
      finish(
        message.requestId,
        outcome.ok ? outcome.value : new AmtError(relayErrorCode(outcome.code), outcome.message),
      );
      return;
    }
    if (message.kind === 'credentials-ask') return onCredentialsAsk(relayId, connection, message);
    connection.close(`protocol error: a relay may not send ${message.kind}`);
  }

  function goOnline(
    identity: RelayIdentity,
    connection: MessageConnection,
    hello: MessageOfKind<'hello' | 'enrol'>,
    consoleProof?: string,
  ): void {
    const { relayId } = identity;
    const earlier = online.get(relayId);
    if (earlier && earlier !== connection) earlier.close('replaced by a newer connection of the same relay');
    online.set(relayId, connection);
    offlineSince.delete(relayId);
    registry.seen(relayId, {
      at: iso(),
      address: connection.socket.remoteAddress ?? '?',
      version: hello.relayVersion,
      subnets: hello.subnets,
    });
    send(connection, {
      kind: 'welcome',
      relayId,
      relayName: relayName(relayId),
      heartbeatMs,
      ...(consoleProof ? { consoleProof } : {}),
    });
    connection.startHeartbeat(heartbeatMs);
    log(`relays: "${relayName(relayId)}" online from ${connection.peer} (version ${hello.relayVersion})`);
    audit('relay:online', relayName(relayId), 'ok', `from ${connection.peer}, version ${hello.relayVersion}`);
    for (const [requestId, entry] of pending) if (entry.relayId === relayId) dispatch(entry, requestId);
    settleWaiters(relayId, { ok: true });
  }

  function onFirstMessage(
    connection: MessageConnection,
    relayPin: CertFingerprint,
    message: RelayMessage,
  ): RelayId | undefined {
    counters.messagesIn += 1;
    if (message.kind === 'hello') {
      const known = registry.byFingerprint(relayPin);
      if (!known) {
        refuse(
          connection,
          'unknown-certificate',
          `certificate ${relayPin} is not enrolled here (enrol the relay with a code shown by the console)`,
          `relay "${message.hostName}"`,
        );
        return undefined;
      }
      if (known.revokedAt !== null) {
        refuse(
          connection,
          'revoked',
          `the relay "${relayName(known.relayId)}" was revoked at ${known.revokedAt} by ${known.revokedBy ?? '?'}`,
          relayName(known.relayId),
        );
        return undefined;
      }
      goOnline(known, connection, message);
      return known.relayId;
    }
    if (message.kind === 'enrol') {
      const check = codes.redeem(message.proof, identity.fingerprint, relayPin);
      if (!check.ok) {
        refuse(connection, 'bad-enrolment-code', check.words, `relay "${message.hostName}"`);
        return undefined;
      }
      const enrolled = registry.enrol(check.relayId, relayPin, iso());
      log(`relays: "${relayName(check.relayId)}" enrolled with certificate ${relayPin}`);
      audit(
        'relay:enrolled',
        relayName(check.relayId),
        'ok',
        `certificate ${relayPin}, host ${message.hostName}, from ${connection.peer}`,
      );
      goOnline(enrolled, connection, message, enrolmentProof(check.code, 'console', identity.fingerprint, relayPin));
      return check.relayId;
    }
    refuse(connection, 'protocol', `the first message must be HELLO or ENROL, not ${message.kind}`, connection.peer);
    return undefined;
  }

  function onSecureConnection(socket: TLSSocket): void {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let relayId: RelayId | undefined;
    const peerCertificate = socket.getPeerX509Certificate();
    const relayPin = peerCertificate ? certificateFingerprint(peerCertificate.raw) : undefined;
    const helloTimer = setTimeout(() => connection.close('no HELLO or ENROL in time'), helloTimeoutMs);
    const connection: MessageConnection = new MessageConnection(socket, {
      message: (message) => {
        if (relayId !== undefined) return onRelayMessage(relayId, connection, message);
        clearTimeout(helloTimer);
        if (relayPin === undefined)
          return refuse(connection, 'unknown-certificate', 'the relay presented no certificate', connection.peer);
        relayId = onFirstMessage(connection, relayPin, message);
      },
      closed: (why) => {
        clearTimeout(helloTimer);
        allConnections.delete(connection);
        closedBytes.in += connection.bytesIn;
        closedBytes.out += connection.bytesOut;
        if (relayId === undefined || online.get(relayId) !== connection) {
          if (relayId === undefined && !why.startsWith('refused'))
            log(`relays: connection from ${connection.peer} ended before it was accepted: ${why}`);
          return;
        }
        online.delete(relayId);
        offlineSince.set(relayId, nowMs());
        registry.setLastError(relayId, `offline: ${why}`);
        log(`relays: "${relayName(relayId)}" offline: ${why}`);
        audit('relay:offline', relayName(relayId), 'failed', why);
        for (const [requestId, entry] of pending) if (entry.relayId === relayId) armOfflineTimer(entry, requestId);
      },
    });
    allConnections.add(connection);
  }

  return {
    fingerprint: identity.fingerprint,
    registry,
    counters() {
      let bytesIn = closedBytes.in;
      let bytesOut = closedBytes.out;
      for (const connection of allConnections) {
        bytesIn += connection.bytesIn;
        bytesOut += connection.bytesOut;
      }
      return { ...counters, bytesIn, bytesOut };
    },
    list() {
      return store.relays.list().map((relay): RelayView => {
        const known = registry.get(relay.id);
        let workInHand = 0;
        for (const entry of pending.values()) if (entry.relayId === relay.id) workInHand += 1;
        return {
          relayId: relay.id,
          name: relay.name,
          status: status(relay.id),
          fingerprint: known?.fingerprint ?? null,
          enrolledAt: known?.enrolledAt ?? null,
          revokedAt: known?.revokedAt ?? null,
          lastSeenAt: known?.lastSeenAt ?? null,
          lastAddress: known?.lastAddress ?? null,
          version: known?.version ?? null,
          subnets: known?.subnets ?? [],
          lastError: known?.lastError ?? null,
          workInHand,
        };
      });
    },
    listen() {
      return new Promise((resolve, reject) => {
        const tlsServer = createServer(
          {
            key: identity.keyPem,
            cert: identity.certPem,
            requestCert: true,
            rejectUnauthorized: false,
            minVersion: 'TLSv1.3',
          },
          onSecureConnection,
        );
        // A handshake that fails (no certificate, a TLS error) is logged; nothing else to do.
        tlsServer.on('tlsClientError', (error, socket) => {
          log(`relays: TLS handshake from ${socket.remoteAddress ?? '?'} failed: ${error.message}`);
        });
        tlsServer.maxConnections = MAX_RELAY_CONNECTIONS;
        tlsServer.once('error', reject);
        tlsServer.listen(options.port, options.host ?? '127.0.0.1', () => {
          server = tlsServer;
          const address = tlsServer.address() as AddressInfo;
          resolve({ host: address.address, port: address.port });
        });
      });
    },
    async close() {
      for (const waiter of [...waiters]) waiter.settle({ ok: false, words: 'the console is shutting down' });
      for (const requestId of [...pending.keys()])
        finish(requestId, new AmtError('relay-unavailable', 'the console is shutting down'));
      for (const connection of online.values()) connection.close('the console is shutting down');
      online.clear();
      for (const socket of sockets) socket.destroy();
      const listening = server;
      server = undefined;
      if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
    },
    issueEnrolmentCode(relayId, actor) {
      if (!store.relays.get(relayId))
        throw new AmtError('bad-input', `there is no relay #${relayId} in the console's tree`);
      const issued = codes.issue(relayId);
      audit(
        'relay:enrolment-code',
        relayName(relayId),
        'ok',
        `a one-time code valid until ${new Date(issued.expiresAtMs).toISOString()}`,
        actor,
      );
      return issued;
    },
    revoke(relayId, actor) {
      if (!registry.revoke(relayId, actor, iso()))
        throw new AmtError('bad-input', `the relay "${relayName(relayId)}" was never enrolled`);
      log(`relays: "${relayName(relayId)}" revoked by ${actor}`);
      audit(
        'relay:revoked',
        relayName(relayId),
        'ok',
        `revoked; its connection is closed and its work in hand fails`,
        actor,
      );
      online.get(relayId)?.close('revoked');
      online.delete(relayId);
      const revokedError = unavailable(relayId, `was revoked by ${actor}`);
      for (const [requestId, entry] of pending) if (entry.relayId === relayId) finish(requestId, revokedError);
      settleWaiters(relayId, { ok: false, words: revokedError.message });
    },
    status,
    servingRelay,
    whenOnline(relayId, waitMs, signal) {
      const known = registry.get(relayId);
      if (!known) return Promise.resolve({ ok: false, words: `the relay "${relayName(relayId)}" is not enrolled` });
      if (known.revokedAt !== null)
        return Promise.resolve({
          ok: false,
          words: unavailable(relayId, `was revoked at ${known.revokedAt} by ${known.revokedBy ?? '?'}`).message,
        });
      if (online.has(relayId)) return Promise.resolve({ ok: true });
      return new Promise((resolve) => {
        const timer = setTimeout(
          () => waiter.settle({ ok: false, words: unavailable(relayId, offlineWords(relayId, waitMs)).message }),
          waitMs,
        );
        const onAbort = (): void => waiter.settle({ ok: false, words: 'the wait was cancelled' });
        const waiter: Waiter = {
          relayId,
          settle: (availability) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            waiters.delete(waiter);
            resolve(availability);
          },
        };
        waiters.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    request(relayId, work, offlineWaitMs) {
      const known = registry.get(relayId);
      if (!known || known.revokedAt !== null) {
        return Promise.reject(
          unavailable(
            relayId,
            known ? `was revoked at ${known.revokedAt} by ${known.revokedBy ?? '?'}` : 'is not enrolled',
          ),
        );
      }
      const requestId = randomUUID();
      return new Promise<WorkValue>((resolve, reject) => {
        const entry: Pending = {
          relayId,
          message: { kind: 'work', requestId, ...work },
          offlineWaitMs,
          resolve,
          reject,
          offlineTimer: undefined,
          answerTimer: undefined,
        };
        pending.set(requestId, entry);
        dispatch(entry, requestId);
      });
    },
  };
}

/** A relay reports main/amt's codes for AMT failures; anything else it says is the relay's own trouble. */
const PASSED_THROUGH_CODES = new Set<string>([
  'unreachable',
  'timeout',
  'connection-closed',
  'auth-failed',
  'tls-error',
  'tls-pin-mismatch',
  'plain-http-refused',
  'malformed-http',
  'malformed-xml',
  'response-too-large',
  'wsman-fault',
  'amt-status',
  'http-status',
  'busy',
  'unsupported',
  'bad-input',
  'storage',
]);

function relayErrorCode(code: string): AmtError['code'] {
  return PASSED_THROUGH_CODES.has(code) ? (code as AmtError['code']) : 'relay-unavailable';
}
