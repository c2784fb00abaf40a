// window.amt for the headless host: the same API the Electron preload exposes, over the page's WebSocket
// to main/host. The host inserts this script before the renderer bundle; it defines window.amt and nothing else.

// Straight from api.ts and wire.ts, not the shared/ipc index: the page gets no zod from us.
import { buildAmtApi } from '../shared/ipc/api';
import { HOST_SOCKET_PATH } from '../shared/ipc/wire';
import { createWebSocketTransport, type BrowserLikeSocket } from './web-socket-transport';

/** The event the renderer waits for when window.amt comes late. */
const AMT_READY_EVENT = 'amt:ready';

declare const window: Window & { amt?: unknown };

if (!('amt' in window)) {
  const transport = createWebSocketTransport(
    () => new WebSocket(`ws://${window.location.host}${HOST_SOCKET_PATH}`) as unknown as BrowserLikeSocket,
  );
  // Read-only and not configurable, like a contextBridge property: page code cannot swap the API.
  Object.defineProperty(window, 'amt', {
    value: buildAmtApi(transport),
    writable: false,
    configurable: false,
    enumerable: true,
  });
  // For a renderer that started first and waits for the API (renderer/api/amt-api.ts).
  window.dispatchEvent(new Event(AMT_READY_EVENT));
}
