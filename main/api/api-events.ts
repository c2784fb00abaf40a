// The events main pushes to the renderer (contract EventPayloads): handlers emit, and each transport
// (Electron's webContents.send, the host's WebSocket) subscribes once and forwards.

import type { Client, ClientId } from '../../shared/domain';
import type { EventName, EventPayloads } from '../../shared/ipc';

/**
 * `to` is the connection an event belongs to (the CallContext peer that opened a SOL session); undefined means
 * every connection. Transports deliver addressed events only to that connection.
 */
export type ApiEventListener = (event: EventName, payload: EventPayloads[EventName], to?: string) => void;

/** How long client changes gather before one `clients:changed` goes out. */
export const DEFAULT_CLIENT_CHANGE_TICK_MS = 100;

export class ApiEvents {
  private readonly listeners = new Set<ApiEventListener>();
  /** Latest copy per client since the last tick: a sweep of 10,000 clients is one message, not 10,000. */
  private pendingClients = new Map<ClientId, Client>();
  private clientTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly onListenerError: (error: unknown) => void = () => undefined,
    private readonly clientTickMs: number = DEFAULT_CLIENT_CHANGE_TICK_MS,
  ) {}

  /** A client's stored state changed: it goes out with the others of this tick in one `clients:changed`. */
  clientChanged(client: Client): void {
    this.pendingClients.set(client.id, client);
    this.clientTimer ??= setTimeout(() => this.flushClientChanges(), this.clientTickMs);
  }

  /** Sends the pending client changes now (before a `clients:removed`, at stop). */
  flushClientChanges(): void {
    if (this.clientTimer !== null) clearTimeout(this.clientTimer);
    this.clientTimer = null;
    if (this.pendingClients.size === 0) return;
    const clients = [...this.pendingClients.values()];
    this.pendingClients = new Map();
    this.emit('clients:changed', { clients });
  }

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
