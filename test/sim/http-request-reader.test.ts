// The simulator's HTTP request reader: Content-Length and chunked bodies split anywhere, pipelining, bounds, and
// Expect: 100-continue.
import { describe, expect, it } from 'vitest';
import { HttpParseError, HttpRequestReader } from './http-request-reader';

const withLength = (body: string): string =>
  `POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('HttpRequestReader', () => {
  it('reads a Content-Length request delivered one byte at a time', () => {
    const reader = new HttpRequestReader();
    const bytes = Buffer.from(withLength('<Envelope>é</Envelope>'));
    const got = [];
    for (let i = 0; i < bytes.length; i++) got.push(...reader.push(bytes.subarray(i, i + 1)));
    expect(got).toHaveLength(1);
    expect(got[0]?.body.toString('utf8')).toBe('<Envelope>é</Envelope>');
    expect(got[0]?.headers.get('host')).toBe('h');
  });

  it('reads a chunked request with extensions and trailers, split at every boundary', () => {
    const raw =
      'POST /wsman HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nHello\r\n6\r\n World\r\n0\r\nX-Trailer: y\r\n\r\n';
    for (let split = 1; split < raw.length; split++) {
      const reader = new HttpRequestReader();
      const got = [...reader.push(Buffer.from(raw.slice(0, split))), ...reader.push(Buffer.from(raw.slice(split)))];
      expect(got.map((r) => r.body.toString())).toEqual(['Hello World']);
    }
  });

  it('returns pipelined requests in order', () => {
    const reader = new HttpRequestReader();
    const got = reader.push(Buffer.from(withLength('one') + withLength('two')));
    expect(got.map((r) => r.body.toString())).toEqual(['one', 'two']);
  });

  it('rejects malformed and oversized requests with HttpParseError', () => {
    expect(() => new HttpRequestReader().push(Buffer.from('garbage\r\n\r\n'))).toThrow(HttpParseError);
    expect(() =>
      new HttpRequestReader().push(Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n')),
    ).toThrow(/chunk size/);
    expect(() =>
      new HttpRequestReader().push(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n')),
    ).toThrow(/too large/);
    expect(() => new HttpRequestReader().push(Buffer.alloc(20_000, 0x41))).toThrow(/head too large/);
  });

  it('asks for 100 Continue once when the head says Expect: 100-continue and the body is still missing', () => {
    const reader = new HttpRequestReader();
    expect(
      reader.push(Buffer.from('POST /wsman HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n')),
    ).toEqual([]);
    expect(reader.needsContinue()).toBe(true);
    expect(reader.needsContinue()).toBe(false);
    expect(reader.push(Buffer.from('abc')).map((r) => r.body.toString())).toEqual(['abc']);
  });
});
