// The headless host (docs/architecture.md "Processes"): the built renderer and the router over HTTP and
// WebSocket on 127.0.0.1 only, for browser tests and use without Electron. Every request must carry the
// per-start token and name 127.0.0.1:PORT as its Host; the WebSocket also needs the host's own Origin.
//
// Token flow: the printed URL carries ?token=…; the host answers it with a redirect to the same path
// without the token and an HttpOnly, SameSite=Strict cookie, so the token leaves the address bar and page
// scripts never see it. The browser then sends the cookie with every file and with the WebSocket upgrade.
// Non-browser clients may put ?token=… on the WebSocket URL instead; they still need the right Origin.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEvents, Router } from '../api/index';
import { HOST_SOCKET_PATH, WS_CLOSE } from '../../shared/ipc';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';
import { newHostToken } from './host-token';
import {
  HOST_ADDRESS,
  TOKEN_QUERY_PARAMETER,
  hasExpectedHost,
  hasOwnOrigin,
  hostOrigin,
  presentsToken,
  requestUrl,
  tokenCookie,
  type GateSettings,
} from './request-gate';
import { DEFAULT_SOCKET_LIMITS, MAX_SOCKET_MESSAGE_BYTES, serveSocket, type SocketLimits } from './socket-endpoint';
import { sendText, serveStatic } from './static-files';

export interface HostCore {
  readonly router: Router;
  readonly events: ApiEvents;
  /** Told when a WebSocket connection ends, with the peer name its calls carried (its SOL sessions close). */
  connectionClosed?(peer: string): void;
}

export interface HostOptions {
  readonly core: HostCore;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built renderer (index.html + assets), normally dist/renderer. */
  readonly rendererDir: string;
  /** The built WebSocket bridge, normally dist/preload/web-socket-bridge.js. */
  readonly bridgeFile: string;
  readonly log?: (line: string) => void;
  readonly socketLimits?: SocketLimits;
  readonly maxMessageBytes?: number;
  readonly maxConnections?: number;
}

export interface RunningHost {
  /** Open this (it carries the token); print it only to the person who started the host. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_CONNECTIONS = 16;
const NOT_AUTHORISED_WORDS =
  'This console needs the address printed when its host started (the address carries a one-time token).';
const BAD_TARGET_WORDS = 'The request target is not a valid path.';

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log = options.log ?? (() => undefined);
  const token = newHostToken();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? MAX_SOCKET_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const server = createServer();
  // The port is known only once bound (port 0); requests cannot arrive before that.
  let gate: GateSettings = { port: 0, token };
  let csp = contentSecurityPolicy();
  let nextPeer = 1;

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handleHttp(request, response).catch((error: unknown) => {
      log(`host: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendText(response, 500, 'Internal error.', csp);
      else response.destroy();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hasExpectedHost(request, gate.port))
      return sendText(response, 421, `This host answers only as ${HOST_ADDRESS}:${gate.port}.`, csp);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendText(response, 405, 'Only GET is served.', csp, { Allow: 'GET, HEAD' });
    const url = requestUrl(request, gate.port);
    if (!url) return sendText(response, 400, BAD_TARGET_WORDS, csp);
    if (!presentsToken(request, url, gate)) return sendText(response, 403, NOT_AUTHORISED_WORDS, csp);
    if (url.searchParams.has(TOKEN_QUERY_PARAMETER)) {
      // Trade the token in the URL for the cookie, and drop it from the address bar and history.
      response.writeHead(303, {
        Location: url.pathname,
        'Set-Cookie': tokenCookie(gate),
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      response.end();
      return;
    }
    await serveStatic(
      response,
      url.pathname,
      { rendererDir: options.rendererDir, bridgeFile: options.bridgeFile, csp },
      request.method === 'HEAD',
    );
  }

  server.on('upgrade', (request: IncomingMessage, stream: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string): void => {
      log(`host: WebSocket refused (${reason})`);
      stream.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      stream.destroy();
    };
    // A throw here is not caught by anything and would end the host: every step is guarded.
    try {
      handleUpgrade(request, stream, head, refuse);
    } catch (error) {
      log(`host: ${error instanceof Error ? error.message : String(error)}`);
      refuse(500, 'Internal Server Error');
    }
  });

  function handleUpgrade(
    request: IncomingMessage,
    stream: Duplex,
    head: Buffer,
    refuse: (status: number, reason: string) => void,
  ): void {
    const url = requestUrl(request, gate.port);
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== HOST_SOCKET_PATH) return refuse(404, 'Not Found');
    if (!hasExpectedHost(request, gate.port)) return refuse(421, 'Misdirected Request');
    if (!hasOwnOrigin(request, gate.port)) return refuse(403, 'Forbidden');
    if (!presentsToken(request, url, gate)) return refuse(403, 'Forbidden');
    if (sockets.size >= (options.maxConnections ?? DEFAULT_MAX_CONNECTIONS)) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(request, stream, head, (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveSocket(socket, options.core, `socket ${nextPeer++}`, options.socketLimits ?? DEFAULT_SOCKET_LIMITS);
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    // 127.0.0.1 and nothing else: never 0.0.0.0 or ::, so no other machine can reach it.
    server.listen(options.port ?? 0, HOST_ADDRESS, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  gate = { port, token };
  csp = contentSecurityPolicy({ connectSources: [`ws://${HOST_ADDRESS}:${port}`] });
  const origin = hostOrigin(port);

  return {
    url: `${origin}/?${TOKEN_QUERY_PARAMETER}=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const socket of sockets) socket.close(WS_CLOSE.goingAway, 'the console host is stopping');
      await new Promise<void>((done) => wss.close(() => done()));
      for (const socket of sockets) socket.terminate();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
