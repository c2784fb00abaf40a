// One WsmanTransport per (endpoint, user), so a repeated sweep over the same hosts reuses the digest nonce and
// the kept-alive connection (amt-protocols.md §1.7 "Nonce reuse"): 2 HTTP requests per host the first time, 1 after.

import { createWsmanTransport } from './transport';
import type { TransportOptions, TransportStats, WsmanTransport } from './transport-types';

type PooledTransport = WsmanTransport & { dropConnection(): void };

interface Entry {
  readonly options: TransportOptions;
  readonly transport: PooledTransport;
}

export interface TransportPoolOptions {
  /** Passed to each transport: a connection unused this long is closed (timers are unref'd). */
  readonly idleCloseMs?: number;
}

function poolKey(options: TransportOptions): string {
  const e = options.endpoint;
  return JSON.stringify([e.host, e.httpPort, e.tlsPort, options.credentials.user]);
}

/** A transport built with other settings than asked for is replaced, not reused (e.g. a corrected password). */
function sameSettings(a: TransportOptions, b: TransportOptions): boolean {
  return (
    a.credentials.password === b.credentials.password &&
    a.tlsPolicy === b.tlsPolicy &&
    a.explicitPin === b.explicitPin &&
    a.pins === b.pins &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    a.readTimeoutMs === b.readTimeoutMs &&
    a.maxResponseBytes === b.maxResponseBytes &&
    a.maxHeaderBytes === b.maxHeaderBytes &&
    a.legacyTls === b.legacyTls
  );
}

export class TransportPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly poolOptions: TransportPoolOptions = {}) {}

  /**
   * The transport for this endpoint and user, created on first use. A transport whose password was
   * rejected stays rejected (it fails without touching the wire) until forget() or a different password.
   */
  get(options: TransportOptions): WsmanTransport {
    const key = poolKey(options);
    const existing = this.entries.get(key);
    if (existing && sameSettings(existing.options, options)) return existing.transport;
    existing?.transport.close();
    const withIdle: TransportOptions =
      options.idleCloseMs === undefined && this.poolOptions.idleCloseMs !== undefined
        ? { ...options, idleCloseMs: this.poolOptions.idleCloseMs }
        : options;
    const transport = createWsmanTransport(withIdle);
    this.entries.set(key, { options, transport });
    return transport;
  }

  /** Drops the transport for this endpoint and user (closing its connection and digest state). */
  forget(options: Pick<TransportOptions, 'endpoint' | 'credentials'>): void {
    const key = poolKey(options as TransportOptions);
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
