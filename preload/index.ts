// Electron preload: exposes window.amt (shared/ipc/api.ts) through contextBridge; no raw ipcRenderer, no generic
// send. Every call returns main's IpcReply; events arrive on one channel. Besides it, window.amtFiles.pathOf: the
// local path of a file the user dropped on the page (webUtils.getPathForFile; a page cannot learn it otherwise), for
// the IDE-R panel. It reads nothing and sends nothing; main checks whatever path the page then asks to serve.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
// Straight from api.ts and wire.ts, not the shared/ipc index: those carry no zod, so neither does the preload.
import { buildAmtApi, type IpcTransport } from '../shared/ipc/api';
import type { Channel, EventName, IpcReply } from '../shared/ipc/contract';
import { createEventListeners } from '../shared/ipc/event-listeners';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_PREFIX, type WireEvent } from '../shared/ipc/wire';

const listeners = createEventListeners();

// The Electron event object (with its sender) never reaches page code: only the payload does.
ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event, frame: WireEvent) => listeners.dispatch(frame.event, frame.payload));

const transport: IpcTransport = {
  async invoke(channel: Channel, request: unknown): Promise<unknown> {
    const reply = (await ipcRenderer.invoke(`${ELECTRON_INVOKE_PREFIX}${channel}`, request)) as IpcReply<unknown>;
    if (reply.ok) return reply.value;
    // contextBridge copies an Error's message only, dropping `code`; a plain object crosses whole, and the
    // renderer reads `code` and `message` from whatever it gets (renderer/model/error-words.ts).
    const { code, message, field } = reply.error;
    throw { name: 'IpcCallError', code, message, ...(field !== undefined ? { field } : {}) };
  },
  subscribe: (event: EventName, callback: (payload: unknown) => void): (() => void) =>
    listeners.subscribe(event, callback),
};

contextBridge.exposeInMainWorld('amt', buildAmtApi(transport));
contextBridge.exposeInMainWorld(
  'amtFiles',
  Object.freeze({ pathOf: (file: File): string => webUtils.getPathForFile(file) }),
);
