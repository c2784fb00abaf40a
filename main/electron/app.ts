// The Electron shell (docs/architecture.md "Processes"): single instance, the app:// renderer, the core
// with its vault key in safeStorage, ipcMain through the router, one hardened window. Kept thin: all
// behaviour lives in the core, which the headless host and the tests run without Electron.

import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, type WebContents } from 'electron';
import type { ApiEvents, Router } from '../api/index';
import { parseRelayListen, type RelayListenAddress } from '../relay/index';
import { keyFileProvider, type KeyProvider } from '../store/index';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { buildAppMenu } from './menu';
import { safeStorageKeyProvider } from './safe-storage-key';
import { createMainWindow, denyPermissions, hardenContents } from './windows';

/** What the shell needs of the core; main/electron-main.ts passes createCore (the composition root). */
export interface ShellCore {
  readonly router: Router;
  readonly events: ApiEvents;
  /** A window went away: the SOL sessions it opened end. */
  connectionClosed?(peer: string): void;
  close(): Promise<void>;
}

export interface ShellCoreConfig {
  readonly userDataDir: string;
  readonly keyProvider: KeyProvider;
  readonly log: (line: string) => void;
  /** Where relays connect (issue 8): `--relay-listen HOST:PORT` or AMT_CONSOLE_RELAY_LISTEN; absent: no listener. */
  readonly relays?: RelayListenAddress;
}

export interface ElectronAppOptions {
  readonly createCore: (config: ShellCoreConfig) => ShellCore;
  readonly title?: string;
}

/**
 * For `npm run demo` and tests only: a user-data folder other than the OS default, and a key file instead
 * of safeStorage (the demo seeds the store before the app starts, from plain Node, where safeStorage
 * does not exist). Whoever can set a process's environment controls the process anyway.
 */
export const USER_DATA_ENV = 'AMT_CONSOLE_USER_DATA';
/**
 * Where the desktop console listens for relays, for a deployment that uses them: the same as the `--relay-listen`
 * switch (a shortcut's or a rollout tool's command line; the switch wins). Unset: no port is opened.
 */
export const RELAY_LISTEN_ENV = 'AMT_CONSOLE_RELAY_LISTEN';
const RELAY_LISTEN_SWITCH = '--relay-listen';

/** The relay listener from the command line or the environment; throws with the words of a bad value. */
export function relayListenFrom(argv: readonly string[], env: NodeJS.ProcessEnv): RelayListenAddress | undefined {
  const at = argv.indexOf(RELAY_LISTEN_SWITCH);
  const inline = argv.find((a) => a.startsWith(`${RELAY_LISTEN_SWITCH}=`));
  const text =
    at >= 0
      ? argv[at + 1]
      : inline !== undefined
        ? inline.slice(RELAY_LISTEN_SWITCH.length + 1)
        : env[RELAY_LISTEN_ENV];
  if (text === undefined || text === '') return undefined;
  return parseRelayListen(text);
}
export const KEY_FILE_ENV = 'AMT_CONSOLE_KEY_FILE';

export function startElectronApp(options: ElectronAppOptions): void {
  const title = options.title ?? 'AMT Console';
  const log = (line: string): void => console.log(`[amt-console] ${line}`);
  const userDataOverride = process.env[USER_DATA_ENV];
  if (userDataOverride) app.setPath('userData', userDataOverride);
  const keyFile = process.env[KEY_FILE_ENV];
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    // Another console already owns the database; it is brought to the front by its 'second-instance'.
    app.quit();
    return;
  }
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  let core: ShellCore | undefined;
  let mainWindow: BrowserWindow | undefined;
  const windows = (): WebContents[] => BrowserWindow.getAllWindows().map((w) => w.webContents);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    denyPermissions();
    const appPath = app.getAppPath();
    serveRenderer(join(appPath, 'dist', 'renderer'));
    const userDataDir = app.getPath('userData');
    try {
      const relays = relayListenFrom(process.argv, process.env);
      core = options.createCore({
        userDataDir,
        keyProvider: keyFile ? keyFileProvider(keyFile) : safeStorageKeyProvider(),
        log,
        ...(relays ? { relays } : {}),
      });
    } catch (error) {
      // Store and vault errors are written for people (which file, what to do); nothing is overwritten.
      dialog.showErrorBox(`${title} could not start`, error instanceof Error ? error.message : String(error));
      app.exit(1);
      return;
    }
    registerIpc(core.router, core.events, windows, log, (peer) => core?.connectionClosed?.(peer));
    Menu.setApplicationMenu(buildAppMenu({ developer: !app.isPackaged, appName: title }));
    mainWindow = createMainWindow({ preloadPath: join(appPath, 'dist', 'preload', 'index.cjs'), userDataDir, title });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  });

  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (!core || closing) return;
    // Let the core close the database cleanly (WAL checkpoint) before the process ends.
    event.preventDefault();
    closing = true;
    void core.close().finally(() => app.quit());
  });
}
