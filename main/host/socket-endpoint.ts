// The router over a WebSocket: each text frame is one {id, channel, request} call answered by {id, reply};
// events are pushed as {event, payload}; Uint8Array crosses both ways as {"$bytes": base64}. Bounded: message size (ws maxPayload), calls in flight per
// connection, connections, and bytes queued for a page that reads too slowly.

import type { RawData, WebSocket } from 'ws';
import type { ApiEvents, Router } from '../api/index';
import {
  decodeWireBytes,
  encodeWireBytes,
  IPC_LIMITS,
  WS_CLOSE,
  type IpcReply,
  type WireEvent,
  type WireReply,
} from '../../shared/ipc';

export interface SocketLimits {
  /** Calls of one connection being handled at once; more are answered 'busy' at once, not queued. */
  readonly maxInFlight: number;
  /** Events queued but not yet sent to a slow page before the connection is closed. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { maxInFlight: 32, maxBufferedBytes: 16 * 1024 * 1024 };

interface CallFrame {
  readonly id: number;
  readonly channel: string;
  readonly request: unknown;
}

/** The envelope only; the router checks the channel and the request against the contract. */
function readCallFrame(text: string): CallFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { id, channel, request } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return undefined;
  if (typeof channel !== 'string') return undefined;
  return { id, channel, request };
}

/** What a connection needs of the core; `connectionClosed` ends what the connection owned (SOL sessions). */
export interface SocketCore {
  readonly router: Router;
  readonly events: ApiEvents;
  connectionClosed?(peer: string): void;
}

export function serveSocket(
  socket: WebSocket,
  core: SocketCore,
  peer: string,
  limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
): void {
  let inFlight = 0;
  const send = (frame: WireReply | WireEvent): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      socket.close(WS_CLOSE.overloaded, 'the page reads too slowly');
      return;
    }
    // Uint8Array (SOL bytes) crosses as {"$bytes": base64}; the bridge turns it back.
    socket.send(JSON.stringify(encodeWireBytes(frame)));
  };
  // Events addressed to one connection (a SOL session's bytes) go to that connection only.
  const unsubscribe = core.events.subscribe((event, payload, to) => {
    if (to === undefined || to === peer) send({ event, payload });
  });
  socket.on('close', () => {
    unsubscribe();
    core.connectionClosed?.(peer);
  });
  socket.on('error', () => socket.terminate());

  socket.on('message', (data, isBinary) => {
    // A throw in a ws listener is uncaught and would end the host: a frame that breaks us closes only its socket.
    try {
      onMessage(data, isBinary);
    } catch {
      socket.close(WS_CLOSE.invalidFrame, 'the frame could not be read');
    }
  });

  function onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      socket.close(WS_CLOSE.policy, 'binary frames are not part of the protocol');
      return;
    }
    const frame = readCallFrame(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
    );
    if (!frame) {
      socket.close(WS_CLOSE.invalidFrame, 'not a call frame');
      return;
    }
    if (inFlight >= limits.maxInFlight) {
      const reply: IpcReply<never> = {
        ok: false,
        error: {
          code: 'busy',
          message: `Too many requests at once (more than ${limits.maxInFlight}); try again when some have finished.`,
        },
      };
      send({ id: frame.id, reply });
      return;
    }
    inFlight++;
    void core.router
      .handle(frame.channel, decodeWireBytes(frame.request), { transport: 'host', peer })
      .then((reply) => send({ id: frame.id, reply }))
      // An unhandled rejection would end the process: a reply that cannot be sent closes its socket instead.
      .catch(() => socket.terminate())
      .finally(() => {
        inFlight--;
      });
  }
}

/** ws refuses frames above this with close code 1009 before we ever see them. */
export const MAX_SOCKET_MESSAGE_BYTES = IPC_LIMITS.maxMessageBytes;
