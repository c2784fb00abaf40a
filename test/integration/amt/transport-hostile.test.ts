// The transport against peers that misbehave on purpose: every failure is a specific AmtError in bounded time.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsmanTransport, MemoryPinStore, type TlsPolicy, type WsmanTransport } from '../../../main/amt';
import { AmtError } from '../../../shared/domain';
import { startRawPeer, unusedPort, type RawPeer } from './digest-peer';
import { expectAmtError } from '../../support/expect-amt-error';

const HOST = '127.10.0.2';
const PASSWORD = 'Hostile-Test-Pw1!';
const ENVELOPE = '<s:Envelope/>';

const peers: RawPeer[] = [];
const transports: WsmanTransport[] = [];

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const p of peers.splice(0)) await p.close();
});

async function peerDoing(onConnection: (socket: Socket) => void): Promise<RawPeer> {
  const p = await startRawPeer(HOST, onConnection);
  peers.push(p);
  return p;
}

function transport(
  httpPort: number,
  extra: {
    tlsPolicy?: TlsPolicy;
    tlsPort?: number;
    readTimeoutMs?: number;
    maxResponseBytes?: number;
    maxHeaderBytes?: number;
  } = {},
): WsmanTransport {
  const t = createWsmanTransport({
    endpoint: { host: HOST, httpPort, tlsPort: extra.tlsPort ?? 1 },
    credentials: { user: 'admin', password: PASSWORD },
    tlsPolicy: extra.tlsPolicy ?? 'http-only',
    pins: new MemoryPinStore(),
    connectTimeoutMs: 2_000,
    readTimeoutMs: extra.readTimeoutMs ?? 2_000,
    ...(extra.maxResponseBytes !== undefined ? { maxResponseBytes: extra.maxResponseBytes } : {}),
    ...(extra.maxHeaderBytes !== undefined ? { maxHeaderBytes: extra.maxHeaderBytes } : {}),
  });
  transports.push(t);
  return t;
}

/** Posts the test envelope and returns the AmtError it must fail with (never naming the password). */
const failure = (t: WsmanTransport): Promise<AmtError> => expectAmtError(t.post(ENVELOPE), PASSWORD);

/** Answers each request (once its head arrived) with `answer`. */
function onRequest(answer: (socket: Socket) => void): (socket: Socket) => void {
  return (socket) => {
    let head = '';
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        head = '';
        answer(socket);
      }
    });
  };
}

describe('WsmanTransport against hostile peers', () => {
  it('fails with malformed-http on garbage bytes', async () => {
    const p = await peerDoing(onRequest((s) => s.write('\x00\xffSSH-2.0-garbage\r\n\r\n')));
    expect((await failure(transport(p.port))).code).toBe('malformed-http');
  });

  it('fails with malformed-http when the peer talks before being asked and then says nonsense', async () => {
    const p = await peerDoing((s) => s.write('220 smtp.example ESMTP ready\r\n'));
    expect((await failure(transport(p.port))).code).toBe('malformed-http');
  });

  it('fails with timeout when the host accepts and never answers', async () => {
    const p = await peerDoing(() => undefined);
    const err = await failure(transport(p.port, { readTimeoutMs: 200 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/did not answer within 200 ms/);
  });

  it('fails with timeout when a TLS port accepts TCP but never does the handshake', async () => {
    const p = await peerDoing(() => undefined);
    const t = createWsmanTransport({
      endpoint: { host: HOST, httpPort: 1, tlsPort: p.port },
      credentials: { user: 'admin', password: PASSWORD },
      tlsPolicy: 'tls-only',
      pins: new MemoryPinStore(),
      connectTimeoutMs: 200,
    });
    transports.push(t);
    expect((await failure(t)).code).toBe('timeout');
  });

  it('fails with connection-closed when the peer drops the connection mid-response', async () => {
    const p = await peerDoing(
      onRequest((s) => {
        s.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\n0100\r\n<a:Envelope',
        );
        setTimeout(() => s.destroy(), 20);
      }),
    );
    const err = await failure(transport(p.port));
    expect(err.code).toBe('connection-closed');
  });

  it('fails with connection-closed when the peer closes without answering', async () => {
    const p = await peerDoing(onRequest((s) => s.end()));
    expect((await failure(transport(p.port))).code).toBe('connection-closed');
  });

  it('fails with response-too-large on an oversized body, declared or streamed', async () => {
    const declared = await peerDoing(onRequest((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n')));
    expect((await failure(transport(declared.port, { maxResponseBytes: 64 * 1024 }))).code).toBe('response-too-large');
    const streamed = await peerDoing(
      onRequest((s) => {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `4000\r\n${'x'.repeat(0x4000)}\r\n`;
        // Bounded: 16 chunks of 16 KiB, four times the limit below.
        for (let i = 0; i < 16; i++) s.write(chunk);
      }),
    );
    const err = await failure(transport(streamed.port, { maxResponseBytes: 64 * 1024 }));
    expect(err.code).toBe('response-too-large');
    expect(err.message).toMatch(/65536 bytes/);
  });

  it('fails with response-too-large on oversized headers', async () => {
    const p = await peerDoing(
      onRequest((s) => s.write(`HTTP/1.1 200 OK\r\n${`X-Filler: ${'y'.repeat(1000)}\r\n`.repeat(40)}`)),
    );
    expect((await failure(transport(p.port))).code).toBe('response-too-large');
  });

  it('fails with unreachable when nothing listens', async () => {
    const port = await unusedPort(HOST);
    const err = await failure(transport(port));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain(`${HOST}:${port}`);
  });

  it('fails with unreachable when neither the TLS nor the HTTP port listens (tls-then-http)', async () => {
    const err = await failure(
      transport(await unusedPort(HOST), { tlsPolicy: 'tls-then-http', tlsPort: await unusedPort(HOST) }),
    );
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/TLS on port \d+ failed first/);
  });

  it('reads a close-delimited body', async () => {
    const p = await peerDoing(
      onRequest((s) => s.end('HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n<ok/>')),
    );
    const t = transport(p.port);
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 200, body: '<ok/>' });
    // The connection is spent; the next post opens a new one.
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 200, body: '<ok/>' });
    expect(t.stats).toEqual({ requests: 2, connections: 2 });
  });

  it('opens a new connection when the peer closed the kept-alive one while idle', async () => {
    let served = 0;
    const p = await peerDoing(
      onRequest((s) => {
        served++;
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<ok/>');
        // Close the kept-alive connection right after answering, without a Connection: close header.
        setTimeout(() => s.end(), 10);
      }),
    );
    const t = transport(p.port);
    await t.post(ENVELOPE);
    await new Promise((r) => setTimeout(r, 100));
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 200 });
    expect(served).toBe(2);
  });

  it('re-sends once on a new connection when a reused kept-alive socket closes before any response byte', async () => {
    let requestsSeen = 0;
    const p = await peerDoing(
      onRequest((s) => {
        requestsSeen++;
        // The 2nd request arrives on the kept-alive socket and the peer hangs up without a byte, as a
        // server does when its keep-alive timer fires just as the request is written.
        if (requestsSeen === 2) s.destroy();
        else s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<ok/>');
      }),
    );
    const t = transport(p.port);
    await t.post(ENVELOPE);
    expect(await t.post(ENVELOPE)).toMatchObject({ status: 200, body: '<ok/>' });
    expect(t.stats).toEqual({ requests: 3, connections: 2 });
    expect(requestsSeen).toBe(3);
  });

  it('does not re-send when a fresh connection closes before answering', async () => {
    let requestsSeen = 0;
    const p = await peerDoing(
      onRequest((s) => {
        requestsSeen++;
        s.destroy();
      }),
    );
    expect((await failure(transport(p.port))).code).toBe('connection-closed');
    expect(requestsSeen).toBe(1);
  });
});
