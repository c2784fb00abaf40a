// Sends a Wake-on-LAN payload as UDP datagrams (docs amt-protocols.md §4, "Node specifics"): a udp4
// socket, bound, broadcast allowed, the same datagram a few times with a short gap (UDP may drop one), closed.

import { createSocket, type Socket } from 'node:dgram';
import { AmtError, isIpv6Address, parseIpv4 } from '../../shared/domain';

/** UDP discard: the usual WoL port. The NIC only scans the frame, so the port matters to firewalls, not to it. */
export const WOL_DEFAULT_PORT = 9;
/** UDP echo: the other common choice. */
export const WOL_ECHO_PORT = 7;
export const DEFAULT_REPEAT_COUNT = 3;
export const MAX_REPEAT_COUNT = 10;
export const DEFAULT_GAP_MS = 100;
export const MAX_GAP_MS = 1_000;
/** A send never takes longer than this: a local datagram either leaves at once or fails. */
export const DEFAULT_SEND_TIMEOUT_MS = 5_000;
const MAX_PORT = 65_535;

export interface WolSendOptions {
  /** Where the datagrams go: a subnet-directed broadcast, 255.255.255.255, or a unicast address. */
  readonly address: string;
  readonly port?: number;
  /** How many identical datagrams (1–MAX_REPEAT_COUNT). */
  readonly repeatCount?: number;
  /** Pause between two datagrams (0–MAX_GAP_MS). */
  readonly gapMs?: number;
  /** Local address to send from: picks the interface on a multi-homed console (default: any). */
  readonly bindAddress?: string;
  readonly timeoutMs?: number;
}

export interface WolSendResult {
  readonly address: string;
  readonly port: number;
  readonly packetsSent: number;
  readonly sizeBytes: number;
}

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

function checkedInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw bad(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  return value;
}

/** Turns a socket error into an AmtError whose message says what happened in words. */
export function describeSendError(error: unknown, to: string, bindAddress: string | undefined): AmtError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const endpoint = { endpoint: to };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new AmtError(
        'unreachable',
        `this machine refused to send to ${to} (${code}: broadcast not permitted, or a firewall rule)`,
        endpoint,
        { cause: error },
      );
    case 'ENETUNREACH':
      return new AmtError(
        'unreachable',
        `no route from this machine to ${to} (${code}: no interface on that network)`,
        endpoint,
        { cause: error },
      );
    case 'EHOSTUNREACH':
      return new AmtError('unreachable', `${to} cannot be reached from this machine (${code})`, endpoint, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
      return new AmtError(
        'bad-input',
        `cannot send from ${bindAddress ?? 'any address'} to ${to} (${code}: that address is not on this machine)`,
        endpoint,
        { cause: error },
      );
    case 'EMSGSIZE':
    case 'EINVAL':
      return new AmtError('bad-input', `the system refused the datagram to ${to} (${code})`, endpoint, {
        cause: error,
      });
    default: {
      const text = error instanceof Error ? error.message : String(error);
      return new AmtError('unreachable', `sending the wake-up packet to ${to} failed: ${text}`, endpoint, {
        cause: error,
      });
    }
  }
}

function bind(socket: Socket, bindAddress: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: 0, ...(bindAddress === undefined ? {} : { address: bindAddress }) }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function sendOnce(socket: Socket, payload: Uint8Array, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(payload, port, address, (error) => (error ? reject(error) : resolve())),
  );
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `payload` `repeatCount` times to address:port. Throws AmtError; the socket is always closed. */
export async function sendWakePacket(payload: Uint8Array, options: WolSendOptions): Promise<WolSendResult> {
  const { address, bindAddress } = options;
  if (parseIpv4(address) === undefined && isIpv6Address(address)) {
    throw bad(`'${address}' is an IPv6 address: Wake-on-LAN is sent over IPv4 (IPv6 has no broadcast)`);
  }
  if (parseIpv4(address) === undefined) throw bad(`'${address}' is not an IPv4 address to send the wake-up packet to`);
  if (bindAddress !== undefined && parseIpv4(bindAddress) === undefined)
    throw bad(`'${bindAddress}' is not an IPv4 address to send from`);
  const port = checkedInt('the WoL port', options.port ?? WOL_DEFAULT_PORT, 1, MAX_PORT);
  const repeatCount = checkedInt('the repeat count', options.repeatCount ?? DEFAULT_REPEAT_COUNT, 1, MAX_REPEAT_COUNT);
  const gapMs = checkedInt('the gap between packets (ms)', options.gapMs ?? DEFAULT_GAP_MS, 0, MAX_GAP_MS);
  const timeoutMs = checkedInt('the send timeout (ms)', options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS, 1, 60_000);
  const to = `${address}:${port}`;

  const socket = createSocket({ type: 'udp4' });
  // Errors after bind (e.g. an ICMP-triggered one) must not crash the process; the send callbacks report them.
  const swallow = (): void => {};
  let timer: NodeJS.Timeout | undefined;
  let packetsSent = 0;
  const work = (async (): Promise<void> => {
    await bind(socket, bindAddress);
    socket.on('error', swallow);
    socket.setBroadcast(true); // without it, Linux answers a broadcast destination with EACCES
    for (let i = 0; i < repeatCount; i++) {
      if (i > 0 && gapMs > 0) await pause(gapMs);
      await sendOnce(socket, payload, port, address);
      packetsSent++;
    }
  })();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AmtError('timeout', `sending to ${to} did not finish within ${timeoutMs} ms`, { endpoint: to })),
      timeoutMs,
    );
  });
  try {
    await Promise.race([work, deadline]);
  } catch (error) {
    work.catch(swallow); // the loser of the race may still reject; it has nothing left to say
    throw error instanceof AmtError ? error : describeSendError(error, to, bindAddress);
  } finally {
    clearTimeout(timer);
    socket.close();
  }
  return { address, port, packetsSent, sizeBytes: payload.length };
}
