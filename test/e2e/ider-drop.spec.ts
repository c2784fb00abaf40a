// Issue 9: an image file dropped on the IDE-R panel, in Debian's Chromium through the headless host. With the
// Electron preload's window.amtFiles (here a stand-in injected before the page loads, answering the file's path on
// this computer as webUtils.getPathForFile does) the drop fills the path and the medium from the file name, and the
// panel serves that very file to the simulated host byte for byte. In a plain browser (no amtFiles) the panel says
// it cannot learn a dropped file's path, still picking the medium; two files at once are refused in words.
// Screenshots 57-58.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { SimDevice } from '../sim/index';
import { clientRow, expect, screenshot, test } from './support/console-fixture';

const CLIENT = 9;
const FLOPPY_BYTES = 2880 * 512;

let dir = '';
let floppy = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-ider-drop-'));
  floppy = join(dir, 'diag.img');
  const bytes = Buffer.alloc(FLOPPY_BYTES);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE(Math.imul(i + 3, 2654435761) >>> 0, i);
  writeFileSync(floppy, bytes);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Drops files with these names (small stand-in contents) on the IDE-R panel, as the user's mouse would. */
async function dropFiles(page: Page, names: readonly string[]): Promise<void> {
  await page.getByTestId('ider-pane').evaluate((pane, fileNames) => {
    const data = new DataTransfer();
    for (const name of fileNames) data.items.add(new File([new Uint8Array(512)], name));
    pane.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    pane.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, names);
}

test('with the desktop shell, a dropped floppy image fills the form and is served byte for byte', async ({
  page,
  env,
}) => {
  // What the Electron preload exposes (preload/index.ts), answering for the one file this test drops.
  await page.addInitScript(
    (paths: Record<string, string>) => {
      const pathOf = (file: File): string => paths[file.name] ?? '';
      Object.defineProperty(window, 'amtFiles', { value: Object.freeze({ pathOf }) });
    },
    { 'diag.img': floppy },
  );
  await page.goto(env.host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  const device = env.fleet.devices[CLIENT] as SimDevice;
  await clientRow(page, env.hostNames[CLIENT]!).click();
  await page.getByTestId('tab-ider').click();
  await page.getByTestId('ider-media').selectOption('cd');

  await dropFiles(page, ['diag.img']);
  await expect(page.getByTestId('ider-path')).toHaveValue(floppy);
  await expect(page.getByTestId('ider-media')).toHaveValue('floppy');
  await expect(page.getByTestId('ider-path-error')).toHaveCount(0);
  await screenshot(page, '57-ider-image-dropped');

  await page.getByTestId('ider-start').click();
  await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
  const read = await (await device.waitForIder()).readSectors('floppy', 0, 2880, { retryUnitAttention: true });
  expect(read.good).toBe(true);
  expect(Buffer.from(read.data).equals(readFileSync(floppy))).toBe(true);
  await page.getByTestId('ider-stop').click();
  await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'stopped');
});

test('in a plain browser the panel says it cannot learn the path; two files are refused', async ({
  consolePage: page,
  env,
}) => {
  await clientRow(page, env.hostNames[CLIENT]!).click();
  await page.getByTestId('tab-ider').click();
  await page.getByTestId('ider-media').selectOption('floppy');
  await page.getByTestId('ider-path').fill('');

  await dropFiles(page, ['rescue.iso']);
  await expect(page.getByTestId('ider-path-error')).toHaveText(
    'This browser does not tell the console where a dropped file is: type or paste its path on this computer instead.',
  );
  await expect(page.getByTestId('ider-media')).toHaveValue('cd');
  await expect(page.getByTestId('ider-path')).toHaveValue('');
  await screenshot(page, '58-ider-drop-in-browser');

  await dropFiles(page, ['a.img', 'b.img']);
  await expect(page.getByTestId('ider-path-error')).toHaveText(
    'Drop one image file (a floppy image or a CD/ISO image).',
  );
});
