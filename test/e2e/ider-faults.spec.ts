// Issue 9 faults in the IDE-R panel, in Debian's Chromium through the headless host against the demo's simulated
// fleet: a device that drops the connection mid-transfer (the panel says the device ended it, the audit log has the
// failed stop, and the next start serves again) and a device whose IDE-R another console holds (the built amtctl
// serving an image to it: the panel says another console holds it; once that console stops, the panel serves).
// After each the console stays usable (another client's details load). Screenshots 55-56.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { SimDevice } from '../sim/index';
import { killAmtctlChildren, spawnAmtctl } from '../support/spawn-amtctl';
import { clientRow, expect, screenshot, test, type ConsoleEnv } from './support/console-fixture';

const DROP_CLIENT = 6;
const BUSY_CLIENT = 2;
const OTHER_CLIENT = 0;

let dir = '';
let floppy = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-ider-faults-'));
  floppy = join(dir, 'diag.img');
  writeFileSync(floppy, Buffer.alloc(2880 * 512, 0x7e));
});
test.afterAll(() => {
  killAmtctlChildren();
  rmSync(dir, { recursive: true, force: true });
});

async function serveFromPanel(page: Page, env: ConsoleEnv, index: number): Promise<void> {
  await clientRow(page, env.hostNames[index]!).click();
  await page.getByTestId('tab-ider').click();
  await page.getByTestId('ider-media').selectOption('floppy');
  await page.getByTestId('ider-path').fill(floppy);
  await page.getByTestId('ider-start').click();
}

/** The console still answers: another client's details load. */
async function stillUsable(page: Page, env: ConsoleEnv): Promise<void> {
  await clientRow(page, env.hostNames[OTHER_CLIENT]!).click();
  await page.getByTestId('tab-details').click();
  await expect(page.getByTestId('details-pane')).toContainText(env.hostNames[OTHER_CLIENT]!);
}

test('a device that drops mid-transfer: the panel says so, the console stays usable, the next start serves', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[DROP_CLIENT] as SimDevice;
  device.setFault('iderDropMidTransfer', true);
  try {
    await serveFromPanel(page, env, DROP_CLIENT);
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
    const fw = await device.waitForIder();
    await expect(fw.readSectors('floppy', 0, 2880, { retryUnitAttention: true })).rejects.toThrow(/dropped/);
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('ider-state')).toContainText(/closed the connection|ended/);
    await screenshot(page, '55-ider-dropped-mid-transfer');
    const router = await env.router();
    try {
      const audit = (await router.call('audit:list', { target: env.hostNames[DROP_CLIENT], limit: 3 })) as Array<{
        action: string;
        result: string;
      }>;
      expect(audit[0]).toMatchObject({ action: 'ider:stop', result: 'failed' });
    } finally {
      await router.close();
    }
    await stillUsable(page, env);

    device.setFault('iderDropMidTransfer', false);
    await serveFromPanel(page, env, DROP_CLIENT);
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
    expect((await (await device.waitForIder()).readSectors('floppy', 0, 4, { retryUnitAttention: true })).good).toBe(
      true,
    );
    await page.getByTestId('ider-stop').click();
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'stopped');
  } finally {
    device.setFault('iderDropMidTransfer', false);
  }
});

test('a device whose IDE-R another console holds: the panel says so; once it stops, the panel serves', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[BUSY_CLIENT] as SimDevice;
  const other = spawnAmtctl(
    ['ider', device.host, '--floppy', floppy, '--json'],
    { XDG_CONFIG_HOME: dir, AMT_PASSWORD: env.devicePassword },
    { limitMs: 60_000 },
  );
  await expect.poll(() => other.stdout(), { timeout: 15_000 }).toContain('"event":"started"');
  const busyBefore = device.redirectionStats().busyRefusals;

  await serveFromPanel(page, env, BUSY_CLIENT);
  await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('ider-state')).toContainText(
    /Another console holds the IDE-R session of .*; try again when it has ended/,
  );
  expect(device.redirectionStats().busyRefusals).toBe(busyBefore + 1);
  await screenshot(page, '56-ider-busy-other-console');
  await stillUsable(page, env);

  other.child.kill('SIGINT');
  expect((await other.result).code).toBe(0);
  await expect.poll(() => device.ider()).toBeUndefined();
  await serveFromPanel(page, env, BUSY_CLIENT);
  await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
  await page.getByTestId('ider-stop').click();
  await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'stopped');
});
