// The AMT half of client control on the AMT core (amt-protocols.md §2.4–2.5): read the power state and
// request power-on over a pooled WS-Man transport, so digest state is reused across the poll loop.

import { getPowerState, requestPowerAction, WsmanClient, type AmtCredentials, type AmtEndpoint, type PinStore, type TlsPolicy, type TransportPool } from '../amt/index';
import type { AmtPowerOps } from './power-on';

export interface AmtPowerOpsOptions {
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly tlsPolicy: TlsPolicy;
  /** Per connect and per read. */
  readonly timeoutMs: number;
}

export function createAmtPowerOps(options: AmtPowerOpsOptions): AmtPowerOps {
  const clientFor = (endpoint: AmtEndpoint, credentials: AmtCredentials): WsmanClient =>
    new WsmanClient(
      options.pool.get({
        endpoint,
        credentials,
        tlsPolicy: options.tlsPolicy,
        pins: options.pins,
        connectTimeoutMs: options.timeoutMs,
        readTimeoutMs: options.timeoutMs,
      }),
    );
  return {
    async readPowerState(endpoint, credentials) {
      return (await getPowerState(clientFor(endpoint, credentials))).state;
    },
    async requestPowerOn(endpoint, credentials) {
      // A non-zero ReturnValue (busy, invalid state) already throws AmtError 'amt-status' in the WS-Man client.
      await requestPowerAction(clientFor(endpoint, credentials), 'on');
    },
  };
}
