// M7 in the browser (issue 8 item 4): AMT credentials per relay subtree and per client, set and removed in the
// "AMT credentials" dialog, and each client's details saying which profile reaches it. The demo's relays: West is
// below East, so East's profile covers West's clients too. Stored state is checked with a router client that does
// not go through the page; no frame the page receives holds a password.
import { clientRow, expect, screenshot, test } from './support/console-fixture';

test('a relay subtree profile and a client profile are set and removed in the UI, and the details say which applies', async ({
  consolePage: page,
  env,
}) => {
  const received: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) =>
      received.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')),
    );
  });
  // Frames are recorded from a fresh load on.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  const belowWest = 9;
  const ownProfile = 6; // below East, with AMT (5 has no AMT and a profile the fixture seeded)
  const router = await env.router();
  const source = page.getByTestId('details-credentials-source');
  try {
    await clientRow(page, env.hostNames[belowWest]!).click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByTestId('details-credentials')).toHaveAttribute('data-source', 'default');
    await expect(source).toHaveText(/managing server's default profile/);

    // The relay's profile, from the toolbar.
    await page.getByTestId('toolbar-credentials').click();
    const dialog = page.getByTestId('credentials-dialog');
    await expect(dialog.getByTestId('credentials-row').first()).toBeVisible();
    await dialog.getByTestId('credentials-target').selectOption({ label: 'Relay “Relay Manager East” (its subtree)' });
    await dialog.getByTestId('credentials-user').fill('admin');
    await dialog.getByTestId('credentials-password').fill(env.devicePassword);
    await dialog.getByTestId('credentials-save').click();
    await expect(dialog.getByTestId('credentials-saved')).toHaveText(
      /Saved for Relay “Relay Manager East” and every client below it/,
    );
    await expect(dialog.locator('[data-testid="credentials-row"][data-scope="relay"]')).toContainText('Stored');
    await expect(dialog.getByTestId('credentials-password')).toHaveValue('');
    await screenshot(page, 'credentials-01-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A client below West (below East) now uses East's profile, and AMT answers with it.
    await page.getByTestId('details-reload').click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByTestId('details-credentials')).toHaveAttribute('data-source', 'relay');
    await expect(source).toHaveText(/relay “Relay Manager East” \(it covers the relay's whole subtree\)/);
    await expect(page.getByTestId('details-amt-version')).not.toContainText('N/A');

    // A client's own profile, from its details pane.
    await clientRow(page, env.hostNames[ownProfile]!).click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
    await page.getByTestId('details-credentials-edit').click();
    await dialog.getByTestId('credentials-target').selectOption({ label: `Client ${env.hostNames[ownProfile]} only` });
    await dialog.getByTestId('credentials-password').fill(env.devicePassword);
    await dialog.getByTestId('credentials-save').click();
    await expect(dialog.getByTestId('credentials-saved')).toHaveText(
      new RegExp(`Saved for Client ${env.hostNames[ownProfile]} only`),
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('details-reload').click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
    await expect(source).toHaveText("This client's own profile");
    await expect(page.getByTestId('details-amt-version')).not.toContainText('N/A');
    await screenshot(page, 'credentials-02-details-own-profile');

    const stored = (await router.call('profiles:list', {})) as Array<{
      scope: string;
      targetId: number | null;
      hasPassword: boolean;
    }>;
    expect(stored.filter((p) => p.scope === 'relay')).toHaveLength(1);
    expect(stored.some((p) => p.scope === 'client' && p.targetId === env.clientIds[ownProfile])).toBe(true);

    // Both removed again in the dialog: the default applies once more.
    await page.getByTestId('toolbar-credentials').click();
    await dialog
      .locator('[data-testid="credentials-row"][data-scope="relay"]')
      .getByTestId('credentials-remove')
      .click();
    await expect(dialog.getByTestId('credentials-saved')).toHaveText(
      /Removed: Relay “Relay Manager East” and every client below it now use the profile above/,
    );
    await dialog
      .locator(`[data-testid="credentials-row"][data-target="${env.clientIds[ownProfile]}"]`)
      .getByTestId('credentials-remove')
      .click();
    await expect(
      dialog.locator(`[data-testid="credentials-row"][data-target="${env.clientIds[ownProfile]}"]`),
    ).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await clientRow(page, env.hostNames[belowWest]!).click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByTestId('details-credentials')).toHaveAttribute('data-source', 'default');

    const audit = (await router.call('audit:list', { limit: 50 })) as Array<{ action: string; result: string }>;
    expect(audit.filter((e) => e.action === 'profiles:remove' && e.result === 'ok')).toHaveLength(2);
    for (const frame of received) expect(frame).not.toContain(env.devicePassword);
  } finally {
    // Leave the shared worker's console as other specs expect it (no-ops when the UI removed them).
    const left = (await router.call('profiles:list', {})) as Array<{ scope: string; targetId: number | null }>;
    for (const p of left) {
      const ours = p.scope === 'relay' || (p.scope === 'client' && p.targetId === env.clientIds[ownProfile]);
      if (ours && p.targetId !== null) await router.reply('profiles:remove', { scope: p.scope, targetId: p.targetId });
    }
    await router.close();
  }
});
