// An IpcTransport over the browser's WebSocket, for the headless host (main/host): calls are {id, channel,
// request} frames answered by {id, reply}; events arrive as {event, payload}; Uint8Array crosses both ways as
// {"$bytes": base64} (shared/ipc/wire-bytes.ts). Imports only shared/, so it
// runs in the page; the cookie the host set authenticates the socket, the page never sees the token.

import { IpcCallError, type IpcTransport } from '../shared/ipc/api';
import type { Channel, EventName, IpcReply } from '../shared/ipc/contract';
import { createEventListeners } from '../shared/ipc/event-listeners';
import { decodeWireBytes, encodeWireBytes, WS_CLOSE } from '../shared/ipc/wire';

/** The part of the WebSocket API this uses, so tests can pass the `ws` package's client. */
export interface BrowserLikeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'error' | 'message',
    listener: (event: { data?: unknown; code?: number }) => void,
  ): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED_WORDS: Readonly<Record<number, string>> = {
  [WS_CLOSE.tooBig]: 'The request was too large for the console to accept.',
  [WS_CLOSE.goingAway]: 'The console host stopped. Start it again and reload this page.',
  [WS_CLOSE.overloaded]: 'The page fell behind the console’s updates. Reload the page.',
};
const LOST_WORDS = 'The connection to the console host was lost. Reload the page.';

export function createWebSocketTransport(open: () => BrowserLikeSocket): IpcTransport {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = createEventListeners();
  let nextId = 1;
  let closedWords: string | undefined;
  const socket = open();
  const ready = new Promise<void>((resolve) => {
    // A socket handed over already open (or already closed) never fires 'open' again.
    if (socket.readyState !== CONNECTING) resolve();
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('close', () => resolve());
  });

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let frame: unknown;
    try {
      // Tagged bytes ({"$bytes": base64}) become Uint8Array again before anyone sees the frame.
      frame = decodeWireBytes(JSON.parse(event.data));
    } catch {
      return;
    }
    if (frame === null || typeof frame !== 'object') return;
    const record = frame as { id?: unknown; reply?: IpcReply<unknown>; event?: EventName; payload?: unknown };
    if (typeof record.id === 'number' && record.reply) {
      const call = pending.get(record.id);
      if (!call) return;
      pending.delete(record.id);
      if (record.reply.ok) call.resolve(record.reply.value);
      else call.reject(new IpcCallError(record.reply.error.code, record.reply.error.message, record.reply.error.field));
    } else if (typeof record.event === 'string') {
      listeners.dispatch(record.event, record.payload);
    }
  });
  socket.addEventListener('close', (event) => {
    closedWords = (event.code !== undefined ? CLOSED_WORDS[event.code] : undefined) ?? LOST_WORDS;
    for (const call of pending.values()) call.reject(new IpcCallError('disconnected', closedWords));
    pending.clear();
  });

  return {
    async invoke(channel: Channel, request: unknown): Promise<unknown> {
      await ready;
      if (closedWords !== undefined || socket.readyState !== OPEN)
        throw new IpcCallError('disconnected', closedWords ?? LOST_WORDS);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, channel, request: encodeWireBytes(request) }));
      });
    },
    subscribe: (event: EventName, callback: (payload: unknown) => void): (() => void) =>
      listeners.subscribe(event, callback),
  };
}
