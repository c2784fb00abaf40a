// Composition root (style-anchors §6): createCore(config) builds store → drivers → services → router. The
// three shells (Electron, the headless host, tests) get the same core; only the vault key provider differs.

import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { FilePinStore, TransportPool, type PinStore, type TlsPolicy } from './amt/index';
import { createApi, DEFAULT_AMT_TIMEOUT_MS, type ApiEvents, type PowerWatchOptions, type Router } from './api/index';
import { createFleetService, type FleetService } from './fleet/index';
import { databasePath, openStore, PIN_FILE_NAME as PIN_FILE, type KeyProvider, type Store } from './store/index';
import { createJobService, storeJobDeps, type JobService } from './jobs/index';
import {
  createConsoleRelayService,
  loadOrCreateIdentity,
  relayChannelFor,
  type RunningRelayService,
} from './relay/index';

export interface CoreConfig {
  /** The user-data folder: the database, the certificate pins (and a key file, if the caller uses one). */
  readonly userDataDir: string;
  /** Where the vault's key comes from: safeStorage (Electron), a passphrase or a key file (host, CLI). */
  readonly keyProvider: KeyProvider;
  /** Who acts, for the audit log. Default: the OS user name. */
  readonly actor?: string;
  /** The managing server's name at the root of the tree. Default: this machine's host name. */
  readonly serverName?: string;
  /** Main's log; never given a password (AmtError and StoreError messages hold none). */
  readonly log?: (line: string) => void;
  readonly tlsPolicy?: TlsPolicy;
  readonly amtTimeoutMs?: number;
  readonly maxConcurrentDevices?: number;
  readonly powerWatch?: PowerWatchOptions;
  /** Default: a JSON pin file in the user-data folder. */
  readonly pins?: PinStore;
  readonly jobs?: CoreJobOptions;
  /** The relay listener (issue 8); absent: no relay can connect and every client is reached from here. */
  readonly relays?: CoreRelayOptions;
}

/** Where relays connect: mutual TLS with the console's relay certificate (made once in the user-data folder). */
export interface CoreRelayOptions {
  /** Default 127.0.0.1; a relay in another subnet needs an address it can reach. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
}

/** The console's relay certificate and key in the user-data folder. */
export const RELAY_IDENTITY_NAME = 'relay-console';

/** Client-control jobs (main/jobs): Wake-on-LAN delivery and the scheduler's pace. */
export interface CoreJobOptions {
  /** UDP port of the magic packets. Default main/wol's, 9. */
  readonly wolPort?: number;
  /**
   * Send each magic packet to the client's own address instead of its subnet-directed broadcast: for
   * networks whose routers drop directed broadcasts but keep the ARP entry, and for loopback tests.
   */
  readonly wolUnicast?: boolean;
  /** Pause between "is it up yet?" checks. Default main/jobs', 5 s. */
  readonly pollIntervalMs?: number;
  /** Progress batching tick. Default main/jobs', 250 ms. */
  readonly progressTickMs?: number;
}

export interface Core {
  readonly router: Router;
  readonly events: ApiEvents;
  readonly store: Store;
  readonly fleet: FleetService;
  readonly jobs: JobService;
  /** The relay service when CoreConfig.relays is set; `listening` says where, once it does. */
  readonly relays?: RunningRelayService;
  /** A transport's connection or window (its CallContext peer) went away: its SOL sessions end. */
  connectionClosed(peer: string): void;
  close(): Promise<void>;
}

export { DATABASE_FILE_NAME } from './store/index';
export { PIN_FILE_NAME } from './store/index';

export function createCore(config: CoreConfig): Core {
  mkdirSync(config.userDataDir, { recursive: true });
  const store = openStore(databasePath(config.userDataDir), { keyProvider: config.keyProvider });
  try {
    const pins = config.pins ?? new FilePinStore(join(config.userDataDir, PIN_FILE));
    const pool = new TransportPool(
      config.maxConcurrentDevices ? { maxConcurrentDevices: config.maxConcurrentDevices } : {},
    );
    const fleet = createFleetService({
      store,
      pool,
      pins,
      serverName: config.serverName ?? hostname(),
      ...(config.tlsPolicy ? { tlsPolicy: config.tlsPolicy } : {}),
    });
    const log = config.log ?? (() => undefined);
    const jobOptions = config.jobs ?? {};
    const relays = config.relays === undefined ? undefined : startRelays(config, store, log);
    const jobs = createJobService({
      ...storeJobDeps({
        store,
        pool,
        pins,
        tlsPolicy: config.tlsPolicy ?? 'tls-then-http',
        amtTimeoutMs: config.amtTimeoutMs ?? DEFAULT_AMT_TIMEOUT_MS,
        ...(jobOptions.wolPort !== undefined ? { wolPort: jobOptions.wolPort } : {}),
        ...(jobOptions.wolUnicast ? { wolDestination: (device) => ({ kind: 'address', address: device.ip }) } : {}),
        ...(relays ? { relayChannel: relayChannelFor(relays.service) } : {}),
      }),
      log,
      ...(jobOptions.pollIntervalMs !== undefined ? { pollIntervalMs: jobOptions.pollIntervalMs } : {}),
      ...(jobOptions.progressTickMs !== undefined ? { progressTickMs: jobOptions.progressTickMs } : {}),
    });
    const api = createApi({
      fleet,
      jobs,
      ...(relays ? { relays } : {}),
      pool,
      pins,
      actor: config.actor ?? safeUserName(),
      ...(config.log ? { log: config.log } : {}),
      ...(config.tlsPolicy ? { tlsPolicy: config.tlsPolicy } : {}),
      ...(config.amtTimeoutMs ? { amtTimeoutMs: config.amtTimeoutMs } : {}),
      ...(config.powerWatch ? { powerWatch: config.powerWatch } : {}),
    });
    // Resumes persisted work and runs missed occurrences; a failure is logged, the console still opens.
    const started = jobs
      .start()
      .catch((error: unknown) => log(`jobs did not start: ${error instanceof Error ? error.message : String(error)}`));
    let closed = false;
    return {
      jobs,
      ...(relays ? { relays } : {}),
      router: api.router,
      events: api.events,
      store,
      fleet,
      connectionClosed: (peer) => api.connectionClosed(peer),
      async close() {
        if (closed) return;
        closed = true;
        await started;
        await api.stop();
        await jobs.stop();
        await relays?.service.close();
        pool.closeAll();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function startRelays(config: CoreConfig, store: Store, log: (line: string) => void): NonNullable<Core['relays']> {
  const options = config.relays as CoreRelayOptions;
  const identity = loadOrCreateIdentity(config.userDataDir, RELAY_IDENTITY_NAME, `amt-console on ${hostname()}`);
  const service = createConsoleRelayService({
    store,
    identity,
    port: options.port,
    log,
    ...(options.host ? { host: options.host } : {}),
  });
  const listening = service.listen();
  // A listener that cannot start is logged; the console still opens (its own clients work without it).
  listening.then(
    (at) => log(`relays: listening on ${at.host}:${at.port}, console certificate ${identity.fingerprint}`),
    (error: unknown) =>
      log(`relays: the listener did not start: ${error instanceof Error ? error.message : String(error)}`),
  );
  return { service, listening };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'console user';
  }
}
