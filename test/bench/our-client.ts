// Our side of the power sweep: the product's stack as the console uses it, TransportPool → WsmanClient → getPowerState,
// with a chosen TLS policy (http-only for the ratio; tls-only with in-memory pins as an extra line).
import {
  getPowerState,
  MemoryPinStore,
  TransportPool,
  WsmanClient,
  type TlsPolicy,
  type TransportOptions,
} from '../../main/amt/index';
import type { BenchDevice } from './sim-process';

export class OurClient {
  private readonly pool = new TransportPool();
  private readonly pins = new MemoryPinStore();
  private readonly options = new Map<string, TransportOptions>();

  constructor(devices: readonly BenchDevice[], tlsPolicy: TlsPolicy, timeoutMs: number) {
    for (const d of devices) {
      this.options.set(d.host, {
        endpoint: { host: d.host, httpPort: d.httpPort, tlsPort: d.tlsPort },
        credentials: { user: d.user, password: d.password },
        tlsPolicy,
        pins: this.pins,
        connectTimeoutMs: timeoutMs,
        readTimeoutMs: timeoutMs,
      });
    }
  }

  /** The pooled transport carries the nonce and the kept-alive socket from one sweep to the next; the client is per call. */
  async powerState(host: string): Promise<number> {
    const options = this.options.get(host);
    if (!options) throw new Error(`ours: unknown host ${host}`);
    const reading = await getPowerState(new WsmanClient(this.pool.get(options)));
    return reading.value;
  }

  /** HTTP requests written by every pooled transport (TransportStats). */
  get requests(): number {
    return this.pool.totalStats().requests;
  }

  get connections(): number {
    return this.pool.totalStats().connections;
  }

  close(): void {
    this.pool.closeAll();
  }
}
