// Browser e2e for M4 and M2/M3 at fleet scale, in Debian's Chromium through the headless host (its own process):
// a simulated PC registers (discovery), its host ID goes to AMT storage, the PC is re-installed (new OS identity,
// AMT flash kept), it registers again and the details show one asset with both periods; a PC without 3PDS shows
// the platform-UUID note, and re-installed it is still one asset with both periods and the note; the eligibility
// filter and the prerequisites report (with CSV) for the fleet.
// Screenshots in test-results/screenshots/. Loopback range of this file: 127.100.70.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startFleet, DEFAULT_SIM_PASSWORD, type Fleet, type SimDevice } from '../sim/index';
import { clientRow, screenshot } from './support/console-fixture';
import { connectRouterClient, startHostProcess, type HostProcess, type RouterClient } from './support/host-process';

interface Env {
  readonly fleet: Fleet;
  readonly host: HostProcess;
  readonly router: RouterClient;
}

const test = base.extend<{}, { env: Env }>({
  env: [
    async ({}, use, workerInfo) => {
      const flash = mkdtempSync(join(tmpdir(), 'e2e-flash-'));
      const fleet = await startFleet({
        count: 3,
        baseAddress: `127.100.70.${1 + workerInfo.parallelIndex * 10}`,
        seed: `e2e-host-id-${workerInfo.parallelIndex}`,
        timeScale: 0.02,
        storageDir: flash,
        faults: { '1': ['noThirdPartyStorage'] },
        keyPoolSize: 1,
      });
      let host: HostProcess | undefined;
      let router: RouterClient | undefined;
      try {
        host = await startHostProcess();
        router = await connectRouterClient(host);
        await router.call('profiles:set', {
          scope: 'default',
          targetId: null,
          user: 'admin',
          password: DEFAULT_SIM_PASSWORD,
        });
        await router.call('relays:add', {
          name: 'Relay East',
          kind: 'relay-system',
          host: 'east.example',
          os: 'Windows Server 2012',
          agentVersion: '08-50',
        });
        await use({ fleet, host, router });
      } finally {
        await router?.close();
        await host?.stop();
        await fleet.close();
        rmSync(flash, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

const device = (env: Env, i: number): SimDevice => env.fleet.devices[i] as SimDevice;

test('re-install story: one asset with both periods in its history', async ({ page, env }) => {
  const d = device(env, 0);
  const firstName = d.hostName;
  await env.router.call('clients:discover', { range: d.host });
  await page.goto(env.host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await clientRow(page, firstName).click();
  const card = page.getByTestId('details-host-id');
  await expect(card.getByTestId('host-id-kept')).toHaveAttribute('data-kept', 'amt-storage');
  const hostId = (await card.getByTestId('host-id-value').textContent())?.trim() ?? '';
  expect(hostId).toMatch(/^[0-9a-f-]{36}$/);

  const os = d.reinstall();
  await env.router.call('clients:discover', { range: d.host });
  // The tree renames the asset; there is no duplicate under the old name.
  await expect(clientRow(page, os.hostName)).toHaveCount(1);
  await expect(clientRow(page, firstName)).toHaveCount(0);
  await clientRow(page, os.hostName).click();
  await expect(card.getByTestId('host-id-value')).toHaveText(hostId);
  const periods = card.getByTestId('host-id-period');
  await expect(periods).toHaveCount(2);
  await expect(periods.nth(0)).toHaveAttribute('data-host-name', firstName);
  await expect(periods.nth(1)).toHaveAttribute('data-host-name', os.hostName);
  await expect(periods.nth(0)).toContainText('re-installed');
  await expect(page.getByTestId('details-audit')).toContainText('host-id:register');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'host-id-01-reinstall-history');
});

test('a PC without Third Party Data Storage is keyed by its platform UUID, with a visible note', async ({
  page,
  env,
}) => {
  const d = device(env, 1);
  await env.router.call('clients:discover', { range: d.host });
  await page.goto(env.host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await clientRow(page, d.hostName).click();
  const card = page.getByTestId('details-host-id');
  await expect(card.getByTestId('host-id-kept')).toHaveAttribute('data-kept', 'platform-uuid');
  await expect(card.getByTestId('host-id-value')).toHaveText(d.uuid);
  await expect(card.getByTestId('host-id-note')).toContainText('no Third Party Data Storage');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'host-id-02-platform-uuid-note');
  // The same re-install story without 3PDS: the platform UUID finds the asset again, the note stays.
  const firstName = d.hostName;
  const os = d.reinstall({ hostName: `${firstName}-r1` });
  await env.router.call('clients:discover', { range: d.host });
  await expect(clientRow(page, os.hostName)).toHaveCount(1);
  await expect(clientRow(page, firstName)).toHaveCount(0);
  await clientRow(page, os.hostName).click();
  await expect(card.getByTestId('host-id-value')).toHaveText(d.uuid);
  await expect(card.getByTestId('host-id-note')).toContainText('no Third Party Data Storage');
  const periods = card.getByTestId('host-id-period');
  await expect(periods).toHaveCount(2);
  await expect(periods.nth(0)).toHaveAttribute('data-host-name', firstName);
  await expect(periods.nth(0)).toContainText('recognised by its platform UUID');
  await expect(periods.nth(1)).toHaveAttribute('data-host-name', os.hostName);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'host-id-02b-platform-uuid-reinstall-history');
  // The toolbar's "Store host ID" on the selection: one result line per client.
  await page.getByTestId('store-host-id').click();
  const line = page.getByTestId('results-list').getByTestId('result-line').first();
  await expect(line).toHaveAttribute('data-state', 'ok');
  await expect(line).toContainText('Store host ID');
});

test('eligibility filter and the prerequisites report with counts and CSV', async ({ page, env }) => {
  await env.router.call('clients:add', {
    hostName: 'pc-no-amt',
    ip: '127.100.70.250',
    amtVersion: null,
    dhcp: true,
    agentVersion: '09-50',
    os: 'Windows 10',
  });
  await env.router.call('clients:add', {
    hostName: 'pc-old-agent',
    ip: '127.100.70.251',
    amtVersion: '16.1.27',
    dhcp: true,
    agentVersion: '08-05',
    os: 'Windows 10',
  });
  await page.goto(env.host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('filter-eligibility').selectOption('cannot-use-amt');
  await expect(clientRow(page, 'pc-no-amt')).toHaveCount(1);
  await expect(clientRow(page, 'pc-old-agent')).toHaveCount(1);
  await expect(clientRow(page, device(env, 2).hostName)).toHaveCount(0);
  await page.getByTestId('filter-eligibility').selectOption('needs-wake-on-lan');
  await expect(clientRow(page, 'pc-no-amt')).toHaveCount(1);
  await screenshot(page, 'host-id-03-eligibility-filter');
  await page.getByTestId('filter-eligibility').selectOption('');

  await page.getByTestId('open-report').click();
  const dialog = page.getByTestId('report-dialog');
  await expect(dialog.getByTestId('report-totals')).toContainText('1 relays');
  const noAmtRow = dialog.locator('[data-testid="report-row"][data-name="pc-no-amt"]');
  await expect(noAmtRow.locator('[data-testid="report-finding"]')).toHaveAttribute('data-rule', 'client-amt-firmware');
  await expect(noAmtRow).toContainText('Provision Intel AMT');
  await expect(noAmtRow).toContainText('AMT linkage (client control), AMT remote control');
  const relayLines = dialog.locator('tr[data-name="Relay East"]');
  await expect(relayLines).toHaveCount(2);
  await expect(relayLines.nth(1)).toContainText('remote control through a relay needs the relay at 08-51 or later');
  await expect(dialog.locator('[data-testid="report-count"][data-rule="client-agent-version"]')).toHaveAttribute(
    'data-failed',
    '1',
  );
  const download = page.waitForEvent('download');
  await dialog.getByTestId('report-csv').click();
  const file = await download;
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path, 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'Kind,Name,Below,AMT linkage,Remote control,Power-on by,Failing or unknown rules,Facility blocked,What to do',
  );
  expect(csv).toContain('pc-old-agent');
  await screenshot(page, 'host-id-04-prerequisites-report');
});
