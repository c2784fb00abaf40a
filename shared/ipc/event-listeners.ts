// The page-side registry of event callbacks, shared by both window.amt transports (Electron preload and
// the host's WebSocket bridge): subscribe returns its unsubscribe function; dispatch delivers one event.

import type { EventName } from './contract';

export type EventCallback = (payload: unknown) => void;

export interface EventListeners {
  subscribe(event: EventName, callback: EventCallback): () => void;
  dispatch(event: EventName, payload: unknown): void;
}

export function createEventListeners(): EventListeners {
  const byEvent = new Map<EventName, Set<EventCallback>>();
  return {
    subscribe(event, callback) {
      let set = byEvent.get(event);
      if (!set) byEvent.set(event, (set = new Set()));
      set.add(callback);
      return () => {
        set.delete(callback);
      };
    },
    dispatch(event, payload) {
      for (const callback of byEvent.get(event) ?? []) callback(payload);
    },
  };
}
