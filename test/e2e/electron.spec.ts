// The desktop shell end to end (issue 3): Playwright's _electron launches dist/electron/main.cjs on a
// user-data folder seeded like the demo, and the same checks as the browser e2e run in the real window.
// It runs where the Electron binary exists; here (toolchain.md: no binary can be downloaded) it is skipped
// with its reason. Everything it checks is also checked in Chromium through the headless host
// (console.spec.ts, renderer-isolation.spec.ts), so it is never the only test of anything.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DEMO_SOFT_OFF, seedDemoConsole, startDemoFleet, type DemoFleet } from '../../scripts/demo-fleet.mjs';
import { connectRouterClient, startHostProcess } from './support/host-process';

const ROOT = resolve(import.meta.dirname, '../..');
/** A /24 of this suite's loopback range that the Chromium workers do not use. */
const ELECTRON_FLEET_BASE = '127.133.0.1';

function electronBinary(): { path: string } | { reason: string } {
  try {
    // The package exports the binary's path and throws when the binary was never downloaded.
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `the Electron binary is missing at ${String(path)}` };
  } catch (error) {
    return { reason: `the Electron binary is not installed here (${String((error as Error).message).split('\n')[0]})` };
  }
}

const binary = electronBinary();
const skipReason =
  'reason' in binary
    ? `Electron e2e skipped: ${binary.reason}; the same checks ran in Chromium through the headless host`
    : '';

let app: ElectronApplication | undefined;
let fleet: DemoFleet | undefined;
let userDataDir: string | undefined;
let hostNames: readonly string[] = [];

test.beforeAll(async () => {
  if (!('path' in binary)) {
    // The list reporter shows a skip without its annotation: print the one-line reason, then skip.
    console.log(skipReason);
    test.skip(true, skipReason);
    return;
  }
  const demo = await startDemoFleet({ baseAddress: ELECTRON_FLEET_BASE });
  fleet = demo.fleet;
  hostNames = fleet.devices.map((d) => d.hostName);
  // Seed through the headless host, then stop it: only one process may hold the database at a time.
  const host = await startHostProcess();
  userDataDir = host.userDataDir;
  const router = await connectRouterClient(host);
  await seedDemoConsole((channel, request) => router.call(channel, request), fleet, demo.password);
  await router.close();
  await host.stop({ keepUserData: true });
  app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT],
    env: { ...process.env, AMT_CONSOLE_USER_DATA: userDataDir, AMT_CONSOLE_KEY_FILE: join(userDataDir, 'vault.key') },
  });
});

test.afterAll(async () => {
  await app?.close();
  await fleet?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

test('the Electron window shows the tree, has no Node in the page, and powers on a client live', async () => {
  const window = await app!.firstWindow();
  await expect(window.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await expect(window.getByTestId('tree-relay')).toHaveCount(2);
  await expect(window.getByTestId('tree-client')).toHaveCount(hostNames.length);
  const page = await window.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    frozen: Object.isFrozen((window as unknown as { amt: object }).amt),
  }));
  expect(page).toEqual({ require: 'undefined', process: 'undefined', frozen: true });
  // The main process runs with contextIsolation and sandbox, as main/electron sets them.
  const prefs = await app!.evaluate(({ BrowserWindow }) => {
    const preferences = (
      BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }
    ).getLastWebPreferences();
    return {
      contextIsolation: preferences.contextIsolation,
      sandbox: preferences.sandbox,
      nodeIntegration: preferences.nodeIntegration,
    };
  });
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });

  const row = window.locator(`[data-testid="tree-client"][data-host-name="${hostNames[DEMO_SOFT_OFF[0]!]}"]`);
  await expect(row).toHaveAttribute('data-power', 'soft-off');
  await row.click();
  await window.getByTestId('toolbar-power-on').click();
  await expect(row).toHaveAttribute('data-power', 'on');
});
