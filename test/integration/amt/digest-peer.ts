// Test peers for the WS-Man wire layer: a digest-checking WS-Man server (plain or TLS, built on node:http so its
// HTTP framing is independent of ours) and raw hostile servers. Digest checking is written here on purpose,
// not imported from main/, so a digest bug cannot pass on both sides.

import { createHash, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import forge from 'node-forge';

export const PEER_REALM = 'Digest:727734D63A1FC0423736E48DA554E462';
export const PEER_SERVER_HEADER = 'Intel(R) Active Management Technology 15.0.23.1706';
const UNAUTHORIZED_HTML =
  '<html><body><h2>Log on failed. Incorrect user name or password, or user account temporarily locked.</h2></body></html>\n';

export interface SelfSignedCert {
  readonly keyPem: string;
  readonly certPem: string;
}

/** An RSA-2048 self-signed certificate like the one AMT generates before provisioning (§1.8). */
export function makeSelfSignedCert(commonName: string): SelfSignedCert {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(cert) };
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The peer's own reading of an Authorization header (deliberately simple: it only has to read ours). */
function parseAuthorization(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = header.replace(/^Digest\s+/i, '');
  for (const m of body.matchAll(/([a-zA-Z]+)=(?:"([^"]*)"|([^\s,]+))/g))
    out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  return out;
}

export interface SeenRequest {
  readonly connectionId: number;
  readonly authorized: boolean;
  /** Authorization fields without the response hash (which must not leak into test output either). */
  readonly nonce?: string;
  readonly nc?: string;
  readonly outcome: number;
}

export type PeerMode = 'normal' | 'always-401' | 'stale-401';

export interface DigestPeerOptions {
  readonly host: string;
  readonly user: string;
  readonly password: string;
  readonly tls?: SelfSignedCert;
  /** Speak only TLS 1.0/1.1 with an RSA key-exchange suite, like AMT 11.x and older (§1.8). */
  readonly legacyTlsOnly?: boolean;
  /** Status and body for authenticated requests; default 200 with a GetResponse-like envelope. */
  readonly reply?: { status: number; body: string };
}

export interface DigestPeer {
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Highest number of requests being handled at the same moment. */
  readonly maxInFlight: number;
  readonly connections: number;
  /** Bodies of every request, to check that nothing but our envelope arrived. */
  readonly bodies: string[];
  /** Forgets every nonce, as AMT may at any time (§1.7): the next authenticated request gets a 401. */
  rotateNonce(): void;
  setMode(mode: PeerMode): void;
  setReply(reply: { status: number; body: string }): void;
  close(): Promise<void>;
}

export const DEFAULT_REPLY_BODY =
  '<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:a="http://www.w3.org/2003/05/soap-envelope"><a:Header></a:Header><a:Body><g:Ok xmlns:g="urn:test">1</g:Ok></a:Body></a:Envelope>';

export async function startDigestPeer(options: DigestPeerOptions): Promise<DigestPeer> {
  const nonces = new Map<string, number>(); // nonce → highest nc seen
  let mode: PeerMode = 'normal';
  let reply = options.reply ?? { status: 200, body: DEFAULT_REPLY_BODY };
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const requests: SeenRequest[] = [];
  const bodies: string[] = [];
  const connectionIds = new WeakMap<Socket, number>();

  const newNonce = (): string => {
    const nonce = randomBytes(24).toString('base64');
    nonces.set(nonce, 0);
    return nonce;
  };
  const challenge = (res: ServerResponse, stale: boolean): void => {
    res.writeHead(401, 'Unauthorized', {
      // AMT's exact layout: one space after the realm, none before stale and qop.
      'WWW-Authenticate': `Digest realm="${PEER_REALM}", nonce="${newNonce()}",stale="${stale}",qop="auth"`,
      'Content-Type': 'text/html',
      Server: PEER_SERVER_HEADER,
      'Content-Length': Buffer.byteLength(UNAUTHORIZED_HTML),
      Connection: 'close',
    });
    res.end(UNAUTHORIZED_HTML);
  };

  const verify = (header: string | undefined): { ok: boolean; nonce?: string; nc?: string; stale: boolean } => {
    if (!header) return { ok: false, stale: false };
    const a = parseAuthorization(header);
    const seen = { ...(a.nonce !== undefined ? { nonce: a.nonce } : {}), ...(a.nc !== undefined ? { nc: a.nc } : {}) };
    const last = a.nonce !== undefined ? nonces.get(a.nonce) : undefined;
    if (last === undefined) return { ok: false, stale: true, ...seen };
    if (!/^[0-9a-f]{8}$/.test(a.nc ?? '') || a.qop !== 'auth' || !a.cnonce) return { ok: false, stale: false, ...seen };
    const nc = parseInt(a.nc ?? '', 16);
    const ha1 = md5(`${options.user}:${PEER_REALM}:${options.password}`);
    const ha2 = md5(`POST:${a.uri}`);
    const expected = md5(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:auth:${ha2}`);
    const ok =
      a.username === options.user &&
      a.realm === PEER_REALM &&
      a.uri === '/wsman' &&
      nc > last &&
      a.response === expected;
    if (ok) nonces.set(a.nonce ?? '', nc);
    return { ok, stale: false, ...seen };
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      const connectionId = connectionIds.get(req.socket) ?? -1;
      const auth = req.headers.authorization;
      const result = verify(auth);
      const record = (outcome: number): void => {
        requests.push({
          connectionId,
          authorized: auth !== undefined,
          ...(result.nonce !== undefined ? { nonce: result.nonce } : {}),
          ...(result.nc !== undefined ? { nc: result.nc } : {}),
          outcome,
        });
      };
      // Answer on the next tick so overlapping requests, if any, would be visible in maxInFlight.
      setTimeout(() => {
        inFlight--;
        if (req.method !== 'POST' || req.url !== '/wsman') {
          record(404);
          res.writeHead(404, { 'Content-Length': 0 });
          res.end();
          return;
        }
        if (mode !== 'normal' || !result.ok) {
          record(401);
          // Whether AMT marks an expired nonce stale is unconfirmed (§7), so by default this peer does not.
          challenge(res, mode === 'stale-401');
          return;
        }
        record(reply.status);
        res.writeHead(reply.status, {
          'Content-Type': 'application/soap+xml; charset=UTF-8',
          Server: PEER_SERVER_HEADER,
          'X-Frame-Options': 'DENY',
        });
        // Two writes without Content-Length: node:http sends them chunked, as AMT does.
        const half = Math.floor(reply.body.length / 2);
        res.write(reply.body.slice(0, half));
        res.end(reply.body.slice(half));
      }, 5);
    });
  };

  const server: Server = options.tls
    ? createHttpsServer(
        {
          key: options.tls.keyPem,
          cert: options.tls.certPem,
          ...(options.legacyTlsOnly
            ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'AES128-SHA:@SECLEVEL=0' }
            : {}),
        },
        handler,
      )
    : createHttpServer(handler);
  server.keepAliveTimeout = 30_000;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections++;
    connectionIds.set(socket, connections);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    requests,
    bodies,
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    rotateNonce: () => nonces.clear(),
    setMode: (m) => {
      mode = m;
    },
    setReply: (r) => {
      reply = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawPeer {
  readonly port: number;
  /** Bytes received from clients (after TLS decryption for a TLS peer). */
  readonly receivedBytes: number;
  readonly connections: number;
  /** TCP connections accepted (for a TLS peer, also those whose handshake the client abandoned). */
  readonly tcpConnections: number;
  close(): Promise<void>;
}

/** A TCP (or TLS) server whose behaviour per connection is a function: garbage, silence, a dropped response... */
export async function startRawPeer(
  host: string,
  onConnection: (socket: Socket) => void,
  tls?: SelfSignedCert,
): Promise<RawPeer> {
  let receivedBytes = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const accept = (socket: Socket): void => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      receivedBytes += d.length;
    });
    onConnection(socket);
  };
  const server = tls ? createTlsServer({ key: tls.keyPem, cert: tls.certPem }, accept) : createNetServer(accept);
  let tcpConnections = 0;
  server.on('connection', () => {
    tcpConnections++;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get receivedBytes() {
      return receivedBytes;
    },
    get connections() {
      return connections;
    },
    get tcpConnections() {
      return tcpConnections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on `host` where nothing listens (bound once, then released). */
export async function unusedPort(host: string): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
