// The jobs and audit channels through the router of a real core (SQLite on disk) against the simulator on
// 127.75.1.0/24: bad input refused at the IPC layer naming the field with nothing created, a job over a
// mixed fleet to its end, pages of targets sorted and filtered, batched jobs:progress and clients:changed
// (one message per tick), CSV export, cancel, retry of failed targets, the audit log by job and its retention.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { Client, ClientId, JobProgress, JobSummary } from '../../../shared/domain';
import type { EventName } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, POWER_SLEEP_DEEP, type Fleet } from '../../sim';

const BASE = '127.75.1.1';
const WOL_PORT = 40_109;
const OS_PORT = 40_122;
const WAIT_SEC = 3;

let fleet: Fleet;
let core: Core;
let dir: string;
const events: Array<{ event: EventName; payload: unknown; at: number }> = [];
const ids: ClientId[] = [];

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string; field?: string } };
async function call(channel: string, request: unknown): Promise<Reply> {
  return (await core.router.handle(channel, request, { transport: 'test' })) as Reply;
}
async function value(channel: string, request: unknown): Promise<any> {
  const reply = await call(channel, request);
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

/** Resolves once an event matching `predicate` has arrived since index `from` (bounded in time). */
async function eventSince(
  from: number,
  predicate: (e: { event: EventName; payload: unknown }) => boolean,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = events.slice(from).find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the event did not arrive in time');
}

/** Polls jobs:get until the job leaves 'running' (bounded by count and time). */
async function untilEnded(id: number, timeoutMs = 60_000): Promise<JobSummary> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 2_000 && Date.now() < deadline; i += 1) {
    const job = (await value('jobs:get', { id })) as JobSummary;
    if (job.status !== 'running' && job.status !== 'scheduled') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not end within ${timeoutMs} ms`);
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 5,
    baseAddress: BASE,
    timeScale: 0.01,
    withoutAmt: [3],
    faults: { '2': ['wrongPassword'], '4': ['neverUp'] },
    wakeOnLan: true,
    wakeOnLanPort: WOL_PORT,
    upDelayMs: 50,
    osPort: OS_PORT,
  });
  fleet.devices[1]?.setPowerState(POWER_SLEEP_DEEP);
  for (const i of [2, 3, 4]) fleet.devices[i]?.setPowerState(POWER_OFF_SOFT);
  dir = mkdtempSync(join(tmpdir(), 'jobs-handlers-'));
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'night-admin',
    serverName: 'console-test',
    amtTimeoutMs: 2000,
    jobs: { wolPort: WOL_PORT, wolUnicast: true, pollIntervalMs: 50, progressTickMs: 100 },
  });
  core.events.subscribe((event, payload) => events.push({ event, payload, at: Date.now() }));
  await value('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  for (const [i, d] of fleet.devices.entries()) {
    const client = await value('clients:add', {
      hostName: `pc-job-${i}`,
      ip: d.host,
      mac: d.mac.replaceAll('-', ':'),
      subnetMask: '255.255.255.0',
      amtVersion: d.hasAmt ? d.amtVersion : null,
    });
    ids.push(client.id as ClientId);
  }
  await value('jobs:set-defaults', { options: { retries: 0, waitSec: WAIT_SEC, upPort: OS_PORT } });
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const spec = (change: Record<string, unknown> = {}) => ({
  name: 'Night power on',
  type: 'power-on',
  targets: { clientIds: ids },
  schedule: { kind: 'now' },
  ...change,
});

describe('bad input at the IPC layer', () => {
  it('refuses each mistake with invalid-request naming the field, and creates nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        spec({ options: { waitSec: 1801 } }),
        'options.waitSec',
        /Wait time must be a whole number from 0 to 1800 seconds/,
      ],
      [spec({ options: { retries: 6 } }), 'options.retries', /Retries must be a whole number from 0 to 5/],
      [
        spec({ options: { maxConcurrent: -1 } }),
        'options.maxConcurrent',
        /Concurrency must be a whole number from 0 to 10000/,
      ],
      [spec({ options: { maxPerRelay: 2.5 } }), 'options.maxPerRelay', /whole number/],
      [spec({ schedule: { kind: 'at', at: '2020-01-01T02:00:00Z' } }), 'schedule.at', /past/],
      [spec({ schedule: { kind: 'daily', time: '24:30' } }), 'schedule.time', /HH:MM/],
      [spec({ targets: { clientIds: [ids[0], 999_999] } }), 'targets.clientIds[1]', /./],
      [spec({ name: '' }), 'name', /needs a name/],
      [spec({ type: 'format-disk' }), 'type', /job type/],
      [spec({ options: { waitSec: 10, explode: true } }), 'options', /explode|Unrecognized/i],
    ];
    for (const [request, field, words] of cases) {
      const reply = await call('jobs:create', request);
      expect(reply.ok, field).toBe(false);
      expect(reply.error?.code, field).toBe('invalid-request');
      expect(reply.error?.field, field).toBe(field);
      expect(reply.error?.message, field).toMatch(words);
    }
    expect(await value('jobs:list', {})).toEqual([]);
    const badDefaults = await call('jobs:set-defaults', { options: { retries: 6 } });
    expect(badDefaults.error).toMatchObject({ code: 'invalid-request', field: 'options.retries' });
    expect(await value('jobs:defaults', {})).toMatchObject({ retries: 0, waitSec: WAIT_SEC });
    const badPage = await call('jobs:targets', { runId: 1, offset: 0, limit: 5000 });
    expect(badPage.error).toMatchObject({ code: 'invalid-request', field: 'limit' });
    expect((await call('jobs:get', { id: 424242 })).error).toMatchObject({ code: 'not-found' });
  });
});

describe('a job over a mixed fleet', () => {
  let job: JobSummary;

  it('runs to its end with every target in the right state, its progress batched per tick', async () => {
    const from = events.length;
    job = await value('jobs:create', spec());
    expect(job).toMatchObject({ name: 'Night power on', counts: { total: 5 } });
    job = await untilEnded(job.id);
    expect(job.status).toBe('done');
    // The end is announced in the tick after the run closed.
    await eventSince(from, (e) => e.event === 'jobs:progress' && (e.payload as JobProgress).ended.includes(job.id));
    expect(job.counts).toMatchObject({ total: 5, done: 4, failed: 1 });
    const progress = events
      .slice(from)
      .filter((e) => e.event === 'jobs:progress')
      .map((e) => e.payload as JobProgress);
    expect(progress.length).toBeGreaterThan(0);
    // Batched: the target changes outnumber the messages, and the job's end is announced once.
    const targetChanges = progress.reduce((n, p) => n + p.targets.length, 0);
    expect(targetChanges).toBeGreaterThan(progress.length);
    expect(progress.flatMap((p) => p.ended).filter((id) => id === job.id)).toHaveLength(1);
    // The clients a target finished on are re-sent in the batched clients:changed (the tree re-reads them).
    for (const id of ids) {
      await eventSince(
        from,
        (e) => e.event === 'clients:changed' && (e.payload as { clients: Client[] }).clients.some((c) => c.id === id),
      );
    }
  });

  it('pages, sorts and filters the targets in main', async () => {
    const runId = job.latestRunId;
    const page = await value('jobs:targets', { runId, offset: 0, limit: 2, sort: { key: 'hostName', dir: 'desc' } });
    expect(page.total).toBe(5);
    expect(page.rows.map((t: { hostName: string }) => t.hostName)).toEqual(['pc-job-4', 'pc-job-3']);
    const failed = await value('jobs:targets', { runId, offset: 0, limit: 100, state: 'failed' });
    expect(failed.rows.map((t: { hostName: string }) => t.hostName)).toEqual(['pc-job-4']);
    expect(failed.rows[0].reason).toMatch(new RegExp(`${WAIT_SEC} s`));
    const wol = await value('jobs:targets', { runId, offset: 0, limit: 100, text: 'pc-job-3' });
    expect(wol.rows).toEqual([expect.objectContaining({ state: 'done', wakeMethod: 'wake-on-lan' })]);
  });

  it('exports the latest run as CSV with a file name and row count', async () => {
    const file = await value('jobs:export-csv', { id: job.id });
    expect(file.fileName).toMatch(/^job-\d+-night-power-on\.csv$/);
    expect(file.rows).toBe(5);
    expect(file.csv.split('\r\n')[0]).toMatch(/^Host name,State/);
    for (let i = 0; i < 5; i += 1) expect(file.csv).toContain(`pc-job-${i}`);
  });

  it('retries only the failed targets, as a new attempt', async () => {
    fleet.devices[4]?.setFault('neverUp', false);
    await value('jobs:retry-failed', { id: job.id });
    const after = await untilEnded(job.id);
    expect(after.counts).toMatchObject({ done: 5, failed: 0 });
    const page = await value('jobs:targets', { runId: after.latestRunId, offset: 0, limit: 100, text: 'pc-job-4' });
    expect(page.rows[0]).toMatchObject({ state: 'done', attempt: 2 });
    const none = await call('jobs:retry-failed', { id: job.id });
    expect(none.error?.code).toBe('conflict');
  });

  it('cancels a scheduled job; a second cancel changes nothing', async () => {
    const later = await value(
      'jobs:create',
      spec({ name: 'Later', schedule: { kind: 'at', at: new Date(Date.now() + 3_600_000).toISOString() } }),
    );
    expect(later.status).toBe('scheduled');
    expect(await value('jobs:cancel', { id: later.id })).toMatchObject({ status: 'cancelled' });
    expect(await value('jobs:cancel', { id: later.id })).toMatchObject({ status: 'cancelled', latestRunId: null });
  });

  it('lists and exports the audit log by job, and prunes to the retention', async () => {
    const entries = await value('audit:list', { jobId: job.id, limit: 1000 });
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries.every((e: { jobId?: number }) => e.jobId === job.id)).toBe(true);
    expect(new Set(entries.map((e: { target: string }) => e.target))).toContain('pc-job-4');
    const all = await value('audit:list', { limit: 1000 });
    expect(all.length).toBeGreaterThan(entries.length);
    const file = await value('audit:export-csv', { jobId: job.id });
    expect(file.fileName).toMatch(new RegExp(`^audit-log-job-${job.id}-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
    expect(file.rows).toBe(entries.length);
    expect(file.csv.split('\r\n')[0]).toBe('Time (UTC),Who,Action,Target,Result,Detail,Job');

    expect(await value('audit:retention', {})).toEqual({ maxAgeDays: 365, maxRows: 1_000_000 });
    const bad = await call('audit:set-retention', { maxAgeDays: 0, maxRows: 1000 });
    expect(bad.error).toMatchObject({ code: 'invalid-request', field: 'maxAgeDays' });
    // An entry from long ago goes with an age limit; the newest entries stay.
    core.store.audit.record({
      actor: 'x',
      action: 'old',
      target: 'pc-old',
      result: 'ok',
      at: '2001-01-01T00:00:00.000Z',
    });
    const saved = await value('audit:set-retention', { maxAgeDays: 30, maxRows: 1000 });
    expect(saved).toMatchObject({ maxAgeDays: 30, maxRows: 1000 });
    expect(saved.pruned).toBeGreaterThanOrEqual(1);
    expect((await value('audit:list', { target: 'pc-old', limit: 10 })).length).toBe(0);
    expect(await value('audit:retention', {})).toEqual({ maxAgeDays: 30, maxRows: 1000 });
  });
});

describe('clients:changed', () => {
  it('carries a whole refresh in one message per tick, not one per client', async () => {
    // Changes left from the jobs above go out first, so only the refresh's own batch is counted.
    await core.jobs.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    core.events.flushClientChanges();
    const from = events.length;
    const started = Date.now();
    await value('clients:refresh', { ids });
    core.events.flushClientChanges();
    const elapsed = Date.now() - started;
    const batches = events.slice(from).filter((e) => e.event === 'clients:changed');
    // At most one message per 100 ms tick the refresh spanned (plus the final flush), never one per client.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 1);
    const clients = batches.flatMap((e) => (e.payload as { clients: Client[] }).clients);
    // Every client with AMT was read once; the one without AMT is never contacted, so it did not change.
    expect(clients.map((c) => c.id).sort((x, y) => x - y)).toEqual(ids.filter((_, i) => i !== 3));
  });
});
