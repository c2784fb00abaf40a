// Issue 9 in Debian's Chromium through the headless host, against the demo's simulated fleet: a client in client
// control mode asks for the user's consent when its terminal is opened — the console has AMT show a code on the
// PC's screen, a wrong code says so and keeps the dialog, a code that is gone (taken off the screen, as after its
// timeout) says so and offers a new one, the right code opens the terminal on the BIOS; Boot to BIOS asks for consent
// before anything is sent, then boots and opens the terminal; so does "Boot from the floppy (SOL)", which then
// serves, opens the terminal and boots as one action; a client with IDE-R and
// the redirection listener off offers to turn them on, says what it changed, and serves the image. Screenshots
// 50-54 in test-results/screenshots/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimDevice } from '../sim/index';
import { clientRow, expect, screenshot, test } from './support/console-fixture';

const OPT_IN_NONE = 0;
const OPT_IN_ALL = 4294967295;
const CONSENT_CLIENT = 9;
const REDIRECTION_CLIENT = 4;

test('client control mode: a consent code is asked for; wrong and gone codes say so; the right one opens SOL', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[CONSENT_CLIENT] as SimDevice;
  const router = await env.router();
  device.setOptInRequired(OPT_IN_ALL);
  try {
    await clientRow(page, env.hostNames[CONSENT_CLIENT]!).click();
    await page.getByTestId('tab-terminal').click();
    await page.getByTestId('terminal-connect').click();
    const dialog = page.getByTestId('consent-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('consent-instructions')).toContainText('client control mode');
    await expect(page.getByTestId('consent-instructions')).toContainText('valid for 120 seconds');
    await expect.poll(() => device.optInCode()).not.toBeNull();
    const code = (): string => String(device.optInCode() as number).padStart(6, '0');

    // Not six digits: said at once, nothing sent.
    await page.getByTestId('consent-code').fill('12ab');
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('consent-error')).toHaveText(/Enter the 6 digits shown on the PC's screen/);

    const wrong = String((Number(code()) + 1) % 1_000_000).padStart(6, '0');
    await page.getByTestId('consent-code').fill(wrong);
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('consent-error')).toContainText("not the code shown on the PC's screen");
    await screenshot(page, '50-consent-wrong-code');

    // The code leaves the screen (as when its time runs out): the right digits are too late and a new code is offered.
    const old = code();
    await router.call('consent:cancel', { id: env.clientIds[CONSENT_CLIENT] });
    await page.getByTestId('consent-code').fill(old);
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('consent-error')).toContainText(
      /no consent code is shown on the PC's screen any more/i,
    );
    await screenshot(page, '51-consent-code-gone');
    await page.getByTestId('consent-new-code').click();
    await expect(page.getByTestId('consent-instructions')).toHaveAttribute('data-phase', 'ready');
    await expect.poll(() => device.optInCode()).not.toBeNull();

    await page.getByTestId('consent-code').fill(code());
    await page.getByTestId('consent-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('terminal-screen')).toContainText('Aptio-ish Setup Utility (simulated)');
    await screenshot(page, '52-consent-given-terminal');

    const audit = (await router.call('audit:list', { target: env.hostNames[CONSENT_CLIENT], limit: 20 })) as Array<{
      action: string;
      result: string;
      detail: string;
    }>;
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(
      expect.arrayContaining(['consent:send-code ok', 'consent:send-code failed', 'consent:start ok', 'sol:open ok']),
    );
    await page.getByTestId('terminal-connect').click(); // disconnect
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'closed');
  } finally {
    device.setOptInRequired(OPT_IN_NONE);
    await router.close();
  }
});

test('client control mode: Boot to BIOS asks for consent first, then boots and opens the terminal', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[CONSENT_CLIENT] as SimDevice;
  device.setOptInRequired(OPT_IN_ALL);
  try {
    const bootsBefore = device.actionsReceived().reset + device.actionsReceived().powerOn;
    await clientRow(page, env.hostNames[CONSENT_CLIENT]!).click();
    await page.getByTestId('boot-bios').click();
    await page.getByTestId('confirm-boot-dialog').getByTestId('confirm-ok').click();
    // Refused before anything changed on the PC: the consent dialog, nothing reset.
    await expect(page.getByTestId('consent-dialog')).toBeVisible();
    expect(device.nextBoot().target).toBe('default');
    await expect.poll(() => device.optInCode()).not.toBeNull();
    await page.getByTestId('consent-code').fill(String(device.optInCode() as number).padStart(6, '0'));
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('consent-dialog')).toHaveCount(0);
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('terminal-screen')).toContainText('Aptio-ish Setup Utility (simulated)');
    expect(device.actionsReceived().reset + device.actionsReceived().powerOn).toBe(bootsBefore + 1);
    await page.getByTestId('terminal-connect').click(); // disconnect
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'closed');
  } finally {
    device.setOptInRequired(OPT_IN_NONE);
  }
});

test('client control mode: "Boot from the floppy (SOL)" asks for consent, then serves, opens SOL and boots', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[CONSENT_CLIENT] as SimDevice;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-consent-boot-'));
  const floppy = join(dir, 'diag.img');
  writeFileSync(floppy, Buffer.alloc(2880 * 512, 0x44));
  device.setOptInRequired(OPT_IN_ALL);
  try {
    await clientRow(page, env.hostNames[CONSENT_CLIENT]!).click();
    await page.getByTestId('tab-ider').click();
    await page.getByTestId('ider-media').selectOption('floppy');
    await page.getByTestId('ider-path').fill(floppy);
    await page.getByTestId('ider-boot').click();
    await page.getByTestId('confirm-boot-image-dialog').getByTestId('confirm-ok').click();
    await expect(page.getByTestId('consent-dialog')).toBeVisible();
    expect(device.redirectionStats().iderSessions).toBe(0);
    await expect.poll(() => device.optInCode()).not.toBeNull();
    await page.getByTestId('consent-code').fill(String(device.optInCode() as number).padStart(6, '0'));
    await page.getByTestId('consent-submit').click();
    // The same one action goes on: IDE-R serving, the terminal open, one boot to the redirected floppy.
    await expect.poll(() => device.lastBoot()?.plan.target).toBe('ider-floppy');
    await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('tab-ider').click();
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
    await page.getByTestId('ider-stop').click();
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'stopped');
  } finally {
    device.setOptInRequired(OPT_IN_NONE);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('IDE-R and the listener off: the console offers to turn them on, says what it changed, and serves', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[REDIRECTION_CLIENT] as SimDevice;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-redirection-'));
  const floppy = join(dir, 'diag.img');
  writeFileSync(floppy, Buffer.alloc(2880 * 512, 0x33));
  await device.configureRedirection({ enabledState: 32770, listenerEnabled: false }); // SOL only, listener off
  try {
    await clientRow(page, env.hostNames[REDIRECTION_CLIENT]!).click();
    await page.getByTestId('tab-ider').click();
    await page.getByTestId('ider-media').selectOption('floppy');
    await page.getByTestId('ider-path').fill(floppy);
    await page.getByTestId('ider-start').click();
    const dialog = page.getByTestId('enable-redirection-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('enable-redirection-words')).toContainText(
      'IDE redirection is switched off and the redirection listener (ports 16994/16995) is off',
    );
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'failed');
    await screenshot(page, '53-redirection-off-offer');
    await page.getByTestId('enable-redirection-ok').click();
    await expect(page.getByTestId('enable-redirection-changes')).toContainText('IDE redirection switched on');
    await expect(page.getByTestId('enable-redirection-changes')).toContainText(
      'the redirection listener (ports 16994/16995) turned on',
    );
    expect(device.redirectionSettings()).toMatchObject({ enabledState: 32771, listenerEnabled: true });
    await screenshot(page, '54-redirection-turned-on');
    await page.getByTestId('enable-redirection-continue').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'active');
    const fw = await device.waitForIder();
    expect((await fw.readSectors('floppy', 0, 8, { retryUnitAttention: true })).good).toBe(true);
    await page.getByTestId('ider-stop').click();
    await expect(page.getByTestId('ider-state')).toHaveAttribute('data-state', 'stopped');
  } finally {
    await device.configureRedirection({ enabledState: 32771, listenerEnabled: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
