// Credentials never reach the renderer (issue 3): every WebSocket frame the page receives during a scripted
// session is recorded, and neither the device passwords nor the stored profile password appear in any of
// them, nor in the host process's stdout/stderr.
import { clientRow, expect, STORED_PROFILE_PASSWORD, test } from './support/console-fixture';

/** The ways a secret could be spelled on the wire besides itself. */
function spellings(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
  ];
}

test('no password in any frame the page receives or in the host output', async ({ page, env }) => {
  const received: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) =>
      received.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')),
    );
  });
  await page.goto(env.host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');

  // A scripted session: every client's details (reads AMT, including the PC with the other password),
  // a refresh of all, a power action, the profile list and the audit log through window.amt.
  for (const name of env.hostNames) {
    await clientRow(page, name).click();
    await expect(page.getByTestId('details-pane')).toHaveAttribute('aria-busy', 'false');
  }
  await page.getByTestId('tree-server').click();
  await page.keyboard.press('Control+a');
  await page.getByTestId('toolbar-refresh').click();
  await expect(
    page.locator(`[data-testid="result-line"][data-client-id="${env.clientIds[env.wrongPassword]}"]`),
  ).toHaveAttribute('data-state', 'failed');
  const softOff = env.softOff[env.softOff.length - 1]!;
  await clientRow(page, env.hostNames[softOff]!).click();
  await page.getByTestId('toolbar-power-on').click();
  await expect(page.locator(`[data-testid="result-line"][data-client-id="${env.clientIds[softOff]}"]`)).toHaveAttribute(
    'data-state',
    /ok|failed/,
  );
  const views = await page.evaluate(async () => {
    const amt = (
      window as unknown as {
        amt: { profilesList(r: object): Promise<unknown>; auditList(r: object): Promise<unknown> };
      }
    ).amt;
    return { profiles: await amt.profilesList({}), audit: await amt.auditList({ limit: 1000 }) };
  });

  // The session really carried the data a leak would ride on: profiles (with hasPassword), details, results.
  expect(JSON.stringify(views.profiles)).toContain('"hasPassword":true');
  const all = received.join('\n');
  expect(received.length).toBeGreaterThan(env.hostNames.length);
  expect(all).toContain('"hasPassword":true');
  expect(all).toContain('auth-failed');
  expect(all).toContain(env.fleet.devices[0]!.amtVersion);

  const secrets = [env.devicePassword, env.otherDevicePassword, STORED_PROFILE_PASSWORD];
  for (const secret of secrets) {
    for (const spelled of spellings(secret)) {
      expect(all.includes(spelled), `a frame to the page contains a password (as "${spelled.slice(0, 3)}…")`).toBe(
        false,
      );
    }
  }

  // The host process's own output over the whole run so far (seeding, every test in this worker).
  const output = env.host.output();
  expect(output).toContain('Open: http://127.0.0.1:');
  for (const secret of secrets) {
    for (const spelled of spellings(secret))
      expect(output.includes(spelled), 'the host printed a password').toBe(false);
  }
});
