// Is anything listening on host:port? One TCP connect with a timeout, closed at once: how discovery tells a
// PC with AMT ports open from an address where nothing answers, before any credential is sent.

import { connect } from 'node:net';

export type ProbeResult = 'open' | 'closed' | 'timeout';

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.once('connect', () => finish('open'));
    socket.once('error', () => finish('closed'));
  });
}
