// One WsmanTransport per (endpoint, user), so a repeated sweep over the same hosts reuses the digest nonce and
// the kept-alive connection (amt-protocols.md §1.7 "Nonce reuse"): 2 HTTP requests per host the first time, 1 after.
// Everyone who talks to a device (discovery, the console's calls, client control) shares that one transport,
// each with its own timeouts per call, and goes through the pool's DeviceGate: one piece of work per device at
// a time, a bounded number of devices at once (§6 pitfall 4).

import { DeviceGate } from './device-gate';
import { createWsmanTransport } from './transport';
import {
  callLimitsOf,
  type AmtEndpoint,
  type CallLimits,
  type TransportOptions,
  type TransportStats,
  type WsmanHttpResponse,
  type WsmanTransport,
} from './transport-types';

type PooledTransport = WsmanTransport & { dropConnection(): void };

interface Entry {
  readonly options: TransportOptions;
  readonly transport: PooledTransport;
}

export const DEFAULT_MAX_CONCURRENT_DEVICES = 32;

export interface TransportPoolOptions {
  /** Passed to each transport: a connection unused this long is closed (timers are unref'd). */
  readonly idleCloseMs?: number;
  /** Devices talked to at once through run(). Default 32. */
  readonly maxConcurrentDevices?: number;
}

function poolKey(options: Pick<TransportOptions, 'endpoint' | 'credentials'>): string {
  const e = options.endpoint;
  return JSON.stringify([e.host, e.httpPort, e.tlsPort, options.credentials.user]);
}

/** The gate's key: one device, whoever talks to it and with which user. */
function deviceKey(endpoint: AmtEndpoint): string {
  return JSON.stringify([endpoint.host, endpoint.httpPort, endpoint.tlsPort]);
}

/**
 * A transport built with other settings than asked for is replaced, not reused (e.g. a corrected password).
 * Timeouts are not settings of the transport: they travel with each call.
 */
function sameSettings(a: TransportOptions, b: TransportOptions): boolean {
  return (
    a.credentials.password === b.credentials.password &&
    a.tlsPolicy === b.tlsPolicy &&
    a.explicitPin === b.explicitPin &&
    a.pins === b.pins &&
    a.maxResponseBytes === b.maxResponseBytes &&
    a.maxHeaderBytes === b.maxHeaderBytes &&
    // Absent and false are the same setting: a caller that leaves it out must not rebuild another's transport.
    (a.legacyTls === true) === (b.legacyTls === true)
  );
}

/** The shared transport as one caller sees it: its posts carry that caller's limits. */
function withLimits(transport: PooledTransport, limits: CallLimits): WsmanTransport {
  return {
    post: (envelope: string, override?: CallLimits): Promise<WsmanHttpResponse> =>
      transport.post(envelope, { ...limits, ...override }),
    get negotiated() {
      return transport.negotiated;
    },
    get stats() {
      return transport.stats;
    },
    // The pool owns the transport and others may be using it: a caller's close() leaves it open (see forget()).
    close: () => undefined,
  };
}

export class TransportPool {
  private readonly entries = new Map<string, Entry>();
  private readonly gate: DeviceGate;

  constructor(private readonly poolOptions: TransportPoolOptions = {}) {
    this.gate = new DeviceGate(poolOptions.maxConcurrentDevices ?? DEFAULT_MAX_CONCURRENT_DEVICES);
  }

  /**
   * Runs `work` with this device's transport once the device's earlier work is done and a fleet-wide slot is
   * free. Every caller that may overlap with another on the same device must come through here.
   */
  run<T>(options: TransportOptions, work: (transport: WsmanTransport) => Promise<T>): Promise<T> {
    return this.gate.run(deviceKey(options.endpoint), () => work(this.get(options)));
  }

  /** Runs `work` under the device's gate without a transport (e.g. a TCP probe of its ports). */
  runOnDevice<T>(endpoint: AmtEndpoint, work: () => Promise<T>): Promise<T> {
    return this.gate.run(deviceKey(endpoint), work);
  }

  /**
   * The transport for this endpoint and user, created on first use, with this caller's timeouts on each
   * post. A transport whose password was rejected stays rejected (it fails without touching the wire)
   * until forget() or a different password. Outside run() nothing keeps another caller from replacing it.
   */
  get(options: TransportOptions): WsmanTransport {
    const key = poolKey(options);
    const existing = this.entries.get(key);
    if (existing && sameSettings(existing.options, options))
      return withLimits(existing.transport, callLimitsOf(options));
    existing?.transport.close();
    const withIdle: TransportOptions =
      options.idleCloseMs === undefined && this.poolOptions.idleCloseMs !== undefined
        ? { ...options, idleCloseMs: this.poolOptions.idleCloseMs }
        : options;
    const transport = createWsmanTransport(withIdle);
    this.entries.set(key, { options, transport });
    return withLimits(transport, callLimitsOf(options));
  }

  /** Drops the transport for this endpoint and user (closing its connection and digest state). */
  forget(options: Pick<TransportOptions, 'endpoint' | 'credentials'>): void {
    const key = poolKey(options);
    this.entries.get(key)?.transport.close();
    this.entries.delete(key);
  }

  /** Closes every kept-alive connection but keeps the digest state, so later posts still cost one round trip. */
  closeIdle(): void {
    for (const { transport } of this.entries.values()) transport.dropConnection();
  }

  closeAll(): void {
    for (const { transport } of this.entries.values()) transport.close();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Devices whose work holds a fleet-wide slot now. */
  get activeDevices(): number {
    return this.gate.activeCount;
  }

  /** Sum of every pooled transport's counters (benchmarks compare sweeps with it). */
  totalStats(): TransportStats {
    let requests = 0;
    let connections = 0;
    for (const { transport } of this.entries.values()) {
      requests += transport.stats.requests;
      connections += transport.stats.connections;
    }
    return { requests, connections };
  }
}
