// Incremental HTTP/1.1 request reader for the simulator's raw sockets (§1.2): Content-Length or chunked bodies,
// pipelined keep-alive requests, and hard size bounds so a bad client cannot grow memory without limit.
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_HEAD_BYTES } from './constants';

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly version: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

export class HttpParseError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

interface Parsed {
  readonly request: HttpRequest;
  readonly consumedBytes: number;
}

function parseHead(head: string): { method: string; path: string; version: string; headers: Map<string, string> } {
  const lines = head.split('\r\n');
  const requestLine = lines.shift() ?? '';
  const match = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(requestLine);
  if (!match) throw new HttpParseError('malformed request line');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpParseError('malformed header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { method: match[1] as string, path: match[2] as string, version: match[3] as string, headers };
}

/** Decodes a chunked body starting at `start`; null while incomplete. */
function parseChunked(buffer: Buffer, start: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = start;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, pos);
    if (lineEnd < 0) {
      if (buffer.length - pos > 64) throw new HttpParseError('chunk size line too long');
      return null;
    }
    const sizeText = buffer.subarray(pos, lineEnd).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new HttpParseError('malformed chunk size');
    const size = parseInt(sizeText, 16);
    pos = lineEnd + 2;
    if (size === 0) {
      // Skip trailer lines up to the empty line that ends the message.
      for (;;) {
        const end = buffer.indexOf(CRLF, pos);
        if (end < 0) return null;
        if (end === pos) return { body: Buffer.concat(parts, total), end: end + 2 };
        if (end - pos > MAX_REQUEST_HEAD_BYTES) throw new HttpParseError('trailer too long');
        pos = end + 2;
      }
    }
    total += size;
    if (total > MAX_REQUEST_BODY_BYTES) throw new HttpParseError('request body too large');
    if (buffer.length < pos + size + 2) return null;
    parts.push(buffer.subarray(pos, pos + size));
    if (buffer[pos + size] !== 0x0d || buffer[pos + size + 1] !== 0x0a)
      throw new HttpParseError('chunk not followed by CRLF');
    pos += size + 2;
  }
}

function tryParse(buffer: Buffer): Parsed | null {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) {
    if (buffer.length > MAX_REQUEST_HEAD_BYTES) throw new HttpParseError('request head too large');
    return null;
  }
  if (headEnd > MAX_REQUEST_HEAD_BYTES) throw new HttpParseError('request head too large');
  const head = parseHead(buffer.subarray(0, headEnd).toString('latin1'));
  const bodyStart = headEnd + 4;
  const transferEncoding = head.headers.get('transfer-encoding')?.toLowerCase();
  if (transferEncoding !== undefined) {
    if (transferEncoding !== 'chunked') throw new HttpParseError('unsupported transfer-encoding');
    const chunked = parseChunked(buffer, bodyStart);
    if (!chunked) return null;
    return { request: { ...head, body: chunked.body }, consumedBytes: chunked.end };
  }
  const lengthText = head.headers.get('content-length') ?? '0';
  if (!/^\d{1,9}$/.test(lengthText)) throw new HttpParseError('malformed content-length');
  const length = Number(lengthText);
  if (length > MAX_REQUEST_BODY_BYTES) throw new HttpParseError('request body too large');
  if (buffer.length < bodyStart + length) return null;
  return {
    request: { ...head, body: Buffer.from(buffer.subarray(bodyStart, bodyStart + length)) },
    consumedBytes: bodyStart + length,
  };
}

export class HttpRequestReader {
  private buffer: Buffer = Buffer.alloc(0);
  private continueAnswered = false;

  /** Adds received bytes; returns every request now complete. Throws HttpParseError on a malformed or oversized request. */
  push(chunk: Buffer): HttpRequest[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: HttpRequest[] = [];
    for (;;) {
      const parsed = tryParse(this.buffer);
      if (!parsed) break;
      out.push(parsed.request);
      this.buffer = this.buffer.subarray(parsed.consumedBytes);
      this.continueAnswered = false;
    }
    return out;
  }

  /**
   * True once per request whose head asked `Expect: 100-continue` and whose body has not fully arrived: the caller
   * then sends `100 Continue` (curl waits a second for it before sending bodies over 1 KiB otherwise).
   */
  needsContinue(): boolean {
    if (this.continueAnswered || this.buffer.length === 0) return false;
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd < 0) return false;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    if (!/\r\nexpect:\s*100-continue/i.test(head)) return false;
    this.continueAnswered = true;
    return true;
  }
}
