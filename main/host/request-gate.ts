// Who may talk to the headless host: requests addressed to 127.0.0.1:PORT by name (the Host header, against
// DNS rebinding), carrying the per-start token (cookie, or once in the URL), and for the WebSocket an
// Origin equal to the host's own (any other local web page could otherwise drive it).

import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './host-token';

export const HOST_ADDRESS = '127.0.0.1';
export const TOKEN_QUERY_PARAMETER = 'token';

export interface GateSettings {
  readonly port: number;
  readonly token: string;
}

/** `127.0.0.1:PORT`: the only Host header accepted. A rebinding attack's page sends its own name. */
export function expectedHostHeader(port: number): string {
  return `${HOST_ADDRESS}:${port}`;
}

export function hostOrigin(port: number): string {
  return `http://${expectedHostHeader(port)}`;
}

/**
 * The request target as a URL, or undefined when it is not one (`//[`, `http://[`…): `new URL` throws on
 * those, and a throw in the upgrade listener would end the whole host process. Callers answer 400.
 */
export function requestUrl(request: IncomingMessage, port: number): URL | undefined {
  try {
    return new URL(request.url ?? '/', hostOrigin(port));
  } catch {
    return undefined;
  }
}

/**
 * The cookie carries the port: cookies are scoped by host name, not port, so two hosts on one machine
 * (or a test run beside a demo) would otherwise overwrite each other's token.
 */
export function tokenCookieName(port: number): string {
  return `amt_console_${port}`;
}

export function hasExpectedHost(request: IncomingMessage, port: number): boolean {
  return request.headers.host === expectedHostHeader(port);
}

export function hasOwnOrigin(request: IncomingMessage, port: number): boolean {
  return request.headers.origin === hostOrigin(port);
}

export function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token as the request carries it: in the URL (first visit, or a non-browser client) or the cookie. */
export function presentsToken(request: IncomingMessage, url: URL, gate: GateSettings): boolean {
  const fromQuery = url.searchParams.get(TOKEN_QUERY_PARAMETER);
  if (fromQuery !== null) return tokensEqual(fromQuery, gate.token);
  return tokensEqual(readCookie(request, tokenCookieName(gate.port)), gate.token);
}

/** HttpOnly: page scripts never see the token. SameSite=Strict: no other site's page makes the browser send it. */
export function tokenCookie(gate: GateSettings): string {
  return `${tokenCookieName(gate.port)}=${gate.token}; Path=/; HttpOnly; SameSite=Strict`;
}
