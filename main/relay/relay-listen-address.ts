// Where the console listens for relays, as a person writes it: `HOST:PORT`, an IPv6 host in brackets
// (`[::]:16999`); the desktop app's `--relay-listen` switch or AMT_CONSOLE_RELAY_LISTEN, the headless host's flag.

import { isIP } from 'node:net';

export interface RelayListenAddress {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
}

const MAX_PORT = 65_535;
/** `host:port` or `[v6]:port`. */
const HOST_PORT = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/;

/** Throws an Error saying what is wrong, for the shell to print. */
export function parseRelayListen(text: string): RelayListenAddress {
  const match = HOST_PORT.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (match === null || host === undefined || !(port >= 0 && port <= MAX_PORT)) {
    throw new Error(
      `'${text}' is not an address to listen for relays on: write HOST:PORT, e.g. 0.0.0.0:16999 or [::]:16999`,
    );
  }
  if (match[1] !== undefined && isIP(host) !== 6) throw new Error(`'${host}' in brackets is not an IPv6 address`);
  return { host, port };
}
