// Incremental HTTP/1.1 response parser (RFC 9112 framing) for AMT's WS-Man port: amt-protocols.md §1.2, §6 pitfall 5.
// Bytes may arrive split anywhere; every size is bounded; hostile bytes fail as specific AmtErrors.

import { AmtError } from '../../shared/domain';

export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A chunk-size line is a few hex digits plus optional extensions; anything longer is not HTTP. */
const MAX_CHUNK_LINE_BYTES = 1024;
/** 13 hex digits already exceed any body we accept; more is garbage, not a size. */
const MAX_CHUNK_SIZE_DIGITS = 13;
const HTTP_VERSION_PREFIX = 'HTTP/';
const LF = 0x0a;
const CR = 0x0d;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTENT_LENGTH = /^\d{1,15}$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]+)[ \t]*(?:;.*)?$/;

export interface ParsedHttpResponse {
  readonly status: number;
  readonly reason: string;
  /** Lower-case names; repeated headers joined with ", " (RFC 9110 §5.3). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every header line as received (names as sent), for repeated ones such as WWW-Authenticate. */
  readonly headerList: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** False when the peer asked to close, spoke HTTP/1.0 without keep-alive, or delimited the body by closing. */
  readonly keepAlive: boolean;
}

export interface HttpResponseLimits {
  /** Status line, header lines and chunked trailers together. */
  readonly maxHeaderBytes?: number;
  /** Body after de-chunking. */
  readonly maxBodyBytes?: number;
}

type State =
  | 'status-line'
  | 'headers'
  | 'body-length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-data-end'
  | 'trailers'
  | 'body-close'
  | 'done';

/**
 * Feed bytes with push(); it returns the response once complete. Call end() when the peer closes:
 * it completes a close-delimited body or throws 'connection-closed'. Bytes after a complete
 * response are kept in `leftover` (a well-behaved AMT sends none; the caller then drops the connection).
 */
export class HttpResponseParser {
  private state: State = 'status-line';
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;
  private line: Buffer[] = [];
  private lineBytes = 0;
  private headerBytes = 0;
  private totalBytesSeen = 0;
  private httpMinor = 1;
  private status = 0;
  private reason = '';
  private headerList: [string, string][] = [];
  private bodyParts: Buffer[] = [];
  private bodyBytes = 0;
  private remaining = 0;
  private chunkEndSeenCr = false;
  private result: ParsedHttpResponse | undefined;
  leftover: Buffer = Buffer.alloc(0);

  constructor(limits: HttpResponseLimits = {}) {
    this.maxHeaderBytes = limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    this.maxBodyBytes = limits.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** True once any byte arrived (lets the caller tell "closed before answering" from "closed mid-response"). */
  get started(): boolean {
    return this.totalBytesSeen > 0;
  }

  push(chunk: Uint8Array): ParsedHttpResponse | undefined {
    if (this.result) {
      this.leftover = Buffer.concat([this.leftover, chunk]);
      return this.result;
    }
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.totalBytesSeen += data.length;
    let i = 0;
    while (i < data.length && this.state !== 'done') {
      switch (this.state) {
        case 'status-line':
        case 'headers':
        case 'trailers':
          i = this.takeHeaderLine(data, i);
          break;
        case 'chunk-size':
          i = this.takeChunkSizeLine(data, i);
          break;
        case 'body-length':
        case 'chunk-data': {
          const n = Math.min(this.remaining, data.length - i);
          this.appendBody(data.subarray(i, i + n));
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) {
            if (this.state === 'body-length') this.finish(true);
            else {
              this.state = 'chunk-data-end';
              this.chunkEndSeenCr = false;
            }
          }
          break;
        }
        case 'chunk-data-end':
          i = this.takeChunkDataEnd(data, i);
          break;
        case 'body-close':
          this.appendBody(data.subarray(i));
          i = data.length;
          break;
      }
    }
    if (this.state === 'done' && i < data.length) this.leftover = Buffer.from(data.subarray(i));
    return this.result;
  }

  /** The peer closed its side. */
  end(): ParsedHttpResponse {
    if (this.result) return this.result;
    if (this.state === 'body-close') return this.finish(false);
    const what =
      this.totalBytesSeen === 0 ? 'before sending any response' : `in the middle of the response (${this.where()})`;
    throw new AmtError('connection-closed', `The device closed the connection ${what}.`);
  }

  private where(): string {
    switch (this.state) {
      case 'status-line':
      case 'headers':
        return 'while sending headers';
      case 'trailers':
        return 'while sending chunked trailers';
      default:
        return `after ${this.bodyBytes} body bytes`;
    }
  }

  /** Accumulates one line; returns the index after the LF, or data.length when the line is not complete yet. */
  private takeLine(
    data: Buffer,
    start: number,
    maxBytes: number,
    tooLong: () => AmtError,
  ): { next: number; line?: string } {
    const lf = data.indexOf(LF, start);
    const end = lf === -1 ? data.length : lf;
    const piece = data.subarray(start, end);
    this.lineBytes += piece.length + (lf === -1 ? 0 : 1);
    if (this.lineBytes > maxBytes) throw tooLong();
    this.line.push(piece);
    if (lf === -1) return { next: data.length };
    let bytes = Buffer.concat(this.line);
    this.line = [];
    const counted = this.lineBytes;
    this.lineBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (this.state === 'status-line' || this.state === 'headers' || this.state === 'trailers')
      this.headerBytes += counted;
    // latin1 keeps every byte as one char, so the header checks below see exactly what was sent.
    return { next: lf + 1, line: bytes.toString('latin1') };
  }

  private headersTooLarge(): AmtError {
    return new AmtError(
      'response-too-large',
      `The device sent more than ${this.maxHeaderBytes} bytes of HTTP headers.`,
    );
  }

  private takeHeaderLine(data: Buffer, start: number): number {
    if (this.state === 'status-line') this.checkStatusPrefix(data, start);
    const budget = this.maxHeaderBytes - this.headerBytes;
    const { next, line } = this.takeLine(data, start, budget, () => this.headersTooLarge());
    if (line === undefined) return next;
    if (this.state === 'status-line') this.onStatusLine(line);
    else if (this.state === 'headers') this.onHeaderLine(line);
    else if (line === '') this.finish(this.persistent());
    return next;
  }

  /** Fails fast on bytes that cannot start an HTTP response (an SSH banner, a TLS record, binary noise). */
  private checkStatusPrefix(data: Buffer, start: number): void {
    const soFar = Buffer.concat([...this.line, data.subarray(start, start + HTTP_VERSION_PREFIX.length)]);
    const n = Math.min(soFar.length, HTTP_VERSION_PREFIX.length);
    if (soFar.subarray(0, n).toString('latin1') !== HTTP_VERSION_PREFIX.slice(0, n)) {
      throw new AmtError('malformed-http', 'The device answered with bytes that are not an HTTP response.');
    }
  }

  private onStatusLine(line: string): void {
    const m = STATUS_LINE.exec(line);
    if (!m) throw new AmtError('malformed-http', 'The device sent an HTTP status line this client cannot read.');
    this.httpMinor = Number(m[1]);
    this.status = Number(m[2]);
    this.reason = m[3] ?? '';
    this.state = 'headers';
  }

  private onHeaderLine(line: string): void {
    if (line === '') {
      this.onHeadersDone();
      return;
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      // Obsolete line folding (RFC 9112 §5.2): join to the previous value instead of failing.
      const last = this.headerList[this.headerList.length - 1];
      if (!last) throw new AmtError('malformed-http', 'The device sent a continuation line before any header.');
      last[1] = `${last[1]} ${line.trim()}`;
      return;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!HEADER_NAME.test(name)) throw new AmtError('malformed-http', 'The device sent a malformed HTTP header line.');
    this.headerList.push([name, line.slice(colon + 1).trim()]);
  }

  private headerValues(name: string): string[] {
    return this.headerList.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  }

  private onHeadersDone(): void {
    // 1xx interim answers (100 Continue) are not the response; start over for the real one.
    if (this.status >= 100 && this.status < 200) {
      this.headerList = [];
      this.state = 'status-line';
      return;
    }
    const te = this.headerValues('transfer-encoding').join(',').toLowerCase();
    const codings = te
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (codings.length > 0) {
      this.state = codings[codings.length - 1] === 'chunked' ? 'chunk-size' : 'body-close';
      return;
    }
    const lengths = this.headerValues('content-length')
      .flatMap((v) => v.split(','))
      .map((s) => s.trim());
    if (lengths.length > 0) {
      const distinct = new Set(lengths);
      const [value] = distinct;
      if (distinct.size !== 1 || value === undefined || !CONTENT_LENGTH.test(value)) {
        throw new AmtError('malformed-http', 'The device sent an invalid Content-Length header.');
      }
      const length = Number(value);
      if (length > this.maxBodyBytes) throw this.bodyTooLarge();
      this.remaining = length;
      if (length === 0) this.finish(this.persistent());
      else this.state = 'body-length';
      return;
    }
    if (this.status === 204 || this.status === 304) {
      this.finish(this.persistent());
      return;
    }
    this.state = 'body-close';
  }

  private takeChunkSizeLine(data: Buffer, start: number): number {
    const { next, line } = this.takeLine(
      data,
      start,
      MAX_CHUNK_LINE_BYTES,
      () => new AmtError('malformed-http', 'The device sent an over-long chunk-size line.'),
    );
    if (line === undefined) return next;
    const m = CHUNK_SIZE.exec(line.trim());
    const digits = m?.[1]?.replace(/^0+(?=.)/, '');
    if (!digits || digits.length > MAX_CHUNK_SIZE_DIGITS) {
      throw new AmtError('malformed-http', 'The device sent an invalid chunk size in a chunked response.');
    }
    const size = parseInt(digits, 16);
    if (size === 0) {
      this.state = 'trailers';
      return next;
    }
    if (this.bodyBytes + size > this.maxBodyBytes) throw this.bodyTooLarge();
    this.remaining = size;
    this.state = 'chunk-data';
    return next;
  }

  /** After chunk data comes CRLF (a bare LF is tolerated). */
  private takeChunkDataEnd(data: Buffer, start: number): number {
    const byte = data[start];
    if (byte === CR && !this.chunkEndSeenCr) {
      this.chunkEndSeenCr = true;
      return start + 1;
    }
    if (byte === LF) {
      this.state = 'chunk-size';
      return start + 1;
    }
    throw new AmtError('malformed-http', 'A chunk in the chunked response is longer than its declared size.');
  }

  private bodyTooLarge(): AmtError {
    return new AmtError(
      'response-too-large',
      `The device sent a response body larger than ${this.maxBodyBytes} bytes.`,
    );
  }

  private appendBody(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.bodyBytes + piece.length > this.maxBodyBytes) throw this.bodyTooLarge();
    // Copy: the socket may reuse its buffer after the data event.
    this.bodyParts.push(Buffer.from(piece));
    this.bodyBytes += piece.length;
  }

  private persistent(): boolean {
    const connection = this.headerValues('connection')
      .join(',')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim());
    if (connection.includes('close')) return false;
    if (this.httpMinor === 0) return connection.includes('keep-alive');
    return true;
  }

  private finish(reusable: boolean): ParsedHttpResponse {
    const headers: Record<string, string> = {};
    for (const [name, value] of this.headerList) {
      const key = name.toLowerCase();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    const result: ParsedHttpResponse = {
      status: this.status,
      reason: this.reason,
      headers,
      headerList: this.headerList,
      body: Buffer.concat(this.bodyParts),
      keepAlive: reusable && this.persistent(),
    };
    this.result = result;
    this.state = 'done';
    return result;
  }
}
