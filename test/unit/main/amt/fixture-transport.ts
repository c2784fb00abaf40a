// Test helpers for the WS-Man layer: a WsmanTransport that stands in for the wire (which is tested
// separately) by answering each POST with the next fixture body, plus readers for the fixture files.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WsmanHttpResponse, WsmanTransport } from '../../../../main/amt/transport-types';

export const FIXTURE_DIR = join(import.meta.dirname, '../../../fixtures/amt-wsman');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** De-chunks an HTTP/1.1 chunked body, written here independently of the wire layer's parser. */
export function dechunk(chunked: string): string {
  const bytes = Buffer.from(chunked, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) throw new Error('chunk size line without CRLF');
    const size = parseInt(bytes.subarray(at, lineEnd).toString('ascii').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size)) throw new Error('bad chunk size');
    if (size === 0) return Buffer.concat(parts).toString('utf8');
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  throw new Error('too many chunks');
}

/** Splits a whole `.http` capture into status, headers and (de-chunked) body. */
export function httpFixture(name: string): WsmanHttpResponse {
  const text = fixture(name);
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = text.slice(split + 4);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(raw) : raw;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

export interface Reply {
  readonly body: string;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Leave RelatesTo as captured instead of echoing the request's MessageID. */
  readonly keepRelatesTo?: boolean;
}

/**
 * Answers POSTs with queued replies. Like a device, it echoes the request's MessageID in RelatesTo
 * (captures carry the ids of the session they came from).
 */
export class FixtureTransport implements WsmanTransport {
  readonly requests: string[] = [];
  negotiated: WsmanTransport['negotiated'] = undefined;
  readonly stats = { requests: 0, connections: 0 };
  private readonly replies: Reply[];

  constructor(replies: ReadonlyArray<Reply | string>) {
    this.replies = replies.map((r) => (typeof r === 'string' ? { body: r } : r));
  }

  async post(envelope: string): Promise<WsmanHttpResponse> {
    this.requests.push(envelope);
    const reply = this.replies.shift();
    if (!reply) throw new Error(`no reply queued for request ${this.requests.length}`);
    const messageId = /<a:MessageID>([^<]*)<\/a:MessageID>/.exec(envelope)?.[1] ?? '';
    const body = reply.keepRelatesTo
      ? reply.body
      : reply.body.replace(/(<(\w+:)?RelatesTo>)[^<]*(<\/(\w+:)?RelatesTo>)/, `$1${messageId}$3`);
    return { status: reply.status ?? 200, headers: reply.headers ?? {}, body };
  }

  close(): void {}

  /** Action URIs of the requests sent, in order. */
  actions(): string[] {
    return this.requests.map((r) => /<a:Action>([^<]*)<\/a:Action>/.exec(r)?.[1] ?? '');
  }
}
