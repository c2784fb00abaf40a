// IPv6 client addresses in the browser (issue 9): the Add client form refuses a zone and a link-local address at
// the IP field with its reason (nothing is sent), takes a simulated AMT PC on ::1 typed in full, and the console
// stores and shows it as ::1, reads its details from AMT and opens its BIOS on SOL in the terminal, all over IPv6.
// Sockets: the demo fleet of the console fixture, plus one simulated PC on ::1 at ports V6_BASE_PORT + 8 × worker.
import { DEFAULT_SIM_PASSWORD, SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../sim/index';
import { clientRow, expect, screenshot, test } from './support/console-fixture';

const V6_BASE_PORT = 23_700;
const PORTS_PER_WORKER = 8;
const HOST_NAME = 'pc-ipv6-e2e';

let fleet: Fleet | undefined;

test.afterAll(async () => {
  await fleet?.close();
});

test('a PC at ::1: refused zone and link-local at the field, then added, its details read and SOL opened', async ({
  consolePage: page,
  env,
}, testInfo) => {
  fleet = await startFleet({
    count: 1,
    singleAddress: '::1',
    basePort: V6_BASE_PORT + PORTS_PER_WORKER * testInfo.parallelIndex,
    password: DEFAULT_SIM_PASSWORD,
    seed: 'e2e-v6',
    timeScale: 0.01,
  });
  expect(env.devicePassword).toBe(DEFAULT_SIM_PASSWORD); // the console's default profile fits this PC too
  const d = fleet.devices[0] as SimDevice;

  await page.getByTestId('toolbar-add-client').click();
  await page.getByTestId('add-client-host').fill(HOST_NAME);
  const ip = page.getByTestId('add-client-ip');
  const ipError = page.getByTestId('add-client-ip-error');
  await ip.fill('fe80::1%eth0');
  await expect(ipError).toContainText('has a zone (%eth0); the console does not support IPv6 zones');
  await expect(ip).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('add-client-submit')).toBeDisabled();
  await ip.fill('fe80::1');
  await expect(ipError).toContainText('link-local IPv6 address (fe80::/10)');
  await screenshot(page, '70-add-client-ipv6-refused');
  await ip.fill('0:0:0:0:0:0:0:1');
  await expect(ipError).toHaveCount(0);
  await page.locator('#ac-port').fill(String(d.httpPort));
  await page.locator('#ac-amt').fill(d.amtVersion); // a client without a version is N/A and never contacted
  await page.getByTestId('add-client-submit').click();
  await expect(page.getByTestId('add-client-dialog')).toHaveCount(0);

  const row = clientRow(page, HOST_NAME);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('::1');
  const requestsBefore = d.stats.requests;
  await row.click();
  const network = page.getByTestId('details-network');
  await expect(network).toContainText('::1');
  await expect(page.getByTestId('details-amt-version')).toContainText(d.amtVersion);
  await expect.poll(() => d.stats.requests).toBeGreaterThan(requestsBefore); // the PC on ::1 was asked

  await page.getByTestId('tab-terminal').click();
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('terminal-screen')).toContainText(SETUP_TITLE);
  expect(d.solActive()).toBe(true);
  await screenshot(page, '71-ipv6-client-sol');
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-state')).toHaveAttribute('data-state', 'closed');

  // The worker's console is shared with other spec files that count its clients: take this one out again.
  const router = await env.router();
  try {
    const snapshot = (await router.call('fleet:snapshot', {})) as { clients: Array<{ id: number; hostName: string }> };
    const added = snapshot.clients.filter((c) => c.hostName === HOST_NAME).map((c) => c.id);
    expect(await router.call('clients:remove', { ids: added })).toEqual({ removed: 1 });
  } finally {
    await router.close();
  }
  await expect(row).toHaveCount(0);
});
