// Client-control jobs in Chromium through the headless host (issue 7): a job for a whole relay subtree
// created from the tree in at most 4 actions, its progress live, every target of a mixed fleet ending in
// the right state and reason, a notification, retry of the failed targets, cancel, CSV export, the audit
// log by job, and bad input refused at its field with nothing created. Screenshots: test-results/screenshots/.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { screenshot } from './support/console-fixture';
import { MIX, OS_PORT, expect, test } from './support/jobs-fixture';

test.describe.configure({ mode: 'serial' });

/** The job defaults (settings, M7) this suite runs with: no whole-target retries, a short wait, the OS port. */
const DEFAULTS = { retries: 0, waitSec: 20, upPort: OS_PORT };
/** A run over the mixed fleet: AMT timeouts of the dropped device plus the 20 s wait, with room. */
const RUN_TIMEOUT_MS = 120_000;

function relayRow(page: Page, name: string) {
  return page.locator('[data-testid="tree-relay"]').filter({ hasText: name });
}

function targetRow(page: Page, hostName: string) {
  return page.locator(`[data-testid="target-row"][data-host="${hostName}"]`);
}

test.beforeAll(async ({ jobsEnv }) => {
  const router = await jobsEnv.router();
  await router.call('jobs:set-defaults', { options: DEFAULTS });
  await router.close();
});

test('from the tree to a running job for a whole relay subtree in at most 4 actions; every target ends right', async ({
  jobsPage: page,
  jobsEnv,
}) => {
  test.setTimeout(RUN_TIMEOUT_MS + 60_000);
  let actions = 0;
  const act = async (work: () => Promise<unknown>): Promise<void> => {
    actions += 1;
    await work();
  };
  await act(() => relayRow(page, jobsEnv.relayName).click({ button: 'right' }));
  await act(() => page.getByTestId('context-menu').getByRole('menuitem', { name: 'New job for selected…' }).click());
  const form = page.getByTestId('job-form-dialog');
  await expect(form.getByTestId('job-form-targets')).toContainText(
    `${jobsEnv.relayName} — 8 clients (whole relay subtrees)`,
  );
  // The options start from the settings' defaults.
  await expect(form.getByTestId('job-waitSec')).toHaveValue(String(DEFAULTS.waitSec));
  await expect(form.getByTestId('job-retries')).toHaveValue('0');
  await screenshot(page, 'jobs-01-new-job-form');
  await act(() => form.getByTestId('job-create').click());
  expect(actions).toBeLessThanOrEqual(4);

  // The job runs: it is shown in the Jobs tab, its targets update live without a reload.
  const detail = page.getByTestId('job-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('target-row')).toHaveCount(8);
  await expect(detail).toHaveAttribute('data-status', 'running');
  await expect(page.locator('[data-testid="target-row"][data-state="done"]').first()).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'jobs-02-running');

  await expect(detail).toHaveAttribute('data-status', 'done', { timeout: RUN_TIMEOUT_MS });
  const name = (i: number) => jobsEnv.hostNames[i]!;
  // Every reason, printed, so a failing expectation below shows what each target said.
  for (const row of await page.getByTestId('target-row').all()) {
    console.log(
      `${await row.getAttribute('data-host')}: ${await row.getAttribute('data-state')}: ${await row.getByTestId('target-reason').textContent()}`,
    );
  }
  const expectTarget = async (index: number, state: string, wake: string | null, reason: RegExp) => {
    const row = targetRow(page, name(index));
    await expect(row, name(index)).toHaveAttribute('data-state', state);
    if (wake !== null) await expect(row.locator('.tcell-wake')).toHaveText(wake);
    await expect(row.getByTestId('target-reason')).toHaveText(reason);
  };
  await expectTarget(MIX.alreadyOn, 'done', 'Already on', /already on/);
  for (const i of [MIX.asleep, MIX.hibernating, MIX.off]) await expectTarget(i, 'done', 'AMT', /the client is up/);
  await expectTarget(MIX.wolOnly, 'done', 'Wake-on-LAN', /AMT cannot be used for this client.*up/);
  // AMT refuses the password (never retried against it); the magic packet wakes the PC.
  await expectTarget(
    MIX.wrongPassword,
    'done',
    'Wake-on-LAN',
    /wrong user name or password; then Wake-on-LAN sent at \d\d:\d\d:\d\d to \S+; then the client is up/,
  );
  await expectTarget(MIX.neverUp, 'failed', null, /AMT accepted the power-on, but the client was not up after 20 s/);
  await expectTarget(MIX.unreachable, 'failed', null, /no answer in time.*Wake-on-LAN sent at .* no answer after 20 s/);
  await expect(page.getByTestId(/^job-counts-/).first()).toHaveText('6 done · 2 failed');
  // A notification says how it ended.
  await expect(page.getByTestId('job-notice').first()).toContainText('ended with 2 failed');
  // The wrong password was sent once and never again; each AMT PC that was off got one power-on.
  for (const i of [MIX.asleep, MIX.hibernating, MIX.off]) expect(jobsEnv.actions(i)?.powerOn, name(i)).toBe(1);
  expect(jobsEnv.actions(MIX.alreadyOn)?.powerOn).toBe(0);
  await screenshot(page, 'jobs-03-ended');

  // Sort and filter the table: failed targets only, then by host name descending.
  await page.getByTestId('targets-state').selectOption('failed');
  await expect(page.getByTestId('target-row')).toHaveCount(2);
  await page.getByTestId('targets-state').selectOption('');
  await page.getByTestId('sort-hostName').click();
  await expect(page.getByTestId('target-row').first()).toHaveAttribute(
    'data-host',
    [...jobsEnv.hostNames].sort().reverse()[0]!,
  );
  await page.getByTestId('targets-filter').fill(name(MIX.wolOnly));
  await expect(page.getByTestId('target-row')).toHaveCount(1);
  await page.getByTestId('targets-filter').fill('');
});

test('retry failed runs the failed targets again; export writes every target as CSV', async ({
  jobsPage: page,
  jobsEnv,
}) => {
  test.setTimeout(RUN_TIMEOUT_MS + 60_000);
  await page.getByTestId('tab-jobs').click();
  const detail = page.getByTestId('job-detail');
  await expect(detail).toHaveAttribute('data-status', 'done');
  // The PC that never came up is repaired; the unreachable one stays unreachable.
  jobsEnv.setFault(MIX.neverUp, 'neverUp', false);
  await page.getByTestId('job-retry').click();
  const repaired = targetRow(page, jobsEnv.hostNames[MIX.neverUp]!);
  await expect(repaired).toHaveAttribute('data-state', 'done', { timeout: RUN_TIMEOUT_MS });
  await expect(repaired.locator('.tcell-state')).toContainText('attempt 2');
  await expect(detail).toHaveAttribute('data-status', 'done', { timeout: RUN_TIMEOUT_MS });
  await expect(targetRow(page, jobsEnv.hostNames[MIX.unreachable]!)).toHaveAttribute('data-state', 'failed');
  await screenshot(page, 'jobs-04-retried');

  const download = page.waitForEvent('download');
  await page.getByTestId('job-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^job-\d+-.*\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toMatch(/^Host name,State/);
  expect(lines).toHaveLength(1 + jobsEnv.hostNames.length);
  for (const host of jobsEnv.hostNames) expect(csv).toContain(host);
});

test('a running job is cancelled: its waiting target ends cancelled', async ({ jobsPage: page, jobsEnv }) => {
  jobsEnv.setFault(MIX.neverUp, 'neverUp', true);
  jobsEnv.powerOff(MIX.neverUp);
  await page.locator(`[data-testid="tree-client"][data-host-name="${jobsEnv.hostNames[MIX.neverUp]}"]`).click();
  await page.getByTestId('toolbar-new-job').click();
  await page.getByTestId('job-form-dialog').getByTestId('job-create').click();
  const detail = page.getByTestId('job-detail');
  const row = targetRow(page, jobsEnv.hostNames[MIX.neverUp]!);
  await expect(row).toHaveAttribute('data-state', /waking|waiting-up|checking-power/);
  await page.getByTestId('job-cancel').click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await expect(detail).toHaveAttribute('data-status', 'cancelled');
  await screenshot(page, 'jobs-05-cancelled');
});

test('the audit log shows one job, exports it, and keeps a retention', async ({ jobsPage: page, jobsEnv }) => {
  await page.getByTestId('tab-jobs').click();
  await page.getByTestId('job-list').getByRole('option').last().click();
  await page.getByTestId('jobs-audit').click();
  const dialog = page.getByTestId('audit-dialog');
  await expect(dialog.getByTestId('audit-entry').first()).toBeVisible();
  for (const host of [jobsEnv.hostNames[MIX.asleep]!, jobsEnv.hostNames[MIX.unreachable]!])
    await expect(dialog.getByTestId('audit-entries')).toContainText(host);
  await screenshot(page, 'jobs-06-audit');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('audit-export').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain(jobsEnv.hostNames[MIX.asleep]!);
  // Retention: a value out of range is refused at its field; a good one is saved.
  await dialog.getByTestId('audit-maxAgeDays').fill('0');
  await dialog.getByTestId('audit-retention-save').click();
  await expect(dialog.getByTestId('field-error-maxAgeDays')).toContainText('from 1 to 3650 days');
  await dialog.getByTestId('audit-maxAgeDays').fill('90');
  await dialog.getByTestId('audit-retention-save').click();
  await expect(dialog.getByTestId('audit-retention-saved')).toContainText('Saved');
  const router = await jobsEnv.router();
  expect(await router.call('audit:retention', {})).toMatchObject({ maxAgeDays: 90 });
  await router.close();
});

test('bad input is refused at its field in the form and nothing is created', async ({ jobsPage: page, jobsEnv }) => {
  const router = await jobsEnv.router();
  const before = (await router.call('jobs:list', {})).length;
  await relayRow(page, jobsEnv.relayName).click();
  await page.getByTestId('toolbar-new-job').click();
  const form = page.getByTestId('job-form-dialog');
  const cases: Array<[string, string, RegExp]> = [
    ['job-waitSec', '1801', /Wait time must be a whole number from 0 to 1800 seconds/],
    ['job-retries', '6', /Retries must be a whole number from 0 to 5/],
    ['job-maxConcurrent', '-1', /Concurrency must be a whole number from 0 to 10000/],
  ];
  for (const [input, value, words] of cases) {
    const field = `options.${input.slice('job-'.length)}`;
    const good = await form.getByTestId(input).inputValue();
    await form.getByTestId(input).fill(value);
    await form.getByTestId('job-create').click();
    await expect(form.getByTestId(`field-error-${field}`)).toHaveText(words);
    await expect(form.getByTestId(input)).toHaveAttribute('aria-invalid', 'true');
    await form.getByTestId(input).fill(good);
  }
  await form.getByTestId('job-schedule-at').check({ force: true });
  await form.getByTestId('job-at').fill('2020-01-01T02:00');
  await form.getByTestId('job-create').click();
  await expect(form.getByTestId('field-error-schedule.at')).toContainText('in the past');
  await screenshot(page, 'jobs-07-bad-input');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // A client removed after it was picked: main refuses the unknown client and the form shows it at the targets.
  const doomed = await router.call('clients:add', { hostName: 'pc-jobs-gone', ip: '127.75.200.1', amtVersion: null });
  await expect(page.locator('[data-testid="tree-client"][data-host-name="pc-jobs-gone"]')).toHaveCount(1);
  await page.locator('[data-testid="tree-client"][data-host-name="pc-jobs-gone"]').click();
  await page.getByTestId('toolbar-new-job').click();
  await router.call('clients:remove', { ids: [doomed.id] });
  await form.getByTestId('job-create').click();
  await expect(form.getByTestId('field-error-targets')).toContainText(/client/i);
  await form.getByRole('button', { name: 'Cancel' }).click();
  expect((await router.call('jobs:list', {})).length).toBe(before);
  await router.close();
});

test('the job defaults (settings, M7) are changed in the Jobs tab, refused at their field when wrong, and a new job starts from them', async ({
  jobsPage: page,
  jobsEnv,
}) => {
  const router = await jobsEnv.router();
  try {
    await page.getByTestId('tab-jobs').click();
    await page.getByTestId('jobs-defaults').click();
    const dialog = page.getByTestId('job-defaults-dialog');
    await expect(dialog.getByTestId('defaults-waitSec')).toHaveValue(String(DEFAULTS.waitSec));
    await expect(dialog.getByTestId('defaults-useUpPort')).toBeChecked();
    await dialog.getByTestId('defaults-retries').fill('6');
    await dialog.getByTestId('job-defaults-save').click();
    await expect(dialog.getByTestId('field-error-options.retries')).toHaveText(
      /Retries must be a whole number from 0 to 5/,
    );
    expect(((await router.call('jobs:defaults', {})) as { retries: number }).retries).toBe(DEFAULTS.retries);

    await dialog.getByTestId('defaults-retries').fill('2');
    await dialog.getByTestId('defaults-waitSec').fill('240');
    await dialog.getByTestId('defaults-shutdownAfter').check();
    await screenshot(page, 'jobs-08-defaults');
    await dialog.getByTestId('job-defaults-save').click();
    await expect(dialog).toHaveCount(0);
    expect(await router.call('jobs:defaults', {})).toMatchObject({
      retries: 2,
      waitSec: 240,
      shutdownAfter: true,
      upPort: OS_PORT,
    });
    const audit = (await router.call('audit:list', { limit: 20 })) as Array<{ action: string }>;
    expect(audit.some((e) => e.action === 'job:defaults')).toBe(true);

    // A new job's form starts from them, and can still change them for that job.
    await relayRow(page, jobsEnv.relayName).click();
    await page.getByTestId('toolbar-new-job').click();
    const form = page.getByTestId('job-form-dialog');
    await expect(form.getByTestId('job-retries')).toHaveValue('2');
    await expect(form.getByTestId('job-waitSec')).toHaveValue('240');
    await expect(form.getByTestId('job-shutdownAfter')).toBeChecked();
    await form.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await router.call('jobs:set-defaults', { options: { ...DEFAULTS, shutdownAfter: false } });
    await router.close();
  }
});
