// An isUp probe for woken clients: a TCP connect to a port the client's OS answers on (its agent, or RDP/SMB),
// the only sign of life there is when Wake-on-LAN woke a client without AMT (mission M1 "waits until the client is up").

import { probeTcp } from '../fleet/index';
import type { PowerOnTarget } from './power-on';

export interface TcpIsUpOptions {
  readonly port: number;
  readonly timeoutMs: number;
}

/** A probe that says up when the target's IP accepts a TCP connection on `port`; a target without IP is never up. */
export function createTcpIsUp(options: TcpIsUpOptions): (target: PowerOnTarget) => Promise<boolean> {
  return async (target) =>
    target.ip !== null && (await probeTcp(target.ip, options.port, options.timeoutMs)) === 'open';
}
