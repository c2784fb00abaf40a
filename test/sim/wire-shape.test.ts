// The simulator answers in the firmware's wire shape (fixtures README "What real AMT WS-Man XML looks like"):
// one-line envelopes, positional prefixes, header order, RelatesTo echo, chunking, 401 and fault shapes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimDevice } from './index';
import {
  ACTIONS,
  NS,
  connect,
  digestHeader,
  firstText,
  header,
  parseChallenge,
  postRequest,
  requestEnvelope,
  wsmanCall,
  type Endpoint,
} from './sim-test-client';

const FIXTURES = new URL('../fixtures/amt-wsman/', import.meta.url);
let fleet: Fleet;
let device: SimDevice;
let legacyDevice: SimDevice;
let endpoint: Endpoint;
const major = (d: SimDevice): number => Number(d.amtVersion.split('.')[0]);

beforeAll(async () => {
  fleet = await startFleet({
    count: 12,
    seed: 'wire',
    baseAddress: '127.20.1.1',
    ephemeralPorts: true,
    legacyTlsForAmt11: true,
  });
  device = fleet.devices.find((d) => major(d) >= 12) as SimDevice;
  legacyDevice = fleet.devices.find((d) => major(d) === 11) as SimDevice;
  endpoint = { host: device.host, port: device.httpPort };
});
afterAll(async () => {
  await fleet?.close();
});

const getGeneralSettings = (messageId: string): string =>
  requestEnvelope({ action: ACTIONS.get, resourceUri: `${NS.amt}AMT_GeneralSettings`, messageId });

describe('simulator wire shape', () => {
  it('answers a Get as one chunked line with the firmware header order and RelatesTo echo', async () => {
    const response = await wsmanCall(endpoint, device, getGeneralSettings('uuid:7b0c1d2e-aaaa-4bbb-8ccc-123456789abc'));
    expect(response.status).toBe(200);
    expect(response.headers.map(([n]) => n)).toEqual([
      'Date',
      'Server',
      'X-Frame-Options',
      'Content-Type',
      'Transfer-Encoding',
    ]);
    expect(header(response, 'Server')).toBe(
      `Intel(R) Active Management Technology ${device.amtVersion}.${device.profile.firmware.build}`,
    );
    expect(header(response, 'X-Frame-Options')).toBe('DENY');
    expect(header(response, 'Content-Type')).toBe('application/soap+xml; charset=UTF-8');
    expect(header(response, 'Transfer-Encoding')).toBe('chunked');
    for (const line of response.chunkSizeLines) expect(line).toMatch(/^[0-9A-F]{4}$/);
    const body = response.body;
    expect(body).not.toMatch(/[\r\n]/);
    expect(
      body.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:a="http://www.w3.org/2003/05/soap-envelope" xmlns:b=',
      ),
    ).toBe(true);
    expect(body).not.toMatch(/\/>/);
    expect(body).toMatch(
      /<a:Header><b:To>http:\/\/schemas\.xmlsoap\.org\/ws\/2004\/08\/addressing\/role\/anonymous<\/b:To><b:RelatesTo>uuid:7b0c1d2e-aaaa-4bbb-8ccc-123456789abc<\/b:RelatesTo><b:Action a:mustUnderstand="true">http:\/\/schemas\.xmlsoap\.org\/ws\/2004\/09\/transfer\/GetResponse<\/b:Action><b:MessageID>uuid:00000000-8086-8086-8086-[0-9A-F]{12}<\/b:MessageID><c:ResourceURI>http:\/\/intel\.com\/wbem\/wscim\/1\/amt-schema\/1\/AMT_GeneralSettings<\/c:ResourceURI><\/a:Header>/,
    );
    expect(firstText(body, 'HostName')).toBe(device.hostName);
    expect(firstText(body, 'DigestRealm')).toBe(device.realm);
    // Same namespace declarations, in the same order, as the AMT 15 capture.
    const captured = readFileSync(new URL('AMT_GeneralSettings.Get.xml', FIXTURES), 'utf8');
    const declarations = (xml: string): string[] =>
      [...xml.matchAll(/xmlns:(\w+)="([^"]+)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(declarations(body)).toEqual(declarations(captured));
  });

  it('uses varying chunk sizes and a growing MessageID counter', async () => {
    const sizes = new Set<string>();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await wsmanCall(endpoint, device, getGeneralSettings(String(i)));
      r.chunkSizeLines.forEach((s) => sizes.add(s));
      expect(firstText(r.body, 'RelatesTo')).toBe(String(i));
      ids.push(parseInt((firstText(r.body, 'MessageID') ?? '').slice(-12), 16));
    }
    expect(sizes.size).toBeGreaterThan(2);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1] as number);
  });

  it('sends the 401 exactly like the captured challenge', async () => {
    const session = await connect(endpoint);
    session.send(postRequest(endpoint, getGeneralSettings('1')));
    const r = await session.next();
    await session.closed(); // Connection: close is honoured
    expect(r.statusLine).toBe('HTTP/1.1 401 Unauthorized');
    expect(r.headers.map(([n]) => n)).toEqual([
      'WWW-Authenticate',
      'Content-Type',
      'Server',
      'Content-Length',
      'Connection',
    ]);
    expect(header(r, 'WWW-Authenticate')).toMatch(
      /^Digest realm="Digest:[0-9A-F]{32}", nonce="[A-Za-z0-9+/=]{32}",stale="false",qop="auth"$/,
    );
    expect(parseChallenge(header(r, 'WWW-Authenticate') ?? '').realm).toBe(device.realm);
    expect(header(r, 'Content-Type')).toBe('text/html');
    expect(header(r, 'Connection')).toBe('close');
    expect(Number(header(r, 'Content-Length'))).toBe(Buffer.byteLength(r.body));
    expect(r.body).toContain('Log on failed. Incorrect user name or password, or user account temporarily locked.');
    const captured = readFileSync(new URL('HTTP.401Unauthorized.http', FIXTURES), 'latin1');
    expect(r.body).toBe(captured.slice(captured.indexOf('\r\n\r\n') + 4));
  });

  it('answers an unknown ResourceURI with a DestinationUnreachable fault in the reversed prefix table, 400 and Connection: close', async () => {
    const r = await wsmanCall(
      endpoint,
      device,
      requestEnvelope({ action: ACTIONS.get, resourceUri: `${NS.amt}AMT_NoSuchClass`, messageId: '77' }),
    );
    expect(r.status).toBe(400);
    expect(header(r, 'Connection')).toBe('close');
    expect(r.body).toContain(
      '<a:Envelope xmlns:g="http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" xmlns:f="http://schemas.xmlsoap.org/ws/2004/08/eventing" xmlns:e="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"',
    );
    expect(r.body).toContain(
      '<b:RelatesTo>77</b:RelatesTo><b:Action a:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/fault</b:Action>',
    );
    expect(r.body).toContain('<a:Value>a:Sender</a:Value><a:Subcode><a:Value>b:DestinationUnreachable</a:Value>');
    expect(r.body).toContain('<a:Detail></a:Detail>');
    expect(r.body).not.toContain('ResourceURI');
  });

  it('answers an unknown action on a known class with ActionNotSupported', async () => {
    const r = await wsmanCall(
      endpoint,
      device,
      requestEnvelope({
        action: `${NS.amt}AMT_GeneralSettings/Explode`,
        resourceUri: `${NS.amt}AMT_GeneralSettings`,
        messageId: '78',
      }),
    );
    expect(r.status).toBe(400);
    expect(firstText(r.body, 'Value')).toBe('a:Sender');
    expect(r.body).toContain('<a:Value>b:ActionNotSupported</a:Value>');
  });

  it('accepts a chunked request body and keeps the connection alive for the next request', async () => {
    const first = await connect(endpoint);
    first.send(postRequest(endpoint, getGeneralSettings('a')));
    const challenge = parseChallenge(header(await first.next(), 'WWW-Authenticate') ?? '');
    first.end();
    const session = await connect(endpoint);
    const body = Buffer.from(getGeneralSettings('chunked-1'));
    const chunked = Buffer.concat([
      Buffer.from(`${(100).toString(16)}\r\n`),
      body.subarray(0, 100),
      Buffer.from(`\r\n${(body.length - 100).toString(16)}\r\n`),
      body.subarray(100),
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const auth1 = digestHeader(device.user, device.password, challenge.realm, challenge.nonce, 1);
    session.send(
      Buffer.concat([
        Buffer.from(`POST /wsman HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nAuthorization: ${auth1}\r\n\r\n`),
        chunked,
      ]),
    );
    const r1 = await session.next();
    expect(r1.status).toBe(200);
    expect(firstText(r1.body, 'RelatesTo')).toBe('chunked-1');
    // Same connection, same nonce, nc grows: accepted without a new challenge.
    session.send(
      postRequest(endpoint, getGeneralSettings('keepalive-2'), {
        Authorization: digestHeader(device.user, device.password, challenge.realm, challenge.nonce, 2),
      }),
    );
    const r2 = await session.next();
    expect(r2.status).toBe(200);
    expect(firstText(r2.body, 'RelatesTo')).toBe('keepalive-2');
    session.end();
  });

  it('answers an authenticated request whose body is not XML with a plain 400, not a hang', async () => {
    const r = await wsmanCall(endpoint, device, '<Envelope><Header><unclosed>');
    expect(r.status).toBe(400);
    expect(header(r, 'Connection')).toBe('close');
  });

  it('rejects a malformed HTTP request with 400 and an oversized one with 413 instead of hanging', async () => {
    const bad = await connect(endpoint);
    bad.send('NOT-HTTP\r\n\r\n');
    expect((await bad.next()).status).toBe(400);
    const big = await connect(endpoint);
    big.send(`POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n`);
    expect((await big.next()).status).toBe(413);
  });

  it('sends application/octet-stream from AMT 11.x firmware, like the AMT 11.8 capture', async () => {
    expect(legacyDevice).toBeDefined();
    const r = await wsmanCall(
      { host: legacyDevice.host, port: legacyDevice.httpPort },
      legacyDevice,
      getGeneralSettings('old'),
    );
    expect(header(r, 'Content-Type')).toBe('application/octet-stream');
    expect(firstText(r.body, 'HostName')).toBe(legacyDevice.hostName);
  });

  it('with legacyTlsForAmt11, AMT 11.x offers only TLS 1.0/1.1: a default client fails, a legacy profile connects', async () => {
    const tls = await import('node:tls');
    const attempt = (options: import('node:tls').ConnectionOptions): Promise<string> =>
      new Promise((resolve) => {
        const s = tls.connect(
          { host: legacyDevice.host, port: legacyDevice.tlsPort, rejectUnauthorized: false, ...options },
          () => {
            const version = s.getProtocol() ?? 'unknown';
            s.destroy();
            resolve(version);
          },
        );
        s.once('error', () => resolve('failed'));
      });
    expect(await attempt({})).toBe('failed');
    expect(await attempt({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' })).toBe(
      'TLSv1.1',
    );
  });

  it('answers over TLS with a self-signed certificate whose CN is the host name', async () => {
    const session = await connect({ host: device.host, port: device.tlsPort, tls: true });
    const cert = (session.socket as import('node:tls').TLSSocket).getPeerCertificate();
    session.end();
    expect(cert.subject.CN).toBe(device.hostName);
    expect(cert.fingerprint256).toBe(device.certificateFingerprint());
    const r = await wsmanCall(
      { host: device.host, port: device.tlsPort, tls: true },
      device,
      getGeneralSettings('tls-1'),
    );
    expect(firstText(r.body, 'HostName')).toBe(device.hostName);
  });
});
