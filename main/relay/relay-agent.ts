// The relay process (`amtctl relay`): connects to its console over mutually authenticated TLS, enrols once
// with a one-time code (the console's certificate pinned from then on), says HELLO on every later connection,
// runs the console's WORK on its own subnet (relay-work-runner.ts) and reconnects with a growing pause when the
// connection drops. A refusal (revoked, unknown certificate, bad code) stops it: trying again cannot help.
// Credentials are asked per client, kept in memory for a short while, and never written or logged.

import { connect, type TLSSocket } from 'node:tls';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AmtError, type ClientId, type RelayId } from '../../shared/domain';
import { FilePinStore, TransportPool, certificateFingerprint, type AmtCredentials, type TlsPolicy } from '../amt/index';
import { createLocalDeviceChannel, type JobDevice } from '../jobs/index';
import type { WolDestination } from '../wol/index';
import { enrolmentProof } from './enrolment-codes';
import { loadOrCreateIdentity } from './identity-files';
import { MessageConnection } from './message-connection';
import type { MessageOfKind, RelayMessage, WorkMessage } from './messages';
import type { TlsIdentity } from './relay-certificate';
import {
  ensureRelayFolder,
  readEnrolment,
  RELAY_IDENTITY_NAME,
  RELAY_PIN_FILE,
  writeEnrolment,
  type RelayEnrolment,
} from './relay-data-folder';
import { RelayWorkRecord } from './relay-work-record';
import { RelayWorkRunner } from './relay-work-runner';

export const RELAY_VERSION = '0.1.0';
const CREDENTIALS_TTL_MS = 10 * 60_000;
const CREDENTIALS_ANSWER_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface RelayAgentOptions {
  readonly dataDir: string;
  readonly consoleHost: string;
  readonly consolePort: number;
  /** Needed once, for the first connection; ignored when the folder holds an enrolment. */
  readonly enrolmentCode?: string;
  readonly subnets?: readonly string[];
  readonly hostName?: string;
  /** The local address the relay connects from (loopback tests give each relay its own). */
  readonly localAddress?: string;
  readonly tlsPolicy?: TlsPolicy;
  readonly amtTimeoutMs?: number;
  readonly wolPort?: number;
  readonly wolDestination?: (device: JobDevice) => WolDestination;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  readonly log?: (line: string) => void;
}

export type AgentState = 'connecting' | 'online' | 'offline' | 'refused' | 'stopped';

export interface RelayAgent {
  readonly identity: TlsIdentity;
  readonly state: AgentState;
  readonly enrolment: RelayEnrolment | undefined;
  readonly runner: RelayWorkRunner;
  /** Its work in hand (work.json): power actions and boots to BIOS started, with their outcome once known. */
  readonly record: RelayWorkRecord;
  /** Resolves at the first WELCOME; rejects with the console's words when it refuses. */
  start(): Promise<RelayEnrolment>;
  /** Why the agent stopped for good (a refusal), once it has. */
  readonly refusal: string | undefined;
  /** Resolves with the refusal's words when the console refuses this relay (at once or on a later reconnect). */
  readonly refused: Promise<string>;
  /** Drops the current connection (tests: a network cut); the agent reconnects. */
  dropConnection(): void;
  stop(): Promise<void>;
}

export function createRelayAgent(options: RelayAgentOptions): RelayAgent {
  const log = options.log ?? (() => undefined);
  ensureRelayFolder(options.dataDir);
  const host = options.hostName ?? hostname();
  const identity = loadOrCreateIdentity(options.dataDir, RELAY_IDENTITY_NAME, `amt-console relay on ${host}`);
  let enrolment = readEnrolment(options.dataDir);
  if (enrolment && options.enrolmentCode) {
    const where = join(options.dataDir, 'enrolment.json');
    log(`relay: already enrolled as "${enrolment.relayName}"; --code is not used (remove ${where} to enrol again)`);
  }
  const record = new RelayWorkRecord(options.dataDir);
  for (const entry of record.unfinished()) {
    log(
      `relay: ${entry.op} for client #${entry.clientId} (request ${entry.requestId}) was started before a restart; ` +
        'it will not be sent again',
    );
  }
  const pool = new TransportPool();
  const channel = createLocalDeviceChannel({
    pool,
    pins: new FilePinStore(join(options.dataDir, RELAY_PIN_FILE)),
    tlsPolicy: options.tlsPolicy ?? 'tls-then-http',
    timeoutMs: options.amtTimeoutMs ?? 10_000,
    ...(options.wolPort === undefined ? {} : { wolPort: options.wolPort }),
    ...(options.wolDestination === undefined ? {} : { wolDestination: options.wolDestination }),
  });
  const credentialCache = new Map<ClientId, { credentials: AmtCredentials; untilMs: number }>();
  const asks = new Map<
    number,
    { resolve: (c: AmtCredentials) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  let nextAskId = 1;
  let connection: MessageConnection | undefined;
  let state: AgentState = 'offline';
  let refusal: string | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let pauseMs = options.reconnectMinMs ?? 500;
  let firstWelcome: { resolve: (e: RelayEnrolment) => void; reject: (e: Error) => void } | undefined;
  let announceRefusal: (words: string) => void = () => undefined;
  const refused = new Promise<string>((resolve) => (announceRefusal = resolve));

  const credentials = (clientId: ClientId): Promise<AmtCredentials> => {
    const cached = credentialCache.get(clientId);
    if (cached && cached.untilMs > Date.now()) return Promise.resolve(cached.credentials);
    const current = connection;
    if (!current || state !== 'online')
      return Promise.reject(new AmtError('relay-unavailable', 'the relay is not connected to its console'));
    const askId = nextAskId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        asks.delete(askId);
        reject(new AmtError('relay-unavailable', `the console did not answer for client #${clientId}'s credentials`));
      }, CREDENTIALS_ANSWER_MS);
      asks.set(askId, { resolve, reject, timer });
      current.send({ kind: 'credentials-ask', askId, clientId });
    });
  };
  const runner = new RelayWorkRunner({ channel, credentials, record, nowIso: () => new Date().toISOString() });

  function answerAsk(message: MessageOfKind<'credentials' | 'credentials-refused'>): void {
    const ask = asks.get(message.askId);
    if (!ask) return;
    asks.delete(message.askId);
    clearTimeout(ask.timer);
    if (message.kind === 'credentials-refused') {
      log(`relay: the console refused credentials for client #${message.clientId}: ${message.words}`);
      ask.reject(new AmtError('relay-unavailable', `the console refused the credentials: ${message.words}`));
      return;
    }
    const credentials = { user: message.user, password: message.password };
    credentialCache.set(message.clientId as ClientId, { credentials, untilMs: Date.now() + CREDENTIALS_TTL_MS });
    ask.resolve(credentials);
  }

  function onWork(current: MessageConnection, work: WorkMessage): void {
    void runner.run(work).then((outcome) => {
      // The connection may have changed meanwhile; the console sends the request again on the new one.
      if (connection === current) current.send({ kind: 'result', requestId: work.requestId, outcome });
    });
  }

  function onWelcome(welcome: MessageOfKind<'welcome'>, consolePin: RelayEnrolment['consoleFingerprint']): void {
    if (!enrolment) {
      const code = options.enrolmentCode ?? '';
      const expected = enrolmentProof(code, 'console', consolePin, identity.fingerprint);
      if (welcome.consoleProof !== expected) {
        refusedForGood(
          'the console did not prove it knows the enrolment code (a different console or a party in between)',
        );
        return;
      }
      enrolment = {
        relayId: welcome.relayId as RelayId,
        relayName: welcome.relayName,
        consoleHost: options.consoleHost,
        consolePort: options.consolePort,
        consoleFingerprint: consolePin,
        enrolledAt: new Date().toISOString(),
      };
      writeEnrolment(options.dataDir, enrolment);
      log(`relay: enrolled as "${welcome.relayName}" (#${welcome.relayId}); console certificate ${consolePin} pinned`);
    }
    state = 'online';
    pauseMs = options.reconnectMinMs ?? 500;
    connection?.startHeartbeat(welcome.heartbeatMs);
    log(`relay: online as "${welcome.relayName}"`);
    firstWelcome?.resolve(enrolment);
    firstWelcome = undefined;
  }

  function refusedForGood(words: string): void {
    refusal = words;
    state = 'refused';
    announceRefusal(words);
    log(`relay: refused: ${words}`);
    connection?.close(`refused: ${words}`);
    firstWelcome?.reject(new Error(words));
    firstWelcome = undefined;
  }

  function onMessage(
    current: MessageConnection,
    message: RelayMessage,
    consolePin: RelayEnrolment['consoleFingerprint'],
  ): void {
    if (message.kind === 'welcome') return onWelcome(message, consolePin);
    if (message.kind === 'refused') return refusedForGood(`${message.code}: ${message.words}`);
    if (state !== 'online') return current.close(`protocol error: ${message.kind} before WELCOME`);
    if (message.kind === 'work') return onWork(current, message);
    if (message.kind === 'credentials' || message.kind === 'credentials-refused') return answerAsk(message);
    current.close(`protocol error: a console may not send ${message.kind}`);
  }

  function scheduleReconnect(): void {
    if (stopped || state === 'refused') return;
    retryTimer = setTimeout(connectOnce, pauseMs);
    pauseMs = Math.min(pauseMs * 2, options.reconnectMaxMs ?? 30_000);
  }

  function connectOnce(): void {
    if (stopped || state === 'refused') return;
    state = 'connecting';
    const socket: TLSSocket = connect({
      host: options.consoleHost,
      port: options.consolePort,
      key: identity.keyPem,
      cert: identity.certPem,
      rejectUnauthorized: false, // no CA: the console's certificate is pinned below, before a byte is sent
      minVersion: 'TLSv1.3',
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('no TLS handshake in time')));
    socket.once('error', (error) => {
      if (connection?.socket === socket) return; // MessageConnection reports it
      log(`relay: cannot reach the console at ${options.consoleHost}:${options.consolePort}: ${error.message}`);
      state = 'offline';
      scheduleReconnect();
    });
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      const presented = certificateFingerprint(socket.getPeerX509Certificate()?.raw ?? new Uint8Array());
      if (enrolment && presented !== enrolment.consoleFingerprint) {
        socket.destroy();
        refusedForGood(
          `the console's certificate changed: expected ${enrolment.consoleFingerprint}, presented ${presented}`,
        );
        return;
      }
      const current = new MessageConnection(socket, {
        message: (message) => onMessage(current, message, presented),
        closed: (why) => {
          if (connection === current) connection = undefined;
          for (const [askId, ask] of asks) {
            clearTimeout(ask.timer);
            ask.reject(new AmtError('relay-unavailable', 'the connection to the console ended'));
            asks.delete(askId);
          }
          if (state === 'refused' || stopped) return;
          state = 'offline';
          log(`relay: connection to the console ended: ${why}`);
          scheduleReconnect();
        },
      });
      connection = current;
      const facts = { relayVersion: RELAY_VERSION, hostName: host, subnets: [...(options.subnets ?? [])] };
      if (enrolment) current.send({ kind: 'hello', ...facts });
      else if (options.enrolmentCode) {
        current.send({
          kind: 'enrol',
          proof: enrolmentProof(options.enrolmentCode, 'relay', presented, identity.fingerprint),
          ...facts,
        });
      } else refusedForGood('this relay is not enrolled yet: give it the one-time code the console shows (--code)');
    });
  }

  return {
    identity,
    runner,
    record,
    get state() {
      return state;
    },
    get enrolment() {
      return enrolment;
    },
    get refusal() {
      return refusal;
    },
    refused,
    start() {
      stopped = false;
      return new Promise((resolve, reject) => {
        firstWelcome = { resolve, reject };
        connectOnce();
      });
    },
    dropConnection() {
      connection?.socket.destroy();
    },
    async stop() {
      stopped = true;
      state = 'stopped';
      if (retryTimer) clearTimeout(retryTimer);
      connection?.close('the relay is stopping');
      credentialCache.clear();
      pool.closeAll();
      firstWelcome?.reject(new Error('the relay stopped'));
      firstWelcome = undefined;
      await Promise.resolve();
    },
  };
}
