// main/redirect against the simulator's redirection port (amt-protocols.md §3.2–3.3, §3.6): auth, BUSY, SOL text
// and keys, clean close, wrong password without retry, silent and garbage peers. Loopback range: 127.150.0.0/16.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedirectionSession, startSol, type SolChannel, type StateChange } from '../../../main/redirect/index';
import { BIOS_ITEMS, POST_BANNER, SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { expectAmtError } from '../../support/expect-amt-error';

const HOST = '127.150.0.1';
const PASSWORD = 'SolTest-Pass1!';
const WAIT_MS = 5000;

let fleet: Fleet;
let device: SimDevice;

beforeAll(async () => {
  fleet = await startFleet({ count: 3, singleAddress: HOST, basePort: 0, password: PASSWORD, lockoutInitialMs: 50 });
  device = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  await fleet.close();
});

function connect(d: SimDevice, password = PASSWORD, onStateChange?: (c: StateChange) => void) {
  return openRedirectionSession({
    host: HOST,
    port: d.redirectionPort,
    tls: false,
    credentials: { user: 'admin', password },
    replyTimeoutMs: 2000,
    onStateChange,
  });
}

/** Collects host text; waitFor resolves once `text` has appeared (bounded by WAIT_MS). */
function screen() {
  let text = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  return {
    onData: (bytes: Uint8Array) => {
      text += Buffer.from(bytes).toString('latin1');
      for (const w of waiters.filter((w) => text.includes(w.text))) w.resolve();
    },
    get text() {
      return text;
    },
    waitFor(wanted: string): Promise<void> {
      if (text.includes(wanted)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`"${wanted}" never arrived; got: ${JSON.stringify(text.slice(-300))}`)),
          WAIT_MS,
        );
        waiters.push({ text: wanted, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

describe('SOL against the simulator', () => {
  it('authenticates with digest, shows the BIOS, delivers keys, reports host power, and closes cleanly', async () => {
    const states: string[] = [];
    const session = await connect(device, PASSWORD, (c) => states.push(`${c.from}->${c.to}`));
    expect(session.state).toBe('authenticated');
    const view = screen();
    const sol = await startSol(session, view);
    await view.waitFor(SETUP_TITLE);
    expect(view.text).toContain(POST_BANNER);
    expect(view.text).toContain(`Selected: ${BIOS_ITEMS[0]}`);
    expect(sol.controls?.hostPoweredOn).toBe(true);
    // Down arrow as one 0x28 message: the selection moves, so the key reached the host.
    sol.send(Uint8Array.from(Buffer.from('\x1b[B')));
    await view.waitFor(`Selected: ${BIOS_ITEMS[1]}`);
    sol.send(Uint8Array.from(Buffer.from('\r')));
    await view.waitFor(`Entered: ${BIOS_ITEMS[1]}`);
    expect(device.solActive()).toBe(true);
    await sol.end();
    expect(await sol.closed).toBeUndefined();
    expect(session.state).toBe('closed');
    expect(states).toEqual([
      'idle->connecting',
      'connecting->starting',
      'starting->auth-query',
      'auth-query->auth-digest',
      'auth-digest->authenticated',
      'authenticated->sol-starting',
      'sol-starting->sol-active',
      'sol-active->sol-ending',
      'sol-ending->closing',
      'closing->closed',
    ]);
  });

  it('answers BUSY to a second SOL session while the first one holds it', async () => {
    const d = fleet.devices[1] as SimDevice;
    const first = await connect(d);
    const sol = await startSol(first, {});
    const error = await expectAmtError(connect(d));
    expect(error.code).toBe('busy');
    expect(d.redirectionStats().busyRefusals).toBe(1);
    await sol.end();
    // Once released, the next console gets in.
    const again = await connect(d);
    again.close();
  });

  it('a wrong password is auth-failed, tried exactly once, and never echoed', async () => {
    const d = fleet.devices[2] as SimDevice;
    const before = d.redirectionStats().authFailures;
    const error = await expectAmtError(connect(d, 'Wrong-Pass9!'), 'Wrong-Pass9!');
    expect(error.code).toBe('auth-failed');
    expect(d.redirectionStats().authFailures).toBe(before + 1);
  });

  it('a peer that goes silent after StartSOL fails with a timeout in bounded time', async () => {
    const d = fleet.devices[2] as SimDevice;
    d.setFault('redirectionSilent', true);
    try {
      const session = await connect(d);
      const sol: SolChannel = await startSol(session, {}, { silenceTimeoutMs: 300 });
      const error = await sol.closed;
      expect(error?.code).toBe('timeout');
      expect(session.state).toBe('failed');
    } finally {
      d.setFault('redirectionSilent', false);
    }
  });

  it('garbage after StartSOL is a malformed-frame error, not a crash or hang', async () => {
    const d = fleet.devices[2] as SimDevice;
    d.setFault('redirectionGarbage', true);
    try {
      const session = await connect(d);
      const sol = await startSol(session, {}, { silenceTimeoutMs: 3000 });
      const error = await sol.closed;
      expect(error?.code).toBe('malformed-frame');
      expect(error?.message).toMatch(/unknown redirection message type 0x99/i);
    } finally {
      d.setFault('redirectionGarbage', false);
    }
  });
});

describe('hostile or silent peers', () => {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });
  async function peer(onConnect: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      sockets.push(socket);
      onConnect(socket);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.150.1.1', r));
    return (server.address() as net.AddressInfo).port;
  }
  const open = (port: number) =>
    openRedirectionSession({
      host: '127.150.1.1',
      port,
      tls: false,
      credentials: { user: 'admin', password: PASSWORD },
      replyTimeoutMs: 300,
    });

  it('a peer that accepts and never answers: timeout', async () => {
    const port = await peer(() => undefined);
    expect((await expectAmtError(open(port))).code).toBe('timeout');
  });

  it('an absurd auth length in the reply: malformed-frame naming it', async () => {
    const port = await peer((s) =>
      s.on('data', (d) => {
        if (d[0] === 0x10) s.write(Buffer.from([0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        else s.write(Buffer.from([0x14, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]));
      }),
    );
    const error = await expectAmtError(open(port));
    expect(error.code).toBe('malformed-frame');
    expect(error.message).toMatch(/auth data/);
  });

  it('a device offering only plain auth is refused (the password is never sent in clear)', async () => {
    let sawPlain = false;
    const port = await peer((s) =>
      s.on('data', (d) => {
        if (d[0] === 0x10) s.write(Buffer.from([0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        else if (d[4] === 0) s.write(Buffer.from([0x14, 0, 0, 0, 0, 1, 0, 0, 0, 0x01]));
        else sawPlain = true;
      }),
    );
    const error = await expectAmtError(open(port));
    expect(error.code).toBe('unsupported');
    expect(sawPlain).toBe(false);
  });

  it('SOL data in the same TCP read as StartSOLRedirectionReply is delivered, not refused', async () => {
    // A peer that accepts any digest answer: the point is the framing after auth, not the password.
    const reply14 = (status: number, type: number, data: number[]) =>
      Buffer.from([0x14, status, 0, 0, type, data.length & 0xff, (data.length >> 8) & 0xff, 0, 0, ...data]);
    const lp = (text: string) => [text.length, ...Buffer.from(text, 'latin1')];
    const text = 'BIOS says hello';
    let digestMessages = 0;
    const port = await peer((s) =>
      s.on('data', (d) => {
        if (d[0] === 0x10) s.write(Buffer.from([0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        else if (d[0] === 0x13 && d[4] === 0) s.write(reply14(0, 0, [0x04]));
        else if (d[0] === 0x13 && digestMessages++ === 0)
          s.write(reply14(1, 4, [...lp('Digest:0123'), ...lp('nonce1'), ...lp('auth')]));
        else if (d[0] === 0x13) s.write(reply14(0, 4, []));
        else if (d[0] === 0x20) {
          const startReply = Buffer.alloc(23, 0);
          startReply[0] = 0x21;
          const data = Buffer.from(text, 'latin1');
          const solData = Buffer.concat([Buffer.from([0x2a, 0, 0, 0, 1, 0, 0, 0, data.length, 0]), data]);
          s.write(Buffer.concat([startReply, solData])); // one write, one read on the other side
        } else if (d[0] === 0x22) s.write(Buffer.from([0x23, 0, 0, 0, 0, 0, 0, 0]));
      }),
    );
    const session = await open(port);
    const seen = screen();
    const sol = await startSol(
      session,
      { onData: seen.onData, onControls: () => undefined },
      { silenceTimeoutMs: 5000 },
    );
    await seen.waitFor(text);
    expect(session.state).toBe('sol-active');
    await sol.end();
  });

  it('connection refused: unreachable', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.150.1.2', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const error = await expectAmtError(
      openRedirectionSession({
        host: '127.150.1.2',
        port,
        tls: false,
        credentials: { user: 'admin', password: PASSWORD },
      }),
    );
    expect(error.code).toBe('unreachable');
  });
});
