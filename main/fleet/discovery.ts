// Discovery (mission M2): scan an IPv4 range for AMT ports, read the firmware version, host name and power state
// of what answers through main/amt with the relay's or default credentials, and record each as a client.
// Addresses where nothing answers are not added; AMT that refuses the credentials is added with a problem.

import { AmtError, expandRange, parseIpv4, type Client, type ClientProblem, type RelayId } from '../../shared/domain';
import {
  AMT_HTTP_PORT,
  AMT_TLS_PORT,
  getFirmwareVersion,
  getGeneralSettings,
  getPowerState,
  WsmanClient,
  type AmtEndpoint,
  type PinStore,
  type TlsPolicy,
  type TransportPool,
} from '../amt/index';
import type { ClientFields, Store } from '../store/index';
import { resolveCredentialsForRelay } from './credentials';
import { probeTcp } from './tcp-probe';
import { problemFor, problemFromError } from './problem-words';
import {
  attachOsRecord,
  findAsset,
  readDeviceIdentity,
  settleHostId,
  writerFor,
  type DeviceIdentity,
} from './host-id/registration';

export const DEFAULT_DISCOVERY_CONCURRENCY = 32;
export const MAX_DISCOVERY_CONCURRENCY = 256;
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 3000;
/** A /22 at most per scan: discovery talks to every address, so a typo'd /16 must not start. */
export const MAX_DISCOVERY_HOSTS = 1024;

export interface DiscoveryOptions {
  /** `a.b.c.d-a.b.c.e`, `a.b.c.d-e`, CIDR `a.b.c.d/n` or one address; several separated by commas. */
  readonly range: string;
  /** Relay the found clients belong to; its credential profile is tried before the default. */
  readonly relayId?: RelayId | null;
  readonly pool: TransportPool;
  readonly pins: PinStore;
  /** Default 'tls-then-http' (older firmware serves only HTTP). */
  readonly tlsPolicy?: TlsPolicy;
  readonly concurrency?: number;
  /** Per connect and per read. */
  readonly timeoutMs?: number;
  /** Ports to scan; the defaults are AMT's. A non-default HTTP port is stored as the client's amtPort. */
  readonly httpPort?: number;
  readonly tlsPort?: number;
  readonly maxHosts?: number;
  /** Stops handing out addresses; those in flight finish. */
  readonly signal?: AbortSignal;
  /** Called once per client added or updated, including known clients found without AMT (for `clients:changed` events). */
  readonly onClient?: (client: Client) => void;
  readonly now?: () => Date;
}

export interface DiscoveryResult {
  readonly scanned: number;
  /** Clients added or updated: with amtVersion set, or with a problem saying why AMT could not be read. */
  readonly found: readonly Client[];
}

interface Reading {
  readonly hostName: string | undefined;
  readonly amtVersion: string | null;
  readonly power: Client['power'];
  readonly problem: ClientProblem | null;
  /** When the device was read (the probe's end). */
  readonly at: string;
  /** Stored host ID and platform UUID (M4), when AMT could be read. */
  readonly identity?: DeviceIdentity;
  /** The WS-Man client the reading used, for writing the host ID inside the same device gate. */
  readonly wsman?: WsmanClient;
}

export async function discoverClients(store: Store, options: DiscoveryOptions): Promise<DiscoveryResult> {
  const maxHosts = options.maxHosts ?? MAX_DISCOVERY_HOSTS;
  const addresses = [
    ...new Set(
      options.range
        .split(',')
        .filter((part) => part.trim().length > 0)
        // A lone address is a range of one here (amtctl takes those as plain host arguments instead).
        .flatMap((part) => (parseIpv4(part.trim()) !== undefined ? [part.trim()] : expandRange(part, maxHosts))),
    ),
  ];
  if (addresses.length === 0)
    throw new AmtError('bad-input', 'No address range given (like 192.168.1.1-254 or 192.168.1.0/24).');
  if (addresses.length > maxHosts)
    throw new AmtError('bad-input', `${addresses.length} addresses given; the limit is ${maxHosts} per scan.`);
  const relayId = options.relayId ?? null;
  if (relayId !== null && !store.relays.get(relayId))
    throw new AmtError('bad-input', `Relay #${relayId} does not exist.`);

  const concurrency = Math.min(
    MAX_DISCOVERY_CONCURRENCY,
    Math.max(1, Math.floor(options.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY)),
  );
  const found: Client[] = [];
  let next = 0;
  let scanned = 0;
  const worker = async (): Promise<void> => {
    // Bounded: each worker takes addresses from the shared list until it is used up.
    while (next < addresses.length && options.signal?.aborted !== true) {
      const ip = addresses[next++] as string;
      scanned++;
      const client = await scanOne(store, ip, relayId, options);
      if (client) {
        found.push(client);
        options.onClient?.(client);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, addresses.length) }, worker));
  found.sort((a, b) => a.hostName.localeCompare(b.hostName));
  return { scanned, found };
}

async function scanOne(
  store: Store,
  ip: string,
  relayId: RelayId | null,
  options: DiscoveryOptions,
): Promise<Client | undefined> {
  const endpoint: AmtEndpoint = {
    host: ip,
    httpPort: options.httpPort ?? AMT_HTTP_PORT,
    tlsPort: options.tlsPort ?? AMT_TLS_PORT,
  };
  // Through the pool's per-device gate, probe included: discovery never talks to a device beside a console call.
  return options.pool.runOnDevice(endpoint, async () => {
    const reading = await readOne(store, ip, endpoint, relayId, options);
    if (reading === undefined) return undefined;
    const recorded = record(store, ip, endpoint, relayId, reading);
    if (!reading.identity || !reading.wsman) return recorded.client;
    // Registration (M4): the host ID is settled with the device now, while this scan holds its gate.
    await settleHostId(store, recorded.client, reading.identity, writerFor(reading.wsman), {
      created: recorded.created,
      reinstalled: recorded.reinstalled,
    }).then((outcome) => {
      if (outcome.kind !== 'same-record' || outcome.wrote) {
        store.audit.record({
          actor: 'discovery',
          action: 'host-id:register',
          target: recorded.client.hostName,
          result: 'ok',
          detail: outcome.words,
        });
      }
    });
    return store.clients.get(recorded.client.id) ?? recorded.client;
  });
}

/** Probes the AMT ports and reads the device; undefined when nothing answers there. */
async function readOne(
  store: Store,
  ip: string,
  endpoint: AmtEndpoint,
  relayId: RelayId | null,
  options: DiscoveryOptions,
): Promise<Reading | undefined> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const policy = options.tlsPolicy ?? 'tls-then-http';
  const ports =
    policy === 'tls-only'
      ? [endpoint.tlsPort]
      : policy === 'http-only'
        ? [endpoint.httpPort]
        : [endpoint.tlsPort, endpoint.httpPort];
  const probes = await Promise.all(ports.map((port) => probeTcp(ip, port, timeoutMs)));
  const at = (options.now?.() ?? new Date()).toISOString();
  if (!probes.includes('open')) {
    // Nothing is added for an empty address, but a known client there learns why AMT cannot be used.
    for (const known of store.clients.findByIp(ip)) {
      if (known.amtPort !== null && known.amtPort !== endpoint.httpPort) continue; // it answers elsewhere
      options.onClient?.(store.clients.update(known.id, { problem: problemFor('no-amt', at) }));
    }
    return undefined;
  }

  const credentials = resolveCredentialsForRelay(store, relayId);
  let reading: Reading;
  if (!credentials) {
    reading = {
      hostName: undefined,
      amtVersion: null,
      power: 'unknown',
      problem: problemFor('no-credentials', at),
      at,
    };
  } else {
    // get(), not run(): this already holds the device's gate (runOnDevice above).
    const transport = options.pool.get({
      endpoint,
      credentials: { user: credentials.user, password: credentials.password },
      tlsPolicy: policy,
      pins: options.pins,
      connectTimeoutMs: timeoutMs,
      readTimeoutMs: timeoutMs,
      // A known client at this address keeps its old-TLS setting (issue 12 item 7); a new address starts without.
      legacyTls: store.clients.findByIp(ip).some((known) => known.legacyTls),
    });
    const wsman = new WsmanClient(transport);
    try {
      const firmware = await getFirmwareVersion(wsman);
      const settings = await getGeneralSettings(wsman);
      const power = await getPowerState(wsman).then(
        (r) => r.state,
        () => 'unknown' as const, // the version is what discovery is for; power is refreshed later
      );
      const identity = await readDeviceIdentity(wsman);
      reading = {
        hostName: settings.hostName.trim() || undefined,
        amtVersion: firmware.version,
        power,
        problem: null,
        at,
        identity,
        wsman,
      };
    } catch (error) {
      reading = {
        hostName: undefined,
        amtVersion: null,
        power: 'unknown',
        problem: problemFromError(error, ip, at),
        at,
      };
    }
  }
  return reading;
}

interface Recorded {
  readonly client: Client;
  readonly created: boolean;
  /** Found by its host ID or platform UUID under a new host name: a re-installed client (M4). */
  readonly reinstalled: boolean;
}

/**
 * Adds or updates the client: by the host ID stored in AMT (or platform UUID), else the host name AMT reports,
 * else by address, else a new one named by its address.
 */
function record(store: Store, ip: string, endpoint: AmtEndpoint, relayId: RelayId | null, reading: Reading): Recorded {
  const at = reading.at;
  return store.transaction(() => {
    const match = findAsset(store, { hostName: reading.hostName, ip }, reading.identity);
    if (match.client && reading.hostName !== undefined) {
      const attached = attachOsRecord(
        store,
        { ...match, client: match.client },
        { hostName: reading.hostName, ip },
        at,
      );
      if (attached.reinstalled) {
        const amtPort = endpoint.httpPort === AMT_HTTP_PORT ? null : endpoint.httpPort;
        const client = store.clients.update(attached.client.id, {
          amtPort,
          amtVersion: reading.amtVersion,
          power: reading.power,
          lastSeenAt: at,
          problem: null,
        });
        return { client, created: false, reinstalled: true };
      }
    }
    const existing = match.client;
    const created = existing === undefined;
    return { client: recordPlain(store, ip, endpoint, relayId, reading, existing, at), created, reinstalled: false };
  });
}

function recordPlain(
  store: Store,
  ip: string,
  endpoint: AmtEndpoint,
  relayId: RelayId | null,
  reading: Reading,
  existing: Client | undefined,
  at: string,
): Client {
  const amtPort = endpoint.httpPort === AMT_HTTP_PORT ? null : endpoint.httpPort;
  const relay = relayId !== null ? { relayId } : {};
  if (reading.problem === null) {
    const patch = {
      ip,
      amtPort,
      amtVersion: reading.amtVersion,
      power: reading.power,
      lastSeenAt: at,
      problem: null,
      ...relay,
    };
    // A client first recorded under its address (AMT refused us then) gets its real name now.
    const rename =
      existing && reading.hostName !== undefined && existing.hostName === ip ? { hostName: reading.hostName } : {};
    if (existing) return store.clients.update(existing.id, { ...patch, ...rename });
    const fields: ClientFields = {
      hostName: reading.hostName ?? ip,
      ip,
      amtPort,
      amtVersion: reading.amtVersion,
      ...relay,
    };
    const added = store.clients.add(fields);
    return store.clients.update(added.id, { power: reading.power, lastSeenAt: at, problem: null });
  }
  // AMT could not be read: keep what is known about an existing client (its version may still be right).
  if (existing) return store.clients.update(existing.id, { problem: reading.problem, ...relay });
  const added = store.clients.add({ hostName: ip, ip, amtPort, amtVersion: null, ...relay });
  return store.clients.update(added.id, { problem: reading.problem });
}
