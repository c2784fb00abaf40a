// Issue 12 item 7 in the browser: a client's old-TLS setting is visible in its details pane (off by default,
// a warning while on) and changed there, through the headless host's IPC into the store (checked with a router
// client that does not go through the page) and the audit log. Reaching a TLS 1.0/1.1-only device with it is
// tested against the simulator in test/integration/api/legacy-tls-vs-sim.test.ts.
import { clientRow, expect, screenshot, test } from './support/console-fixture';

test('the details pane shows the old-TLS setting with a warning and turns it on and off', async ({
  consolePage: page,
  env,
}) => {
  const device = env.fleet.devices[0]!;
  const id = env.clientIds[0]!;
  const router = await env.router();
  try {
    const storedSetting = async (): Promise<boolean | undefined> => {
      const snapshot = await router.call('fleet:snapshot', {});
      return (snapshot.clients as Array<{ id: number; legacyTls: boolean }>).find((c) => c.id === id)?.legacyTls;
    };
    await clientRow(page, device.hostName).click();
    const card = page.getByTestId('details-legacy-tls');
    await expect(card).toHaveAttribute('data-legacy-tls', 'off');
    await expect(page.getByTestId('details-legacy-tls-state')).toHaveText('Off: TLS 1.2 or newer only');
    await expect(card).toContainText('Only AMT 11 and older need old TLS');

    await page.getByTestId('details-legacy-tls-toggle').click();
    await expect(card).toHaveAttribute('data-legacy-tls', 'on');
    await expect(page.getByTestId('details-legacy-tls-state')).toContainText(
      'Weak: TLS 1.0/1.1 allowed for this client',
    );
    await expect(page.getByTestId('details-legacy-tls-toggle')).toHaveText('Turn off old TLS');
    await expect(page.getByTestId('details-legacy-tls-error')).toHaveCount(0);
    expect(await storedSetting()).toBe(true);
    const audit = await router.call('audit:list', { target: device.hostName, limit: 1 });
    expect(audit[0]).toMatchObject({
      action: 'clients:set-legacy-tls',
      result: 'ok',
      detail: expect.stringMatching(/weak/),
    });
    await screenshot(page, 'legacy-tls-on');

    await page.getByTestId('details-legacy-tls-toggle').click();
    await expect(card).toHaveAttribute('data-legacy-tls', 'off');
    await expect(page.getByTestId('details-legacy-tls-state')).toHaveText('Off: TLS 1.2 or newer only');
    expect(await storedSetting()).toBe(false);
  } finally {
    // Leave the shared worker's console as other specs expect it.
    await router.reply('clients:set-legacy-tls', { ids: [id], enabled: false });
    await router.close();
  }
});
