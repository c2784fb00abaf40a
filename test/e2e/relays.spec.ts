// Issue 8 in Chromium through the headless host (started with a relay listener on loopback): a relay in the tree
// is enrolled from its details pane with the one-time code the console shows, typed into the built `amtctl relay`
// (its own process); the relay comes online with its version and certificate; a job for its whole subtree runs
// through it to the end; revoking it from the UI ends the relay process with the console's refusal, and the next
// job's targets below it fail with that reason. The simulated PCs are on 127.77.0.0/24. Screenshots 60-63.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { loadSimulator } from '../../scripts/demo-fleet.mjs';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../support/spawn-amtctl';
import { expect, screenshot, test } from './support/console-fixture';
import { connectRouterClient, startHostProcess, type HostProcess } from './support/host-process';

test.describe.configure({ mode: 'serial' });

const RELAY = 'Relay Branch Kyoto';
const PCS = 3;
const RELAY_LIMIT_MS = 120_000;
let host: HostProcess;
let fleet: {
  devices: Array<{ hostName: string; host: string; httpPort: number; amtVersion: string }>;
  close(): Promise<void>;
};
let relayData: string;
let relay: AmtctlRun | undefined;
let relayLog = '';

test.beforeAll(async () => {
  const sim = await loadSimulator();
  fleet = await sim.startFleet({
    count: PCS,
    seed: 'relays-e2e',
    baseAddress: '127.77.0.1',
    ephemeralPorts: true,
    upDelayMs: 300,
    initialPowerState: sim.POWER_OFF_SOFT,
  });
  host = await startHostProcess(['--relay-listen', '127.0.0.1:0']);
  const router = await connectRouterClient(host);
  await router.call('profiles:set', {
    scope: 'default',
    targetId: null,
    user: 'admin',
    password: sim.DEFAULT_SIM_PASSWORD,
  });
  const added: { id: number } = await router.call('relays:add', {
    name: RELAY,
    kind: 'relay-system',
    host: 'kyoto.corp.example',
  });
  for (const d of fleet.devices) {
    await router.call('clients:add', {
      hostName: d.hostName,
      ip: d.host,
      amtPort: d.httpPort,
      amtVersion: d.amtVersion,
      relayId: added.id,
    });
  }
  await router.call('jobs:set-defaults', { options: { waitSec: 20, retries: 0 } });
  await router.close();
  relayData = mkdtempSync(join(tmpdir(), 'amt-console-e2e-relay-'));
});

test.afterAll(async () => {
  killAmtctlChildren();
  await host?.stop();
  await fleet?.close();
  if (relayData) rmSync(relayData, { recursive: true, force: true });
});

function relayRow(page: Page) {
  return page.locator('[data-testid="tree-relay"]').filter({ hasText: RELAY });
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
}

async function runJobForRelay(page: Page): Promise<void> {
  await relayRow(page).click({ button: 'right' });
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'New job for selected…' }).click();
  const form = page.getByTestId('job-form-dialog');
  await expect(form.getByTestId('job-form-targets')).toContainText(`${RELAY} — ${PCS} clients (whole relay subtrees)`);
  await form.getByTestId('job-create').click();
  await expect(page.getByTestId('target-row')).toHaveCount(PCS);
}

test('a relay is enrolled from the console with its one-time code and comes online', async ({ page }) => {
  await openConsole(page);
  await relayRow(page).click();
  const pane = page.getByTestId('relay-details');
  await expect(pane.getByTestId('relay-status')).toHaveText('Not enrolled yet');
  await expect(pane.getByTestId('relay-clients')).toHaveText(`${PCS} (${PCS} directly)`);
  await expect(pane.getByTestId('relay-prerequisites')).not.toContainText('Checking…');
  await pane.getByTestId('relay-enrol').click();
  const code = (await pane.getByTestId('relay-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  const command = (await pane.getByTestId('relay-command').textContent()) ?? '';
  const consoleAt = /--console (\S+)/.exec(command)?.[1] ?? '';
  expect(consoleAt).toMatch(/^127\.0\.0\.1:\d+$/);
  await screenshot(page, '60-relay-enrolment-code');

  // On "the relay's machine": the built amtctl relay with the code the person read off the screen.
  relay = spawnAmtctl(
    [
      'relay',
      '--data',
      relayData,
      '--console',
      consoleAt,
      '--code',
      code,
      '--tls-policy',
      'http-only',
      '--subnet',
      '127.77.0.0/24',
    ],
    {},
    { limitMs: RELAY_LIMIT_MS },
  );
  relay.child.stderr?.on('data', (d: string) => (relayLog += d));
  relay.result.catch(() => undefined); // its end is checked by the revoke test
  await expect(pane.getByTestId('relay-status')).toHaveText('Online', { timeout: 20_000 });
  await expect(pane.getByTestId('relay-version')).not.toHaveText('—');
  await expect(pane.getByTestId('relay-fingerprint')).toHaveText(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/i);
  await expect(pane.getByTestId('relay-subnets')).toHaveText('127.77.0.0/24');
  expect(relayLog).toContain(`enrolled as "${RELAY}"`);
  await screenshot(page, '61-relay-online');
});

test('a job for the relay subtree runs through the relay to the end', async ({ page }) => {
  await openConsole(page);
  await runJobForRelay(page);
  await expect(page.getByTestId('job-detail')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-testid="target-row"][data-state="done"]')).toHaveCount(PCS);
  await screenshot(page, '62-relay-job-done');
  // The relay asked the console for each client's credentials (only in memory there, never logged).
  const router = await connectRouterClient(host);
  const audit = (await router.call('audit:list', { limit: 200 })) as Array<{ action: string; detail: string }>;
  await router.close();
  expect(JSON.stringify(audit)).not.toContain('AmtSim-Pass1!');
  expect(relayLog).not.toContain('AmtSim-Pass1!');
});

test('revoking the relay in the console ends it, and jobs below it fail with that reason', async ({ page }) => {
  await openConsole(page);
  await relayRow(page).click();
  const pane = page.getByTestId('relay-details');
  await expect(pane.getByTestId('relay-status')).toHaveText('Online');
  await pane.getByTestId('relay-revoke').click();
  await pane.getByTestId('relay-revoke-ok').click();
  await expect(pane.getByTestId('relay-status')).toHaveText('Revoked: refused from now on');
  await screenshot(page, '63-relay-revoked');
  const ended = await (relay as AmtctlRun).result;
  expect(ended.code).toBe(3);
  expect(ended.stderr).toMatch(/revoked/i);

  await runJobForRelay(page);
  await expect(page.getByTestId('job-detail')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-testid="target-row"][data-state="failed"]')).toHaveCount(PCS);
  await expect(page.locator('[data-testid="target-row"]').first().getByTestId('target-reason')).toHaveAttribute(
    'title',
    /revoked/i,
  );
});
