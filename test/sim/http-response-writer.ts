// Builds the simulator's HTTP responses byte for byte like AMT (§1.2, fixtures AMT_GeneralSettings.Get.http and
// HTTP.401Unauthorized.http): chunked SOAP with upper-case 4-digit sizes at arbitrary boundaries, and the digest 401 page.
import { MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, SERVER_HEADER_PREFIX, SOAP_CONTENT_TYPE } from './constants';
import type { SeededRandom } from './seeded-random';

const CRLF = '\r\n';

/** The firmware's log-on-failed page (same text for a wrong password and a locked account, §1.9). */
const UNAUTHORIZED_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" >\n' +
  '<html><head><link rel=stylesheet href=/styles.css>\n' +
  '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n' +
  '<title>Intel&reg; Active Management Technology</title></head>\n' +
  '<body>\n' +
  '<table class=header>\n' +
  '<tr><td valign=top nowrap>\n' +
  '<p class=top1>Intel<font class=r><sup>&reg;</sup></font> Active Management Technology\n' +
  '<td valign="middle"><img src="logo.gif" align="right" alt="Intel">\n' +
  '</table>\n' +
  '<br />\n' +
  '<h2 class=warn>Log on failed. Incorrect user name or password, or user account temporarily locked.</h2>\n' +
  '\n' +
  '<p>\n' +
  '<form METHOD="GET" action="index.htm"><h2><input type=submit value="Try again">\n' +
  '</h2></form>\n' +
  '<p>\n' +
  '\n' +
  '</body>\n' +
  '</html>\n';

export function serverHeader(serverVersion: string): string {
  return SERVER_HEADER_PREFIX + serverVersion;
}

/** Splits the body into chunks of varying size; boundaries may fall inside tags, attributes or text. */
export function chunkBody(body: Buffer, rng: SeededRandom): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < body.length) {
    const size = Math.min(rng.int(MIN_CHUNK_BYTES, MAX_CHUNK_BYTES), body.length - pos);
    parts.push(Buffer.from(size.toString(16).toUpperCase().padStart(4, '0') + CRLF, 'latin1'));
    parts.push(body.subarray(pos, pos + size));
    parts.push(Buffer.from(CRLF, 'latin1'));
    pos += size;
  }
  parts.push(Buffer.from(`0${CRLF}${CRLF}`, 'latin1'));
  return Buffer.concat(parts);
}

export interface SoapResponseOptions {
  readonly status: 200 | 400;
  readonly envelope: string;
  readonly serverVersion: string;
  readonly rng: SeededRandom;
  /** Faults close the connection (the AlreadyExists capture in rps notes `Connection: close`). */
  readonly close: boolean;
  /** Defaults to application/soap+xml; AMT 11.x firmware sends application/octet-stream. */
  readonly contentType?: string;
  readonly now?: Date;
}

export function soapResponseHead(options: Omit<SoapResponseOptions, 'envelope' | 'rng'>): string {
  const statusLine = options.status === 200 ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 400 Bad Request';
  return (
    statusLine +
    CRLF +
    `Date: ${(options.now ?? new Date()).toUTCString()}${CRLF}` +
    `Server: ${serverHeader(options.serverVersion)}${CRLF}` +
    `X-Frame-Options: DENY${CRLF}` +
    `Content-Type: ${options.contentType ?? SOAP_CONTENT_TYPE}${CRLF}` +
    `Transfer-Encoding: chunked${CRLF}` +
    (options.close ? `Connection: close${CRLF}` : '') +
    CRLF
  );
}

export function soapResponse(options: SoapResponseOptions): Buffer {
  return Buffer.concat([
    Buffer.from(soapResponseHead(options), 'latin1'),
    chunkBody(Buffer.from(options.envelope, 'utf8'), options.rng),
  ]);
}

export interface UnauthorizedOptions {
  readonly realm: string;
  readonly nonce: string;
  readonly stale: boolean;
  readonly serverVersion: string;
}

/** The 401 digest challenge exactly as the capture shows it (no space before stale/qop; HTML body; Connection: close). */
export function unauthorizedResponse(options: UnauthorizedOptions): Buffer {
  const body = Buffer.from(UNAUTHORIZED_PAGE, 'utf8');
  const head =
    `HTTP/1.1 401 Unauthorized${CRLF}` +
    `WWW-Authenticate: Digest realm="${options.realm}", nonce="${options.nonce}",stale="${options.stale ? 'true' : 'false'}",qop="auth"${CRLF}` +
    `Content-Type: text/html${CRLF}` +
    `Server: ${serverHeader(options.serverVersion)}${CRLF}` +
    `Content-Length: ${body.length}${CRLF}` +
    `Connection: close${CRLF}${CRLF}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Plain HTTP error for requests that are not WS-Man at all (bad framing, wrong path or method). */
export function plainErrorResponse(status: 400 | 404 | 405 | 413, serverVersion: string): Buffer {
  const reason = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Request Entity Too Large' }[
    status
  ];
  const body = Buffer.from(
    `<html><head><title>${status} ${reason}</title></head><body><h1>${reason}</h1></body></html>\n`,
    'utf8',
  );
  const head =
    `HTTP/1.1 ${status} ${reason}${CRLF}` +
    `Date: ${new Date().toUTCString()}${CRLF}` +
    `Server: ${serverHeader(serverVersion)}${CRLF}` +
    `Content-Type: text/html${CRLF}` +
    `Content-Length: ${body.length}${CRLF}` +
    `Connection: close${CRLF}${CRLF}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
