// Minimal raw HTTP/WS-Man client used only by the simulator's own tests: it keeps the exact bytes (headers in order,
// chunk-size lines) so tests can check the wire shape, and does RFC 2617 digest itself. Not used by the simulator.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header lines in the order received, as [name, value]. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Chunk-size lines exactly as sent (e.g. "0220"), empty when not chunked. */
  readonly chunkSizeLines: readonly string[];
  readonly body: string;
  readonly raw: Buffer;
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** Parses one complete response from the start of `buf`; null while incomplete. */
export function parseRawResponse(buf: Buffer): { response: RawResponse; consumed: number } | null {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const statusLine = lines.shift() ?? '';
  const status = Number(statusLine.split(' ')[1]);
  const headers = lines.map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()] as const;
  });
  const find = (n: string): string | undefined => headers.find(([h]) => h.toLowerCase() === n)?.[1];
  let pos = headEnd + 4;
  if (find('transfer-encoding') === 'chunked') {
    const sizes: string[] = [];
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return null;
      const sizeLine = buf.subarray(pos, lineEnd).toString('latin1');
      const size = parseInt(sizeLine, 16);
      pos = lineEnd + 2;
      if (size === 0) {
        if (buf.length < pos + 2) return null;
        const body = Buffer.concat(parts).toString('utf8');
        return {
          response: { status, statusLine, headers, chunkSizeLines: sizes, body, raw: buf.subarray(0, pos + 2) },
          consumed: pos + 2,
        };
      }
      sizes.push(sizeLine);
      if (buf.length < pos + size + 2) return null;
      parts.push(buf.subarray(pos, pos + size));
      pos += size + 2;
    }
  }
  const length = Number(find('content-length') ?? '0');
  if (buf.length < pos + length) return null;
  const body = buf.subarray(pos, pos + length).toString('utf8');
  return {
    response: { status, statusLine, headers, chunkSizeLines: [], body, raw: buf.subarray(0, pos + length) },
    consumed: pos + length,
  };
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls?: boolean;
}

export interface Session {
  send(bytes: Buffer | string): void;
  /** Next complete response, or rejects when the connection closes first or after timeoutMs. */
  next(timeoutMs?: number): Promise<RawResponse>;
  /** All bytes received so far (for garbage and drop tests). */
  received(): Buffer;
  closed(): Promise<void>;
  readonly socket: net.Socket;
  end(): void;
}

export function connect(endpoint: Endpoint): Promise<Session> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = endpoint.tls
      ? tls.connect({ host: endpoint.host, port: endpoint.port, rejectUnauthorized: false })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    let buffer = Buffer.alloc(0);
    let all = Buffer.alloc(0);
    let isClosed = false;
    const waiters: Array<() => void> = [];
    const wake = (): void => {
      for (const w of waiters.splice(0)) w();
    };
    const closedPromise = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      all = Buffer.concat([all, chunk]);
      wake();
    });
    socket.on('close', () => {
      isClosed = true;
      wake();
    });
    socket.on('error', (error) => {
      if (!isClosed) reject(error);
    });
    socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => {
      resolve({
        socket,
        send: (bytes) => socket.write(bytes),
        received: () => all,
        closed: () => closedPromise,
        end: () => socket.destroy(),
        next: (timeoutMs = 10_000) =>
          new Promise<RawResponse>((res, rej) => {
            const timer = setTimeout(() => rej(new Error('timed out waiting for a response')), timeoutMs);
            const check = (): void => {
              const parsed = parseRawResponse(buffer);
              if (parsed) {
                clearTimeout(timer);
                buffer = buffer.subarray(parsed.consumed);
                res(parsed.response);
              } else if (isClosed) {
                clearTimeout(timer);
                rej(new Error(`connection closed before a complete response (${buffer.length} bytes pending)`));
              } else waiters.push(check);
            };
            check();
          }),
      });
    });
  });
}

export function postRequest(endpoint: Endpoint, body: string, extraHeaders: Record<string, string> = {}): string {
  const len = Buffer.byteLength(body);
  const extra = Object.entries(extraHeaders)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `POST /wsman HTTP/1.1\r\nHost: ${endpoint.host}:${endpoint.port}\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${len}\r\n${extra}\r\n${body}`;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function parseChallenge(wwwAuthenticate: string): { realm: string; nonce: string; stale: string } {
  const get = (k: string): string => new RegExp(`${k}="([^"]*)"`).exec(wwwAuthenticate)?.[1] ?? '';
  return { realm: get('realm'), nonce: get('nonce'), stale: get('stale') };
}

export function digestHeader(user: string, password: string, realm: string, nonce: string, nc: number): string {
  const cnonce = randomBytes(8).toString('hex');
  const ncText = nc.toString(16).padStart(8, '0');
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5('POST:/wsman');
  const response = md5(`${ha1}:${nonce}:${ncText}:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="/wsman", response="${response}", qop=auth, nc=${ncText}, cnonce="${cnonce}"`;
}

/** Writes a request envelope like a console would (own prefixes, MessageID given by the test). */
export function requestEnvelope(opts: {
  action: string;
  resourceUri: string;
  messageId: string;
  body?: string;
  selectors?: Record<string, string>;
}): string {
  const selectors = opts.selectors
    ? `<w:SelectorSet>${Object.entries(opts.selectors)
        .map(([k, v]) => `<w:Selector Name="${k}">${v}</w:Selector>`)
        .join('')}</w:SelectorSet>`
    : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?><Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    `<Header><a:Action>${opts.action}</a:Action><a:To>/wsman</a:To><w:ResourceURI>${opts.resourceUri}</w:ResourceURI>` +
    `<a:MessageID>${opts.messageId}</a:MessageID><a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    `<w:OperationTimeout>PT60S</w:OperationTimeout>${selectors}</Header><Body>${opts.body ?? ''}</Body></Envelope>`
  );
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/**
 * One WS-Man call the way AMT consoles do it: unauthenticated request, 401 (connection closes), then the same
 * request with digest credentials on a new connection. Returns the final response.
 */
export async function wsmanCall(endpoint: Endpoint, credentials: Credentials, envelope: string): Promise<RawResponse> {
  const first = await connect(endpoint);
  first.send(postRequest(endpoint, envelope));
  const challenge = await first.next();
  first.end();
  if (challenge.status !== 401) return challenge;
  const { realm, nonce } = parseChallenge(header(challenge, 'WWW-Authenticate') ?? '');
  const second = await connect(endpoint);
  try {
    second.send(
      postRequest(endpoint, envelope, {
        Authorization: digestHeader(credentials.user, credentials.password, realm, nonce, 1),
      }),
    );
    return await second.next();
  } finally {
    second.end();
  }
}

export const NS = {
  transfer: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  enumeration: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  amt: 'http://intel.com/wbem/wscim/1/amt-schema/1/',
  cim: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/',
  ips: 'http://intel.com/wbem/wscim/1/ips-schema/1/',
} as const;

export const ACTIONS = {
  get: `${NS.transfer}/Get`,
  put: `${NS.transfer}/Put`,
  enumerate: `${NS.enumeration}/Enumerate`,
  pull: `${NS.enumeration}/Pull`,
} as const;

/** Text of the first element with this local name (any prefix). */
export function firstText(xml: string, localName: string): string | undefined {
  return new RegExp(`<(?:[A-Za-z]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z]+:)?${localName}>`).exec(xml)?.[1];
}

export function allTexts(xml: string, localName: string): string[] {
  return [
    ...xml.matchAll(new RegExp(`<(?:[A-Za-z]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z]+:)?${localName}>`, 'g')),
  ].map((m) => m[1] as string);
}
