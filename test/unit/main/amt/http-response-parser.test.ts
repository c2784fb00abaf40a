import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HttpResponseParser, type ParsedHttpResponse } from '../../../../main/amt/http-response-parser';
import { AmtError } from '../../../../shared/domain';

const FIXTURES = new URL('../../../fixtures/amt-wsman/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

function parseWhole(bytes: Buffer, limits = {}): ParsedHttpResponse {
  const parser = new HttpResponseParser(limits);
  const result = parser.push(bytes);
  if (!result) throw new Error('incomplete');
  return result;
}

function parseSplit(bytes: Buffer, at: number): ParsedHttpResponse | undefined {
  const parser = new HttpResponseParser();
  const first = parser.push(bytes.subarray(0, at));
  if (first && at < bytes.length) throw new Error(`complete after ${at} of ${bytes.length} bytes`);
  return first ?? parser.push(bytes.subarray(at));
}

function parseByteByByte(bytes: Buffer): ParsedHttpResponse | undefined {
  const parser = new HttpResponseParser();
  let result: ParsedHttpResponse | undefined;
  for (let i = 0; i < bytes.length; i++) result = parser.push(bytes.subarray(i, i + 1));
  return result;
}

function errorOf(fn: () => unknown): AmtError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AmtError) return err;
    throw err;
  }
  throw new Error('expected an AmtError');
}

const FAULT_HEAD = Buffer.from(
  'HTTP/1.1 400 Bad Request\r\nContent-Type: application/soap+xml; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n',
);

const cases: { name: string; bytes: Buffer; status: number; body: Buffer; keepAlive: boolean }[] = [
  {
    name: 'AMT_GeneralSettings.Get.http',
    bytes: fixture('AMT_GeneralSettings.Get.http'),
    status: 200,
    body: fixture('AMT_GeneralSettings.Get.xml'),
    keepAlive: true,
  },
  {
    name: 'AMT_SetupAndConfigurationService.Unprovision.http',
    bytes: fixture('AMT_SetupAndConfigurationService.Unprovision.http'),
    status: 200,
    body: fixture('AMT_SetupAndConfigurationService.Unprovision.xml'),
    keepAlive: true,
  },
  {
    name: 'HTTP.401Unauthorized.http',
    bytes: fixture('HTTP.401Unauthorized.http'),
    status: 401,
    body: fixture('HTTP.401Unauthorized.http').subarray(fixture('HTTP.401Unauthorized.http').indexOf('\r\n\r\n') + 4),
    keepAlive: false,
  },
  {
    name: 'Fault.DestinationUnreachable.chunked behind a 400 head',
    bytes: Buffer.concat([FAULT_HEAD, fixture('Fault.DestinationUnreachable.chunked')]),
    status: 400,
    // The .chunked capture is 0x4EC + 0x7 bytes of framing-free data; its twin .xml comes from another source.
    body: Buffer.concat([
      fixture('Fault.DestinationUnreachable.chunked').subarray(6, 6 + 0x4ec),
      Buffer.from('velope>'),
    ]),
    keepAlive: true,
  },
];

describe('HttpResponseParser on AMT captures', () => {
  for (const c of cases) {
    it(`parses ${c.name} in one piece`, () => {
      const r = parseWhole(c.bytes);
      expect(r.status).toBe(c.status);
      expect(r.body.equals(c.body)).toBe(true);
      expect(r.keepAlive).toBe(c.keepAlive);
    });

    it(`parses ${c.name} split at every byte boundary`, () => {
      for (let at = 0; at <= c.bytes.length; at++) {
        const r = parseSplit(c.bytes, at);
        if (!r || r.status !== c.status || !r.body.equals(c.body)) throw new Error(`wrong result when split at ${at}`);
      }
      const r = parseByteByByte(c.bytes);
      expect(r?.body.equals(c.body)).toBe(true);
    });
  }

  it('parses the AMT 11.8 capture (octet-stream, one big chunk)', () => {
    const r = parseWhole(fixture('AMT_GeneralSettings.Get.amt11.http'));
    expect(r.headers['server']).toBe('Intel(R) Active Management Technology 11.8.50.3425');
    expect(r.body.toString('utf8')).toMatch(/^<\?xml[\s\S]*<\/a:Envelope>$/);
  });

  it('exposes headers with lower-case names and keeps the raw list', () => {
    const r = parseWhole(fixture('HTTP.401Unauthorized.http'));
    expect(r.headers['server']).toBe('Intel(R) Active Management Technology 15.0.23.1706');
    expect(r.headers['www-authenticate']).toContain('Digest realm="Digest:727734D63A1FC0423736E48DA554E462"');
    expect(r.headerList[0]?.[0]).toBe('WWW-Authenticate');
  });
});

describe('HttpResponseParser framing', () => {
  it('tolerates chunk extensions, trailers and lower/upper-case zero-padded sizes', () => {
    const r = parseWhole(
      Buffer.from(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0003;name=val\r\nabc\r\n00a\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n',
      ),
    );
    expect(r.body.toString()).toBe('abc0123456789');
  });

  it('reads a close-delimited body when the peer closes', () => {
    const parser = new HttpResponseParser();
    expect(parser.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: x\r\n\r\nhello '))).toBeUndefined();
    parser.push(Buffer.from('world'));
    const r = parser.end();
    expect(r.body.toString()).toBe('hello world');
    expect(r.keepAlive).toBe(false);
  });

  it('reports a close in the middle of a response as connection-closed', () => {
    const parser = new HttpResponseParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    const err = errorOf(() => parser.end());
    expect(err.code).toBe('connection-closed');
    expect(err.message).toMatch(/after 3 body bytes/);
    expect(errorOf(() => new HttpResponseParser().end()).message).toMatch(/before sending any response/);
  });

  it('skips a 100 Continue interim response', () => {
    const r = parseWhole(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('ok');
  });

  it('keeps bytes after the response as leftover', () => {
    const parser = new HttpResponseParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'));
    expect(parser.leftover.toString()).toBe('EXTRA');
  });

  it('honours HTTP/1.0 and Connection: close for keep-alive', () => {
    expect(parseWhole(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).keepAlive).toBe(false);
    expect(
      parseWhole(Buffer.from('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n')).keepAlive,
    ).toBe(true);
    expect(parseWhole(Buffer.from('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n')).keepAlive).toBe(
      false,
    );
  });

  it('accepts bare LF line ends and folded header lines', () => {
    const r = parseWhole(Buffer.from('HTTP/1.1 200 OK\nX-A: one\n  two\nContent-Length: 1\n\nz'));
    expect(r.headers['x-a']).toBe('one two');
    expect(r.body.toString()).toBe('z');
  });
});

describe('HttpResponseParser on hostile bytes', () => {
  const code = (text: string | Buffer, limits = {}): string => {
    const parser = new HttpResponseParser(limits);
    return errorOf(() => parser.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text)).code;
  };

  it('fails fast on bytes that are not HTTP', () => {
    expect(code('SSH-2.0-OpenSSH_9.2')).toBe('malformed-http');
    expect(code(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))).toBe('malformed-http'); // a TLS alert
    expect(code('HTTX')).toBe('malformed-http');
    expect(new HttpResponseParser().push(Buffer.from('HTT'))).toBeUndefined(); // a valid prefix waits for more
    expect(code('HTTP/2 200\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 abc OK\r\n')).toBe('malformed-http');
  });

  it('refuses broken headers and framing', () => {
    expect(code('HTTP/1.1 200 OK\r\nno colon here\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 200 OK\r\nBad Name: x\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toBe('malformed-http');
    expect(code('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n')).toBe('malformed-http');
    expect(code(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'0'.repeat(2000)}`)).toBe('malformed-http');
  });

  it('bounds the headers', () => {
    expect(code(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(20_000)}`)).toBe('response-too-large');
    const many = `HTTP/1.1 200 OK\r\n${'X-A: b\r\n'.repeat(3000)}`;
    expect(code(many)).toBe('response-too-large');
    expect(code(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(200)}`, { maxHeaderBytes: 100 })).toBe('response-too-large');
  });

  it('bounds the body, declared or chunked or close-delimited', () => {
    const limits = { maxBodyBytes: 100 };
    expect(code('HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n', limits)).toBe('response-too-large');
    expect(
      code('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n' + 'a'.repeat(80) + '\r\n50\r\n', limits),
    ).toBe('response-too-large');
    expect(code('HTTP/1.1 200 OK\r\n\r\n' + 'a'.repeat(101), limits)).toBe('response-too-large');
    expect(code('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n')).toBe(
      'malformed-http',
    );
  });
});
