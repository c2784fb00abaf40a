// The ipcMain adapter (main/electron/ipc.ts) with 'electron' replaced by a stand-in (no Electron binary
// here): only our own window's top-level frame on app://console reaches the router; others get 'forbidden'.
import { describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, request: unknown) => Promise<unknown>) =>
      handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  protocol: {},
}));

const { registerIpc } = await import('../../../../main/electron/ipc');
const { ApiEvents, createRouter } = await import('../../../../main/api');
const { CHANNELS, ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_PREFIX } = await import('../../../../shared/ipc');

function makeHandlers(calls: string[]): never {
  const out: Record<string, () => Promise<unknown>> = {};
  for (const channel of Object.keys(CHANNELS)) {
    out[channel] = async () => {
      calls.push(channel);
      return { answered: channel };
    };
  }
  return out as never;
}

interface FakeFrame {
  url: string;
}

function fakeContents(id: number, url: string) {
  const mainFrame: FakeFrame = { url };
  const sent: unknown[] = [];
  return {
    id,
    mainFrame,
    sent,
    isDestroyed: () => false,
    once: () => undefined,
    on: () => undefined,
    send: (channel: string, frame: unknown) => sent.push([channel, frame]),
  };
}

describe('registerIpc', () => {
  const calls: string[] = [];
  const events = new ApiEvents();
  const own = fakeContents(1, 'app://console/index.html');
  const stranger = fakeContents(2, 'app://console/index.html');
  const unregister = registerIpc(
    createRouter(makeHandlers(calls)),
    events,
    () => [own as never],
    () => undefined,
  );
  const invoke = (
    sender: ReturnType<typeof fakeContents>,
    frame: FakeFrame | null,
    channel = 'fleet:snapshot',
    request: unknown = {},
  ) => handlers.get(`${ELECTRON_INVOKE_PREFIX}${channel}`)?.({ sender, senderFrame: frame }, request);

  it('registers one handler per channel', () => {
    expect(handlers.size).toBe(Object.keys(CHANNELS).length);
  });

  it('routes a call from our window top-level frame', async () => {
    expect(await invoke(own, own.mainFrame)).toEqual({ ok: true, value: { answered: 'fleet:snapshot' } });
    expect(
      await invoke(own, own.mainFrame, 'power:action', { ids: [1], action: 'on', confirmed: false, more: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses sub-frames, other windows, foreign origins and destroyed frames', async () => {
    const before = calls.length;
    expect(await invoke(own, { url: 'app://console/index.html' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(stranger, stranger.mainFrame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const navigated = fakeContents(1, 'https://evil.example/');
    expect(await invoke(navigated, navigated.mainFrame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fileUrl = fakeContents(1, 'file:///etc/passwd');
    expect(await invoke(fileUrl, fileUrl.mainFrame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(own, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls.length).toBe(before);
  });

  it('forwards events to our windows on one channel, and unregisters', () => {
    events.emit('fleet:changed', { reason: 'test' });
    expect(own.sent).toEqual([[ELECTRON_EVENT_CHANNEL, { event: 'fleet:changed', payload: { reason: 'test' } }]]);
    unregister();
    expect(handlers.size).toBe(0);
    expect(events.listenerCount).toBe(0);
  });
});
