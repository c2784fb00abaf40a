// Turns a user's target text into an AmtEndpoint (amt-protocols.md §1.1 ports). Accepts `host`, `host:port`,
// `[v6]:port`, `http://host:port` and `https://host:port`; anything else is a specific 'bad-input'.

import { isIP } from 'node:net';
import { AmtError } from '../../shared/domain';
import type { AmtEndpoint, TlsPolicy } from './transport-types';

export const AMT_HTTP_PORT = 16992;
export const AMT_TLS_PORT = 16993;
const MAX_PORT = 65535;
const MAX_HOSTNAME_LENGTH = 253;
/** RFC 1123 labels; '_' is tolerated because Windows machine names carry it and resolvers accept it. */
const HOSTNAME_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const ALLOWED_PATHS = new Set(['', '/', '/wsman']);

export interface ParsedTarget {
  readonly endpoint: AmtEndpoint;
  /** Set by an explicit scheme: `https://` means TLS only, `http://` plain HTTP only. */
  readonly policy?: TlsPolicy;
}

function bad(text: string, why: string): AmtError {
  return new AmtError('bad-input', `"${text.slice(0, 200)}" is not a valid AMT target: ${why}.`);
}

function parsePort(text: string, portText: string): number {
  if (!/^\d{1,5}$/.test(portText)) throw bad(text, `port "${portText.slice(0, 20)}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > MAX_PORT) throw bad(text, `port ${port} is outside 1-${MAX_PORT}`);
  return port;
}

function checkHost(text: string, host: string): string {
  if (host === '') throw bad(text, 'the host name is empty');
  if (isIP(host) !== 0) return host;
  if (host.length > MAX_HOSTNAME_LENGTH) throw bad(text, 'the host name is longer than 253 characters');
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  if (!labels.every((label) => HOSTNAME_LABEL.test(label))) {
    throw bad(text, `"${host.slice(0, 80)}" is neither an IP address nor a valid host name`);
  }
  // All-numeric dotted names that are not valid IPv4 (999.1.1.1) are typos, not host names.
  if (labels.every((label) => /^\d+$/.test(label))) throw bad(text, `"${host}" is not a valid IPv4 address`);
  return host;
}

/** Splits `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function splitHostPort(text: string, authority: string): { host: string; port?: number } {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) throw bad(text, 'the "[" of an IPv6 address is not closed');
    const host = authority.slice(1, close);
    if (isIP(host) !== 6) throw bad(text, `"${host.slice(0, 60)}" inside [ ] is not an IPv6 address`);
    const rest = authority.slice(close + 1);
    if (rest === '') return { host };
    if (!rest.startsWith(':')) throw bad(text, 'unexpected text after the IPv6 address');
    return { host, port: parsePort(text, rest.slice(1)) };
  }
  const colons = authority.split(':').length - 1;
  if (colons > 1) {
    if (isIP(authority) === 6) return { host: authority };
    throw bad(text, 'an IPv6 address with a port must be written in brackets, e.g. [::1]:16992');
  }
  if (colons === 1) {
    const [host = '', portText = ''] = authority.split(':');
    return { host: checkHost(text, host), port: parsePort(text, portText) };
  }
  return { host: checkHost(text, authority) };
}

/**
 * `host` → 16992/16993. `host:port` → port is the HTTP WS-Man port and TLS is port+1: real devices
 * use 16992/16993, and the simulator's single-address mode hands out consecutive port pairs, so one
 * number names both. `http://host[:port]` and `https://host[:port]` pin the scheme (and the policy).
 */
export function parseTarget(text: string): ParsedTarget {
  const trimmed = text.trim();
  if (trimmed === '') throw new AmtError('bad-input', 'The AMT target is empty; give a host name or address.');
  if (/\s/.test(trimmed)) throw bad(text, 'it contains spaces');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name !== 'http' && name !== 'https') throw bad(text, `scheme "${name}" is not http or https`);
    const rest = trimmed.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    const path = slash === -1 ? '' : rest.slice(slash);
    if (!ALLOWED_PATHS.has(path)) throw bad(text, `path "${path.slice(0, 60)}" is not /wsman`);
    if (authority.includes('@')) throw bad(text, 'credentials do not belong in the target; pass them separately');
    const { host, port } = splitHostPort(text, authority);
    if (name === 'https') {
      const tlsPort = port ?? AMT_TLS_PORT;
      return {
        endpoint: { host, httpPort: port === undefined ? AMT_HTTP_PORT : Math.max(1, tlsPort - 1), tlsPort },
        policy: 'tls-only',
      };
    }
    const httpPort = port ?? AMT_HTTP_PORT;
    return {
      endpoint: { host, httpPort, tlsPort: port === undefined ? AMT_TLS_PORT : Math.min(MAX_PORT, httpPort + 1) },
      policy: 'http-only',
    };
  }
  if (trimmed.includes('/')) throw bad(text, 'a path needs an http:// or https:// prefix');
  const { host, port } = splitHostPort(text, trimmed);
  if (port === undefined) return { endpoint: { host, httpPort: AMT_HTTP_PORT, tlsPort: AMT_TLS_PORT } };
  if (port + 1 > MAX_PORT) throw bad(text, `port ${port} leaves no room for the TLS port ${port + 1}`);
  return { endpoint: { host, httpPort: port, tlsPort: port + 1 } };
}

/** The endpoint part of parseTarget(). */
export function parseEndpoint(text: string): AmtEndpoint {
  return parseTarget(text).endpoint;
}

/** `host:port`, an IPv6 address in brackets (`[::1]:16994`), as error messages and pool keys write it. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `host:httpPort` (IPv6 in brackets), the form error messages and pool keys use. */
export function formatEndpoint(endpoint: AmtEndpoint): string {
  return formatHostPort(endpoint.host, endpoint.httpPort);
}
