// The main window with the Electron security checklist applied: context isolation, sandbox, no Node in
// the renderer, web security on, our preload only; navigation away, new windows, webviews and permission
// requests refused. Size and position are remembered (window-state.ts).

import { BrowserWindow, screen, session, type WebContents } from 'electron';
import { APP_ORIGIN, APP_START_URL } from './app-protocol';
import { loadWindowState, saveWindowState, WINDOW_MIN_SIZE } from './window-state';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly userDataDir: string;
  readonly title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(
    options.userDataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: WINDOW_MIN_SIZE.width,
    minHeight: WINDOW_MIN_SIZE.height,
    title: options.title,
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle-click on a link would ask for a new window (refused anyway by the open handler); with
      // auxclick off the page never gets to try (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    try {
      saveWindowState(options.userDataDir, { ...bounds, maximized: window.isMaximized() });
    } catch {
      // A read-only profile folder only costs the remembered position.
    }
  });
  void window.loadURL(APP_START_URL);
  return window;
}

/** Applied to every web contents Electron creates (app 'web-contents-created'). */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The console needs no camera, notifications, geolocation …: every request and check is refused. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
