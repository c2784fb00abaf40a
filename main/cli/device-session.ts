// One device as amtctl talks to it: the endpoint parsed from what the user typed, a transport with the
// run's TLS policy, pins and timeouts, and a WS-Man client over it. Closed after each host's command.

import type { CertFingerprint } from '../../shared/domain';
import {
  createWsmanTransport,
  parseTarget,
  WsmanClient,
  type AmtCredentials,
  type AmtEndpoint,
  type PinStore,
  type TlsPolicy,
  type WsmanTransport,
} from '../amt/index';

export interface ConnectionSettings {
  readonly credentials: AmtCredentials;
  readonly tlsPolicy: TlsPolicy;
  /** amtctl --legacy-tls: TLS 1.0/1.1 allowed for every device of this run (main/amt/legacy-tls.ts). */
  readonly legacyTls?: boolean;
  readonly pins: PinStore;
  readonly explicitPin: CertFingerprint | undefined;
  readonly timeoutMs: number;
}

export interface DeviceSession {
  /** The host as the user typed it; results are reported under this name. */
  readonly host: string;
  readonly endpoint: AmtEndpoint;
  readonly client: WsmanClient;
  /** The ports the TLS policy lets the transport try, for error words ("nothing listens on …"). */
  readonly triedPorts: readonly number[];
  /** 'tls' or 'http' once the first request went through; undefined before. */
  via(): 'tls' | 'http' | undefined;
  close(): void;
}

/**
 * Parsing happens here, per host, rather than up front: a malformed entry in a hosts file then fails
 * that host's line with a clear message instead of aborting the other 999 hosts.
 */
export function openDeviceSession(host: string, settings: ConnectionSettings): DeviceSession {
  // An explicit https:// or http:// in the host text is the user's choice for that host and wins.
  const { endpoint, policy: hostPolicy } = parseTarget(host);
  const policy = hostPolicy ?? settings.tlsPolicy;
  const transport: WsmanTransport = createWsmanTransport({
    endpoint,
    credentials: settings.credentials,
    tlsPolicy: policy,
    pins: settings.pins,
    ...(settings.explicitPin ? { explicitPin: settings.explicitPin } : {}),
    connectTimeoutMs: settings.timeoutMs,
    readTimeoutMs: settings.timeoutMs,
    ...(settings.legacyTls ? { legacyTls: true } : {}),
  });
  const client = new WsmanClient(transport);
  return {
    host,
    endpoint,
    client,
    triedPorts: portsFor(policy, endpoint),
    via: () => {
      const negotiated = transport.negotiated;
      if (negotiated === undefined) return undefined;
      return negotiated.tls ? 'tls' : 'http';
    },
    close: () => transport.close(),
  };
}

function portsFor(policy: TlsPolicy, endpoint: AmtEndpoint): number[] {
  if (policy === 'tls-only') return [endpoint.tlsPort];
  if (policy === 'http-only') return [endpoint.httpPort];
  return [endpoint.httpPort, endpoint.tlsPort];
}
