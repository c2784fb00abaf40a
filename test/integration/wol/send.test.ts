// main/wol/send.ts over real UDP sockets: a receiver on loopback 127.155.0.x gets exactly the 102-byte
// payload, once per repeat; Debian's `wakeonlan` (a third-party sender) produces the same bytes.

import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMac, type MacAddress } from '../../../shared/domain';
import { buildMagicPacket, parseSecureOn, sendWakePacket, wake } from '../../../main/wol';

const RECEIVER_ADDRESS = '127.155.0.9';
const MAC = parseMac('a4:ae:11:1c:02:4d') as MacAddress;
const WAKEONLAN = '/usr/bin/wakeonlan';
/** Bounds every wait for datagrams: a lost packet fails the test instead of hanging it. */
const RECEIVE_LIMIT_MS = 5_000;

const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

interface Receiver {
  readonly port: number;
  /** Resolves with the first `count` datagrams (or rejects after RECEIVE_LIMIT_MS). */
  readonly take: (count: number) => Promise<Buffer[]>;
  /** Datagrams received and not yet taken. */
  readonly waiting: () => number;
}

async function startReceiver(address = RECEIVER_ADDRESS): Promise<Receiver> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const received: Buffer[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (message) => {
    received.push(message);
    for (const waiter of waiters.splice(0)) waiter();
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const take = (count: number): Promise<Buffer[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`got ${received.length} of ${count} datagrams within ${RECEIVE_LIMIT_MS} ms`)),
        RECEIVE_LIMIT_MS,
      );
      const check = (): void => {
        if (received.length >= count) {
          clearTimeout(timer);
          resolve(received.splice(0, count));
        } else waiters.push(check);
      };
      check();
    });
  return { port: socket.address().port, take, waiting: () => received.length };
}

/** A short quiet time, after which a stray extra datagram would have arrived on loopback. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish`));
    }, RECEIVE_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('sendWakePacket over UDP', () => {
  it('delivers exactly the 102-byte payload, repeatCount times, and reports it', async () => {
    const receiver = await startReceiver();
    const packet = buildMagicPacket(MAC);
    const result = await sendWakePacket(packet, {
      address: RECEIVER_ADDRESS,
      port: receiver.port,
      repeatCount: 3,
      gapMs: 10,
    });
    expect(result).toEqual({ address: RECEIVER_ADDRESS, port: receiver.port, packetsSent: 3, sizeBytes: 102 });
    const datagrams = await receiver.take(3);
    for (const datagram of datagrams) expect(Buffer.compare(datagram, Buffer.from(packet))).toBe(0);
    await settle();
    expect(receiver.waiting()).toBe(0);
  });

  it('wake() sends the SecureOn payload to an address given outright', async () => {
    const receiver = await startReceiver('127.155.0.10');
    const secureOn = parseSecureOn('01-02-03-04-05-06');
    const result = await wake({
      mac: MAC,
      secureOn,
      destination: { kind: 'address', address: '127.155.0.10' },
      port: receiver.port,
      repeatCount: 1,
    });
    expect(result).toMatchObject({ mac: MAC, packetsSent: 1, sizeBytes: 108 });
    const [datagram] = await receiver.take(1);
    expect(datagram?.toString('hex')).toBe(Buffer.from(buildMagicPacket(MAC, secureOn)).toString('hex'));
  });

  it('refuses bad destinations and options before opening a socket', async () => {
    const packet = buildMagicPacket(MAC);
    await expect(sendWakePacket(packet, { address: '10.0.0' })).rejects.toMatchObject({
      code: 'bad-input',
      message: /not an IPv4 address/,
    });
    await expect(sendWakePacket(packet, { address: '::1' })).rejects.toMatchObject({
      code: 'bad-input',
      message: /IPv6 has no broadcast/,
    });
    await expect(sendWakePacket(packet, { address: RECEIVER_ADDRESS, repeatCount: 0 })).rejects.toThrow(
      /repeat count must be a whole number from 1 to 10/,
    );
    await expect(sendWakePacket(packet, { address: RECEIVER_ADDRESS, repeatCount: 1000 })).rejects.toThrow(
      /from 1 to 10/,
    );
    await expect(sendWakePacket(packet, { address: RECEIVER_ADDRESS, port: 70_000 })).rejects.toThrow(/port must be/);
    await expect(sendWakePacket(packet, { address: RECEIVER_ADDRESS, gapMs: 60_000 })).rejects.toThrow(
      /gap between packets/,
    );
    await expect(
      wake({ mac: MAC, destination: { kind: 'subnet', ip: '10.0.0.1', mask: '255.255.255.254' } }),
    ).rejects.toThrow(/RFC 3021/);
  });

  it('turns a socket error into an AmtError with words (bind address not on this machine)', async () => {
    const packet = buildMagicPacket(MAC);
    // 192.0.2.1 (TEST-NET-1) is assigned to no interface here: bind fails with EADDRNOTAVAIL.
    await expect(
      sendWakePacket(packet, { address: RECEIVER_ADDRESS, port: 9, bindAddress: '192.0.2.1' }),
    ).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(
        /cannot send from 192\.0\.2\.1 .*EADDRNOTAVAIL: that address is not on this machine/,
      ),
    });
  });
});

describe.skipIf(!existsSync(WAKEONLAN))("cross-check with Debian's wakeonlan", () => {
  it('wakeonlan and main/wol put the same bytes on the wire', async () => {
    const receiver = await startReceiver('127.155.0.11');
    const { code, output } = await run(WAKEONLAN, [
      '-i',
      '127.155.0.11',
      '-p',
      String(receiver.port),
      'A4:AE:11:1C:02:4D',
    ]);
    expect(code, output).toBe(0);
    const [theirs] = await receiver.take(1);
    await sendWakePacket(buildMagicPacket(MAC), { address: '127.155.0.11', port: receiver.port, repeatCount: 1 });
    const [ours] = await receiver.take(1);
    expect(theirs?.length).toBe(102);
    expect(ours?.toString('hex')).toBe(theirs?.toString('hex'));
  });
});
