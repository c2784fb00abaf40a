// ipcMain adapter: every contract channel handled through the router, with a sender check (Electron
// security checklist: validate the sender of every IPC message): only our own window's top-level frame,
// showing our own app:// origin. Events from main go to each of our windows on one channel.

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ApiEvents, Router } from '../api/index';
import {
  CHANNELS,
  ELECTRON_EVENT_CHANNEL,
  ELECTRON_INVOKE_PREFIX,
  type Channel,
  type IpcReply,
  type WireEvent,
} from '../../shared/ipc';
import { APP_HOST, APP_SCHEME } from './app-protocol';

const UNTRUSTED_SENDER: IpcReply<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window may not use the console.' },
};

export function isTrustedSender(event: IpcMainInvokeEvent, ownWindows: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (frame === null || !ownWindows.has(event.sender.id)) return false;
  // Sub-frames (an iframe the page might be tricked into loading) never reach main.
  if (frame !== event.sender.mainFrame) return false;
  // Not URL.origin: for a non-special scheme such as app: it is the opaque "null".
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The CallContext peer of a window: SOL sessions it opens belong to it, and its addressed events go only to it. */
export function windowPeer(contents: { readonly id: number }): string {
  return `window ${contents.id}`;
}

export function registerIpc(
  router: Router,
  events: ApiEvents,
  windows: () => readonly WebContents[],
  log: (line: string) => void,
  /** Told when a window that called us is destroyed, with its peer name (its SOL sessions end). */
  windowGone: (peer: string) => void = () => undefined,
): () => void {
  const ownIds = (): Set<number> => new Set(windows().map((w) => w.id));
  const watched = new Set<number>();
  for (const channel of Object.keys(CHANNELS) as Channel[]) {
    ipcMain.handle(`${ELECTRON_INVOKE_PREFIX}${channel}`, async (event, request: unknown) => {
      if (!isTrustedSender(event, ownIds())) {
        log(`ipc: refused ${channel} from an untrusted sender`);
        return UNTRUSTED_SENDER;
      }
      const peer = windowPeer(event.sender);
      if (!watched.has(event.sender.id)) {
        watched.add(event.sender.id);
        const id = event.sender.id;
        // A reload or a crashed renderer forgets its sessions as surely as a closed window does.
        event.sender.on('did-navigate', () => windowGone(peer));
        event.sender.on('render-process-gone', () => windowGone(peer));
        event.sender.once('destroyed', () => {
          watched.delete(id);
          windowGone(peer);
        });
      }
      return router.handle(channel, request, { transport: 'electron', peer });
    });
  }
  // Structured clone carries Uint8Array (SOL bytes) as it is: no wire encoding needed here.
  const unsubscribe = events.subscribe((event, payload, to) => {
    const frame: WireEvent = { event, payload };
    for (const contents of windows()) {
      if (contents.isDestroyed() || (to !== undefined && windowPeer(contents) !== to)) continue;
      contents.send(ELECTRON_EVENT_CHANNEL, frame);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of Object.keys(CHANNELS)) ipcMain.removeHandler(`${ELECTRON_INVOKE_PREFIX}${channel}`);
  };
}
