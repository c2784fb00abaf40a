// The AMT half of client control on the AMT core (amt-protocols.md §2.4–2.5): read the power state and
// request power-on over a pooled WS-Man transport, so digest state is reused across the poll loop; each call
// goes through the pool's per-device gate, so it never overlaps another call to the same device.

import {
  getPowerState,
  requestPowerAction,
  WsmanClient,
  type AmtCredentials,
  type AmtEndpoint,
  type PinStore,
  type TlsPolicy,
  type TransportPool,
} from '../amt/index';
import type { AmtPowerOps } from './power-on';

export interface AmtPowerOpsOptions {
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly tlsPolicy: TlsPolicy;
  /** Per connect and per read. */
  readonly timeoutMs: number;
}

export function createAmtPowerOps(options: AmtPowerOpsOptions): AmtPowerOps {
  const withClient = <T>(
    endpoint: AmtEndpoint,
    credentials: AmtCredentials,
    work: (client: WsmanClient) => Promise<T>,
  ): Promise<T> =>
    options.pool.run(
      {
        endpoint,
        credentials,
        tlsPolicy: options.tlsPolicy,
        pins: options.pins,
        connectTimeoutMs: options.timeoutMs,
        readTimeoutMs: options.timeoutMs,
      },
      (transport) => work(new WsmanClient(transport)),
    );
  return {
    async readPowerState(endpoint, credentials) {
      return withClient(endpoint, credentials, async (client) => (await getPowerState(client)).state);
    },
    async requestPowerOn(endpoint, credentials) {
      // A non-zero ReturnValue (busy, invalid state) already throws AmtError 'amt-status' in the WS-Man client.
      await withClient(endpoint, credentials, (client) => requestPowerAction(client, 'on'));
    },
  };
}
