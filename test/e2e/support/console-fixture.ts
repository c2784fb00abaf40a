// Playwright fixture for the browser e2e: per worker, the demo's simulated fleet (scripts/demo-fleet.mjs,
// the same seeding `npm run demo` uses) on this suite's loopback range, and the headless host as its own
// process on a fresh user-data folder, seeded through the host's WebSocket. Both stop when the worker ends.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEMO_SOFT_OFF,
  DEMO_WITHOUT_AMT,
  DEMO_WRONG_PASSWORD,
  seedDemoConsole,
  startDemoFleet,
  type DemoFleet,
} from '../../../scripts/demo-fleet.mjs';
import { connectRouterClient, startHostProcess, type HostProcess, type RouterClient } from './host-process';

/** This suite's loopback range is 127.130.0.0–127.134.255.255; each worker gets its own /24. */
const FLEET_BASE_OCTETS = [127, 130];
/** A stored credential profile that is never used on the wire (the PC has no AMT); must never reach the page. */
export const STORED_PROFILE_PASSWORD = 'E2e-Stored-Pr0file#9';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/screenshots');

export interface ConsoleEnv {
  readonly host: HostProcess;
  readonly fleet: DemoFleet;
  /** The fleet's password (also the default profile's). */
  readonly devicePassword: string;
  /** What the wrong-password PC expects instead (the simulator appends 'Zz'). */
  readonly otherDevicePassword: string;
  readonly hostNames: readonly string[];
  readonly clientIds: readonly number[];
  readonly softOff: readonly number[];
  readonly withoutAmt: readonly number[];
  readonly wrongPassword: number;
  /** A fresh router client (Node WebSocket), for checks that must not go through the page. */
  router(): Promise<RouterClient>;
}

export const test = base.extend<{ consolePage: Page }, { env: ConsoleEnv }>({
  env: [
    async ({}, use, workerInfo) => {
      const baseAddress = `${FLEET_BASE_OCTETS.join('.')}.${workerInfo.parallelIndex}.1`;
      const { fleet, password } = await startDemoFleet({ baseAddress });
      let host: HostProcess | undefined;
      try {
        host = await startHostProcess();
        const seeding = await connectRouterClient(host);
        const seeded = await seedDemoConsole((channel, request) => seeding.call(channel, request), fleet, password);
        await seeding.call('profiles:set', {
          scope: 'client',
          targetId: seeded.ids[DEMO_WITHOUT_AMT[0]!],
          user: 'admin',
          password: STORED_PROFILE_PASSWORD,
        });
        await seeding.close();
        const running = host;
        await use({
          host: running,
          fleet,
          devicePassword: password,
          otherDevicePassword: `${password}Zz`,
          hostNames: fleet.devices.map((d) => d.hostName),
          clientIds: seeded.ids,
          softOff: DEMO_SOFT_OFF,
          withoutAmt: DEMO_WITHOUT_AMT,
          wrongPassword: DEMO_WRONG_PASSWORD,
          router: () => connectRouterClient(running),
        });
      } finally {
        await host?.stop();
        await fleet.close();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  /** The console opened through the host's one-time URL, its tree loaded. */
  consolePage: async ({ page, env }, use) => {
    await page.goto(env.host.url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    await use(page);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** The tree row of one PC, found by its host name. */
export function clientRow(page: Page, hostName: string) {
  return page.locator(`[data-testid="tree-client"][data-host-name="${hostName}"]`);
}
