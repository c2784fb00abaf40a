// Electron's security checklist (electronjs.org/docs/latest/tutorial/security) against main/electron,
// without the Electron binary: 'electron' is replaced by a recording stand-in, so these tests read the
// options and handlers our code gives Electron — not how Electron enforces them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loadedUrl?: string }>,
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequest: undefined as
    undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  appListeners: new Map<string, Listener>(),
  appCalls: [] as string[],
  singleInstanceLock: true,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record: { options: Record<string, unknown>; loadedUrl?: string };
    readonly webContents = {};
    constructor(options: Record<string, unknown>) {
      this.record = { options };
      recorded.windows.push(this.record);
    }
    static getAllWindows(): BrowserWindow[] {
      return [];
    }
    maximize(): void {}
    once(): void {}
    on(): void {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    isMaximized(): boolean {
      return false;
    }
    loadURL(url: string): Promise<void> {
      this.record.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => {
          recorded.permissionRequest = handler;
        },
        setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => {
          recorded.permissionCheck = handler;
        },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        recorded.protocolHandlers.set(scheme, handler),
    },
    app: {
      setPath: () => undefined,
      getPath: () => tmpdir(),
      getAppPath: () => tmpdir(),
      requestSingleInstanceLock: () => {
        recorded.appCalls.push('requestSingleInstanceLock');
        return recorded.singleInstanceLock;
      },
      enableSandbox: () => recorded.appCalls.push('enableSandbox'),
      quit: () => recorded.appCalls.push('quit'),
      exit: () => recorded.appCalls.push('exit'),
      on: (event: string, listener: Listener) => recorded.appListeners.set(event, listener),
      // Never ready: these tests look at what happens before (the core is not started).
      whenReady: () => new Promise(() => undefined),
      isPackaged: true,
    },
    dialog: { showErrorBox: () => undefined },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => undefined },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    safeStorage: { isEncryptionAvailable: () => false },
  };
});

const { createMainWindow, denyPermissions, hardenContents } = await import('../../../main/electron/windows');
const { APP_ORIGIN, APP_SCHEME, APP_START_URL, registerAppScheme, serveRenderer } =
  await import('../../../main/electron/app-protocol');
const { startElectronApp, relayListenFrom, RELAY_LISTEN_ENV } = await import('../../../main/electron/app');

const userData = mkdtempSync(join(tmpdir(), 'amt-console-checklist-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

/** A web contents stand-in that records the handlers hardenContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
    /** True when our handler called preventDefault for this event and URL. */
    prevented(event: string, url?: string): boolean {
      const listener = listeners.get(event);
      if (!listener) throw new Error(`no ${event} handler installed`);
      let prevented = false;
      listener({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

function cspDirectives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0] as string, parts.slice(1)]),
  );
}

function expectStrictCsp(policy: string): void {
  const csp = cspDirectives(policy);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/);
  // No directive allows any host ('*' alone), and scripts never come from data:, blob: or the network.
  for (const [name, sources] of csp) expect(sources, name).not.toContain('*');
  expect((csp.get('script-src') ?? []).filter((source) => /^(data:|blob:|https?:|ws:)/.test(source))).toEqual([]);
}

describe('Electron security checklist: the main window', () => {
  const window = createMainWindow({
    preloadPath: '/app/dist/preload/index.cjs',
    userDataDir: userData,
    title: 'AMT Console',
  });
  const record = recorded.windows.at(-1);
  const prefs = (record?.options.webPreferences ?? {}) as Record<string, unknown>;

  it('isolates the page: context isolation, sandbox, no Node integration anywhere, our preload only', () => {
    expect(window).toBeDefined();
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      preload: '/app/dist/preload/index.cjs',
    });
  });

  it('keeps web security: same-origin policy on, no insecure content, no webview, no experimental or extra Blink features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.webviewTag).not.toBe(true);
    expect(prefs.experimentalFeatures).not.toBe(true);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(String(prefs.disableBlinkFeatures)).toContain('Auxclick');
  });

  it('loads the renderer from the app:// origin, not file:// or the network', () => {
    expect(record?.loadedUrl).toBe(APP_START_URL);
    expect(APP_START_URL.startsWith(`${APP_SCHEME}://`)).toBe(true);
  });
});

describe('Electron security checklist: navigation, new windows, webviews, permissions', () => {
  const contents = fakeContents();
  hardenContents(contents as never);

  it('refuses navigation and redirects away from the app origin', () => {
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(contents.prevented(event, `${APP_ORIGIN}/index.html`), `${event} inside the app`).toBe(false);
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        'app://console.evil.example/',
        'app://other/index.html',
        'http://127.0.0.1:8080/',
        'javascript:alert(1)',
      ]) {
        expect(contents.prevented(event, url), `${event} to ${url}`).toBe(true);
      }
    }
  });

  it('denies every new window, also one for our own origin', () => {
    for (const url of ['https://evil.example/', `${APP_ORIGIN}/index.html`, 'about:blank'])
      expect(contents.open(url)).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    expect(contents.prevented('will-attach-webview')).toBe(true);
  });

  it('refuses every permission request and check', () => {
    denyPermissions();
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'openExternal',
      'clipboard-read',
      'fullscreen',
    ]) {
      let granted: boolean | undefined;
      recorded.permissionRequest?.({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(recorded.permissionCheck?.({}, 'media', 'app://console', {})).toBe(false);
  });
});

describe('Electron security checklist: the app:// protocol and its CSP', () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'amt-console-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'app.js'), '"use strict";');
  writeFileSync(join(rendererDir, 'notes.txt'), 'not a type we serve');
  registerAppScheme();
  serveRenderer(rendererDir);
  const handler = recorded.protocolHandlers.get(APP_SCHEME);
  afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

  it('registers app:// as a standard secure scheme that does not bypass CSP', () => {
    expect(recorded.schemes).toEqual([
      expect.objectContaining({
        scheme: APP_SCHEME,
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    const privileges = (recorded.schemes[0] as { privileges: Record<string, unknown> }).privileges;
    expect(privileges.bypassCSP).not.toBe(true);
    expect(privileges.allowServiceWorkers).not.toBe(true);
  });

  it('serves every file with a strict Content-Security-Policy and nosniff', async () => {
    for (const path of ['/index.html', '/app.js', '/']) {
      const response = await handler?.(new Request(`${APP_ORIGIN}${path}`));
      expect(response?.status, path).toBe(200);
      expectStrictCsp(response?.headers.get('Content-Security-Policy') ?? '');
      expect(response?.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    const policy = cspDirectives(
      (await handler?.(new Request(`${APP_ORIGIN}/index.html`)))?.headers.get('Content-Security-Policy') ?? '',
    );
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('serves nothing outside the renderer folder, from another host, or of an unknown type', async () => {
    for (const url of [
      `${APP_ORIGIN}/..%2F..%2F..%2Fetc%2Fpasswd`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/hostname`,
      'app://other/index.html',
      `${APP_ORIGIN}/notes.txt`,
      `${APP_ORIGIN}/missing.js`,
    ]) {
      const response = await handler?.(new Request(url));
      expect(response?.status, url).toBe(404);
      expectStrictCsp(response?.headers.get('Content-Security-Policy') ?? '');
    }
  });

  it("has a strict CSP in the built page's own meta tag too", () => {
    const html = readFileSync(join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBeDefined();
    expectStrictCsp(meta?.[1] ?? '');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });
});

describe('Electron security checklist: the app', () => {
  it('enables the sandbox for every renderer, takes the single-instance lock, and hardens every web contents', () => {
    recorded.appCalls.length = 0;
    startElectronApp({
      createCore: () => ({ router: {} as never, events: {} as never, close: async () => undefined }),
    });
    expect(recorded.appCalls).toEqual(['requestSingleInstanceLock', 'enableSandbox']);
    const created = recorded.appListeners.get('web-contents-created');
    expect(created).toBeDefined();
    const contents = fakeContents();
    created?.({}, contents);
    expect(contents.prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('quits at once when another console already holds the lock (one process owns the database)', () => {
    recorded.appCalls.length = 0;
    recorded.singleInstanceLock = false;
    startElectronApp({
      createCore: () => ({ router: {} as never, events: {} as never, close: async () => undefined }),
    });
    expect(recorded.appCalls).toEqual(['requestSingleInstanceLock', 'quit']);
  });
});

describe('the desktop console listens for relays only where told (issue 8)', () => {
  it('takes --relay-listen (either form) over AMT_CONSOLE_RELAY_LISTEN, and opens nothing without them', () => {
    expect(relayListenFrom(['electron.exe', '.'], {})).toBeUndefined();
    expect(relayListenFrom(['electron.exe', '--relay-listen', '0.0.0.0:16999'], {})).toEqual({
      host: '0.0.0.0',
      port: 16999,
    });
    expect(relayListenFrom(['electron.exe', '--relay-listen=[::]:17000'], {})).toEqual({ host: '::', port: 17000 });
    expect(relayListenFrom(['electron.exe'], { [RELAY_LISTEN_ENV]: '10.1.2.3:16999' })).toEqual({
      host: '10.1.2.3',
      port: 16999,
    });
    expect(
      relayListenFrom(['electron.exe', '--relay-listen', '127.0.0.1:1'], { [RELAY_LISTEN_ENV]: '10.1.2.3:16999' }),
    ).toEqual({
      host: '127.0.0.1',
      port: 1,
    });
    expect(() => relayListenFrom(['electron.exe', '--relay-listen', 'everywhere'], {})).toThrow(/HOST:PORT/);
  });
});
