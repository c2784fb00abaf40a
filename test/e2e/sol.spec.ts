// Mission M5 part 1 in the browser: "Boot to BIOS (SOL)" with its confirmation, then the xterm.js terminal
// against the simulator's scripted BIOS (test/sim/sol-bios.ts) through the headless host: banner and setup
// title on screen, ArrowDown moves the selection, Disconnect closes — with no CSP violation on the way.
import type { Page } from '@playwright/test';
import { clientRow, expect, screenshot, test } from './support/console-fixture';

/** Must match test/sim/sol-bios.ts (the simulator is a peer we do not import from). */
const SETUP_TITLE = 'Aptio-ish Setup Utility (simulated)';
const BIOS_ITEMS = ['Main', 'Advanced', 'Boot', 'Security', 'Save & Exit'];

/** Collects CSP violations (DOM event) and CSP console errors from now on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.evaluate(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  return async () => [
    ...consoleErrors,
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ];
}

/** The terminal's visible rows as text, read from xterm's DOM renderer (no test hook in the app). */
function screenText(page: Page): Promise<string> {
  return page
    .getByTestId('terminal-screen')
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => r.textContent ?? '').join('\n'));
}

test('Boot to BIOS (SOL) opens a terminal on the simulated BIOS; keys move its selection', async ({
  consolePage: page,
  env,
}) => {
  const violations = await watchCsp(page);
  const hostName = env.hostNames[0]!;
  await clientRow(page, hostName).click();

  await page.getByTestId('boot-bios').click();
  const dialog = page.getByTestId('confirm-boot-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('confirm-targets')).toContainText(hostName);
  await screenshot(page, '21-sol-confirm-boot');
  await dialog.getByTestId('confirm-ok').click();

  const pane = page.getByTestId('terminal-pane');
  await expect(pane).toBeVisible();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('key-profile')).toHaveValue('vt100+');
  await expect.poll(() => screenText(page)).toContain(SETUP_TITLE);
  await expect.poll(() => screenText(page)).toContain(`> ${BIOS_ITEMS[0]}`);
  await expect.poll(() => screenText(page)).toContain(`Selected: ${BIOS_ITEMS[0]}`);

  // Keys typed into xterm go through our key table, one sol:send per key.
  await page.getByTestId('terminal-screen').click();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => screenText(page)).toContain(`> ${BIOS_ITEMS[1]}`);
  await expect.poll(() => screenText(page)).toContain(`Selected: ${BIOS_ITEMS[1]}`);
  expect(await screenText(page)).not.toContain(`> ${BIOS_ITEMS[0]}`);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => screenText(page)).toContain(`Selected: ${BIOS_ITEMS[2]}`);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => screenText(page)).toContain(`Selected: ${BIOS_ITEMS[1]}`);
  // Text xterm receives as input rather than as a mapped key (a paste, an AltGr character) reaches the host too.
  await page.keyboard.insertText('sol-ok');
  await expect.poll(() => screenText(page)).toContain('sol-ok');
  await screenshot(page, '20-sol-bios-terminal');

  // The boot shows up like any other action, per client.
  await expect(page.getByTestId('results-list')).toContainText('Boot to BIOS (SOL)');
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('terminal-connect')).toHaveAttribute('data-action', 'connect');
  expect(await violations()).toEqual([]);
});

test('the terminal opens for the selected client with Connect and reports a failure in words', async ({
  consolePage: page,
  env,
}) => {
  const violations = await watchCsp(page);
  // A PC without AMT: opening SOL must fail with words, not hang.
  await clientRow(page, env.hostNames[env.withoutAmt[0]!]!).click();
  await page.getByTestId('tab-terminal').click();
  await expect(page.getByTestId('terminal-pane')).toBeVisible();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('terminal-state')).toContainText('Failed:');

  // A PC with AMT: Connect shows the BIOS screen without a reboot.
  await clientRow(page, env.hostNames[2]!).click();
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
  await expect.poll(() => screenText(page)).toContain(SETUP_TITLE);
  // F11/F12 exist in VT100+ only (§5.2); the special-key buttons follow the profile.
  await expect(page.getByTestId('key-F11')).toBeEnabled();
  await page.getByTestId('key-profile').selectOption('pc-ansi');
  await expect(page.getByTestId('key-F11')).toBeDisabled();
  await expect(page.getByTestId('key-F1')).toBeEnabled();
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('key-F1')).toBeDisabled();
  expect(await violations()).toEqual([]);
});
