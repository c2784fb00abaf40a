// The events main pushes to the renderer (contract EventPayloads): handlers emit, and each transport
// (Electron's webContents.send, the host's WebSocket) subscribes once and forwards.

import type { EventName, EventPayloads } from '../../shared/ipc';

/**
 * `to` is the connection an event belongs to (the CallContext peer that opened a SOL session); undefined means
 * every connection. Transports deliver addressed events only to that connection.
 */
export type ApiEventListener = (event: EventName, payload: EventPayloads[EventName], to?: string) => void;

export class ApiEvents {
  private readonly listeners = new Set<ApiEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  emit<E extends EventName>(event: E, payload: EventPayloads[E], to?: string): void {
    for (const listener of [...this.listeners]) {
      // One broken transport (a closed window, a dead socket) must not stop the others hearing the event.
      try {
        listener(event, payload, to);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
