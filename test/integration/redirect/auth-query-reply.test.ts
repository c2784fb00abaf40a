// Issue 12 item 8: the redirection auth-query reply (0x14 to a type-0 AuthenticateSession) must be a success of
// type query (amt-protocols.md §3.2 step 1: "Reply type 0, status 0") before the console goes on; otherwise it
// stops with a clear error and sends no digest start (which carries the user name). Scripted peers over loopback.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedirectionSession } from '../../../main/redirect/index';
import { expectAmtError } from '../../support/expect-amt-error';

const HOST = '127.80.2.1';
const MSG_START_REPLY = Buffer.from([0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const AUTH_QUERY = 0x00;
const AUTH_DIGEST_QOP = 0x04;

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function reply14(status: number, type: number, data: number[]): Buffer {
  return Buffer.from([0x14, status, 0, 0, type, data.length & 0xff, (data.length >> 8) & 0xff, 0, 0, ...data]);
}

/** A peer that answers StartRedirectionSession with ok and the auth query with `queryReply`; it records digest starts. */
async function peer(queryReply: Buffer): Promise<{ port: number; digestStarts: () => number }> {
  let digestStarts = 0;
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (d) => {
      if (d[0] === 0x10) socket.write(MSG_START_REPLY);
      else if (d[0] === 0x13 && d[4] === AUTH_QUERY) socket.write(queryReply);
      else if (d[0] === 0x13 && d[4] === AUTH_DIGEST_QOP) digestStarts++;
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return { port: (server.address() as net.AddressInfo).port, digestStarts: () => digestStarts };
}

const open = (port: number) =>
  openRedirectionSession({
    host: HOST,
    port,
    tls: false,
    credentials: { user: 'admin', password: 'Query-Test1!' },
    replyTimeoutMs: 500,
  });

describe('the auth query reply', () => {
  it('a failure status stops with an error naming it, before any digest start', async () => {
    const { port, digestStarts } = await peer(reply14(0x01, AUTH_QUERY, [AUTH_DIGEST_QOP]));
    const error = await expectAmtError(open(port));
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain(`${HOST}:${port}`);
    expect(error.message).toContain('status 1');
    await new Promise((r) => setTimeout(r, 100)); // a digest start written just before the error would have arrived
    expect(digestStarts()).toBe(0);
  });

  it('a reply of another auth type is malformed, before any digest start', async () => {
    const { port, digestStarts } = await peer(reply14(0x00, AUTH_DIGEST_QOP, [AUTH_DIGEST_QOP]));
    const error = await expectAmtError(open(port));
    expect(error.code).toBe('malformed-frame');
    expect(error.message).toContain('auth type 4');
    await new Promise((r) => setTimeout(r, 100));
    expect(digestStarts()).toBe(0);
  });
});
