// How the contract travels over each transport: the Electron channel names the preload and main/electron
// share, and the JSON frames of the headless host's WebSocket. Pure data; both ends import it from here.

import type { Channel, EventName, IpcReply } from './contract';

/** Electron: each contract channel is registered with ipcMain.handle under this prefix (`amt:fleet:snapshot`). */
export const ELECTRON_INVOKE_PREFIX = 'amt:';
/** Electron: the one channel main sends every event on, as a {@link WireEvent}. */
export const ELECTRON_EVENT_CHANNEL = 'amt-event';

/** WebSocket path of the headless host. */
export const HOST_SOCKET_PATH = '/ipc';
/**
 * Path the headless host serves the WebSocket bridge (preload/web-socket-bridge.ts) at. renderer/index.html
 * loads `bridge.js` before app.js; under Electron nothing answers there and the preload's window.amt is used.
 */
export const HOST_BRIDGE_PATH = '/bridge.js';

/** Renderer → main: one call. `id` is chosen by the caller and echoed in the reply. */
export interface WireCall {
  readonly id: number;
  readonly channel: Channel;
  readonly request: unknown;
}

/** Main → renderer: the reply to one call. */
export interface WireReply {
  readonly id: number;
  readonly reply: IpcReply<unknown>;
}

/** Main → renderer: a pushed event. */
export interface WireEvent {
  readonly event: EventName;
  readonly payload: unknown;
}

/** Close codes the host uses (RFC 6455 §7.4.1), so the bridge can tell people what happened. */
export const WS_CLOSE = {
  /** The frame was not a JSON call envelope (1007: invalid frame payload data). */
  invalidFrame: 1007,
  /** Binary frames or a policy breach (1008). */
  policy: 1008,
  /** A message larger than IPC_LIMITS.maxMessageBytes (1009: message too big). */
  tooBig: 1009,
  /** The page reads events more slowly than main produces them (1013: try again later). */
  overloaded: 1013,
  /** The host is shutting down (1001: going away). */
  goingAway: 1001,
} as const;

// Uint8Array over the JSON WebSocket: one tagged encoding, applied by main/host and the page's bridge.
export {
  WIRE_BYTES_TAG,
  MAX_WIRE_CODEC_DEPTH,
  encodeWireBytes,
  decodeWireBytes,
  bytesToBase64,
  base64ToBytes,
} from './wire-bytes';
