// How the API reaches one client's AMT: its endpoint (ip, or ip:amtPort with TLS on the next port, as amtctl
// reads host:port), its credentials resolved per client (client → relay → default, main/fleet), a pooled
// transport (digest state and connection reused) and the pool's per-device and fleet-wide gate.

import type { Client } from '../../shared/domain';
import {
  checkRedirectionReady,
  WsmanClient,
  type AmtEndpoint,
  type GuardedAction,
  type PinStore,
  type TlsPolicy,
  type TransportPool,
} from '../amt/index';
import { clientEndpoint, type ResolvedCredentials } from '../fleet/index';

export interface ClientAmtOptions {
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly tlsPolicy: TlsPolicy;
  /** Per connect and per read. */
  readonly timeoutMs: number;
}

/** The client's AMT endpoint (main/fleet's rule, shared with client-control jobs). */
export const endpointOf = clientEndpoint;

/** The ports a policy lets the transport try, for error words ("nothing listens on …"). */
export function triedPorts(policy: TlsPolicy, endpoint: AmtEndpoint): number[] {
  if (policy === 'tls-only') return [endpoint.tlsPort];
  if (policy === 'http-only') return [endpoint.httpPort];
  return [endpoint.httpPort, endpoint.tlsPort];
}

export class ClientAmt {
  constructor(private readonly options: ClientAmtOptions) {}

  get tlsPolicy(): TlsPolicy {
    return this.options.tlsPolicy;
  }

  /** The certificate pins WS-Man uses; redirection checks the same ones. */
  get pins(): PinStore {
    return this.options.pins;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Runs `work` with a WS-Man client for this client's AMT, one at a time per device. */
  run<T>(client: Client, credentials: ResolvedCredentials, work: (wsman: WsmanClient) => Promise<T>): Promise<T> {
    const options = {
      endpoint: endpointOf(client),
      credentials: { user: credentials.user, password: credentials.password },
      tlsPolicy: this.options.tlsPolicy,
      pins: this.options.pins,
      connectTimeoutMs: this.options.timeoutMs,
      readTimeoutMs: this.options.timeoutMs,
      // The client's stored old-TLS setting (issue 12 item 7); a change builds a new pooled transport.
      legacyTls: client.legacyTls,
    };
    return this.options.pool.run(options, (transport) => work(new WsmanClient(transport)));
  }

  /**
   * Before SOL, IDE-R or a boot change: the redirection service has the feature and its listener on, and in
   * client control mode the user's consent holds ('redirection-disabled' / 'consent-required' otherwise).
   */
  checkReady(client: Client, credentials: ResolvedCredentials, action: GuardedAction): Promise<void> {
    return this.run(client, credentials, (wsman) => checkRedirectionReady(wsman, action, client.hostName));
  }
}
