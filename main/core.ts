// Composition root (style-anchors §6): createCore(config) builds store → drivers → services → router. The
// three shells (Electron, the headless host, tests) get the same core; only the vault key provider differs.

import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { FilePinStore, TransportPool, type PinStore, type TlsPolicy } from './amt/index';
import { createApi, type ApiEvents, type PowerWatchOptions, type Router } from './api/index';
import { createFleetService, type FleetService } from './fleet/index';
import { databasePath, openStore, PIN_FILE_NAME as PIN_FILE, type KeyProvider, type Store } from './store/index';

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
}

export interface Core {
  readonly router: Router;
  readonly events: ApiEvents;
  readonly store: Store;
  readonly fleet: FleetService;
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
    const pool = new TransportPool(config.maxConcurrentDevices ? { maxConcurrentDevices: config.maxConcurrentDevices } : {});
    const fleet = createFleetService({ store, pool, pins, serverName: config.serverName ?? hostname(), ...(config.tlsPolicy ? { tlsPolicy: config.tlsPolicy } : {}) });
    const api = createApi({
      fleet,
      pool,
      pins,
      actor: config.actor ?? safeUserName(),
      ...(config.log ? { log: config.log } : {}),
      ...(config.tlsPolicy ? { tlsPolicy: config.tlsPolicy } : {}),
      ...(config.amtTimeoutMs ? { amtTimeoutMs: config.amtTimeoutMs } : {}),
      ...(config.powerWatch ? { powerWatch: config.powerWatch } : {}),
    });
    let closed = false;
    return {
      router: api.router,
      events: api.events,
      store,
      fleet,
      connectionClosed: (peer) => api.connectionClosed(peer),
      async close() {
        if (closed) return;
        closed = true;
        await api.stop();
        pool.closeAll();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'console user';
  }
}
