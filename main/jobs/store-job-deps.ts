// The jobs service over the console's own store and AMT core: the SQLite repository, the fleet as target
// resolution reads it, each client as a JobDevice (credentials client → relay → default), the local
// channel for every relay group, the audit log, and the client's details for problems and collected info.

import { parseMac, type ClientId, type ClientProblem, type RelayId } from '../../shared/domain';
import type { PinStore, TlsPolicy, TransportPool } from '../amt/index';
import { clientEndpoint, resolveCredentials } from '../fleet/index';
import type { Store } from '../store/index';
import type { WolDestination } from '../wol/index';
import type { ChannelFor, ChannelJob, CollectedInfo, DeviceChannel, JobDevice } from './device-channel';
import type { JobServiceDeps } from './job-service';
import { createLocalDeviceChannel } from './local-device-channel';
import { processLease, type LeaseOptions } from './scheduler-lease';
import { createSqliteJobRepository } from './sqlite-job-repository';
import { hostname } from 'node:os';

export interface StoreJobOptions {
  readonly store: Store;
  /** The pool shared with main/api: its run() is the per-device gate every AMT call goes through. */
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly tlsPolicy: TlsPolicy;
  readonly amtTimeoutMs: number;
  readonly wolPort?: number;
  readonly wolDestination?: (device: JobDevice) => WolDestination;
  /** One scheduler per data folder: who this process is (default "host:pid" with a liveness check). */
  readonly lease?: LeaseOptions;
  /** A relay's channel for its clients (issue 8); default: the console's own for every client. */
  readonly channelFor?: ChannelFor;
  /**
   * The enrolled relay's channel for a client's relay group (main/relay); undefined where no enrolled relay
   * serves it, and the console's own channel (or `channelFor`) reaches the client.
   */
  readonly relayChannel?: (relayId: RelayId, job?: ChannelJob) => DeviceChannel | undefined;
}

/** AMT can be used when the client has a firmware version (M2: empty or N/A means none) and credentials. */
function deviceOf(store: Store, clientId: ClientId): JobDevice | undefined {
  const client = store.clients.get(clientId);
  if (!client) return undefined;
  const endpoint = clientEndpoint(client);
  const version = client.amtVersion?.trim() ?? '';
  const base = {
    clientId,
    hostName: client.hostName,
    ip: client.ip,
    mac: client.mac,
    subnetMask: client.subnetMask,
    relayId: client.relayId,
  };
  if (version === '' || version.toUpperCase() === 'N/A')
    return { ...base, amt: { usable: false, why: 'no-amt', endpoint } };
  const credentials = resolveCredentials(store, clientId);
  if (!credentials) return { ...base, amt: { usable: false, why: 'no-credentials', endpoint } };
  const amtCredentials = { user: credentials.user, password: credentials.password };
  return { ...base, amt: { usable: true, endpoint, credentials: amtCredentials, legacyTls: client.legacyTls } };
}

export function storeJobDeps(
  options: StoreJobOptions,
): Omit<JobServiceDeps, 'clock' | 'progressTickMs' | 'schedulerTickMs' | 'pollIntervalMs' | 'log'> {
  const lease = options.lease ?? processLease(hostname(), process.pid);
  const { store } = options;
  const local: DeviceChannel = createLocalDeviceChannel({
    pool: options.pool,
    pins: options.pins,
    tlsPolicy: options.tlsPolicy,
    timeoutMs: options.amtTimeoutMs,
    store,
    ...(options.wolPort === undefined ? {} : { wolPort: options.wolPort }),
    ...(options.wolDestination === undefined ? {} : { wolDestination: options.wolDestination }),
  });
  return {
    lease,
    repo: createSqliteJobRepository(store.db),
    fleet: {
      getClient: (id) => store.clients.get(id),
      getClientByHostName: (name) => store.clients.getByHostName(name),
      listClients: () => store.clients.list(),
      listRelays: () => store.relays.list(),
    },
    deviceOf: (clientId) => deviceOf(store, clientId),
    channelFor: (relayId, job) =>
      (relayId === null ? undefined : options.relayChannel?.(relayId, job)) ??
      options.channelFor?.(relayId, job) ??
      local,
    audit: (entry) => {
      store.audit.record({
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        result: entry.result,
        detail: entry.detail,
        ...(entry.jobId === undefined ? {} : { jobId: entry.jobId }),
      });
    },
    setClientProblem: (clientId: ClientId, problem: ClientProblem) => {
      if (store.clients.get(clientId)) store.clients.update(clientId, { problem });
    },
    storeInfo: (clientId: ClientId, info: CollectedInfo) => {
      const client = store.clients.get(clientId);
      if (!client) return;
      const mac = info.mac === null ? undefined : parseMac(info.mac);
      store.clients.update(clientId, {
        amtVersion: info.amtVersion,
        power: info.power,
        lastSeenAt: new Date().toISOString(),
        problem: null,
        ...(mac === undefined ? {} : { mac }),
        ...(info.dhcp === null ? {} : { dhcp: info.dhcp }),
      });
    },
  };
}
