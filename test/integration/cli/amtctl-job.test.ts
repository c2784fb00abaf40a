// `amtctl job` (issue 7 item 6) in-process over a console data folder on disk and a simulated device on
// 127.70.3.0/24: create --wait runs the console's scheduler here, list/show/csv read it back, and every bad
// input of the must-show (unknown client, wait 1801 s, retries 6, concurrency -1, a past schedule, a
// malformed CSV of targets) fails with exit 2 naming the field, the service layer alike, nothing created.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { JobSpecError } from '../../../main/jobs/index';
import {
  DEFAULT_SIM_PASSWORD,
  POWER_OFF_SOFT,
  POWER_ON,
  startFleet,
  type Fleet,
  type SimDevice,
} from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';
import { clientOf, openHarnessStore, startHarness } from '../jobs/job-harness';

let fleet: Fleet;
let dir: string;
let device: SimDevice;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    seed: 'cli-job',
    baseAddress: '127.70.3.1',
    ephemeralPorts: true,
    upDelayMs: 100,
    initialPowerState: POWER_OFF_SOFT,
  });
  device = fleet.devices[0] as SimDevice;
  dir = mkdtempSync(join(tmpdir(), 'amt-console-cli-job-'));
  const store = openHarnessStore(dir);
  store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  store.clients.add(clientOf(device));
  store.close();
});
afterAll(async () => {
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function amtctl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingCliIo({}, 'no prompt in tests');
  const code = await runCli(['job', ...argv, '--data', dir], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

async function jobCount(): Promise<number> {
  const listed = await amtctl('list', '--json');
  expect(listed.code).toBe(0);
  return listed.out.split('\n').filter((l) => l.trim().length > 0).length;
}

describe('amtctl job', () => {
  it('creates a job, runs it with --wait and exits 0 when every target is done', async () => {
    const r = await amtctl(
      'create',
      '--name',
      'Morning',
      '--type',
      'power-on',
      '--client',
      device.hostName,
      '--wait-sec',
      '10',
      '--poll-ms',
      '50',
      '--tls-policy',
      'http-only',
      '--wait',
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { status: string; counts: { done: number; total: number } };
    expect(summary).toMatchObject({ status: 'done', counts: { done: 1, total: 1 } });
    expect(device.getPowerState()).toBe(POWER_ON);
    expect(device.actionsReceived().powerOn).toBe(1);
  }, 30_000);

  it('lists and shows the job, and exports its targets as CSV', async () => {
    expect(await jobCount()).toBe(1);
    const shown = await amtctl('show', '1');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('job 1 "Morning" (power-on), done, now');
    expect(shown.out).toMatch(new RegExp(`${device.hostName}\\s+Done\\s+1\\s+amt`));
    const csv = await amtctl('show', '1', '--csv');
    expect(csv.out.split('\r\n')[0]).toBe(
      'Host name,State,Attempt,Wake method,Woken by job,Started,Ended,Reason,AMT error',
    );
    expect(csv.out).toContain(`${device.hostName},Done,1,amt,yes`);
  });

  it('says which job is not there (exit 3) and which option is unknown (exit 2)', async () => {
    const missing = await amtctl('cancel', '99');
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('There is no job with id 99');
    const typo = await amtctl(
      'create',
      '--name',
      'x',
      '--type',
      'power-on',
      '--client',
      device.hostName,
      '--wiat-sec',
      '5',
    );
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("'--wiat-sec' is not an option");
  });

  const past = new Date(Date.now() - 3_600_000).toISOString();
  const badInputs: ReadonlyArray<readonly [string, string[], string, RegExp]> = [
    ['an unknown client', ['--client', 'no-such-pc'], 'targets.hostNames[0]', /no client named "no-such-pc"/],
    [
      'a wait time of 1801 s',
      ['--client', 'X', '--wait-sec', '1801'],
      'options.waitSec',
      /from 0 to 1800 \(got 1801\)/,
    ],
    ['retries of 6', ['--client', 'X', '--retries', '6'], 'options.retries', /from 0 to 5 \(got 6\)/],
    [
      'a concurrency of -1',
      ['--client', 'X', '--max-concurrent', '-1'],
      'options.maxConcurrent',
      /from 0 to 10000 \(got -1\)/,
    ],
    ['a schedule in the past', ['--client', 'X', '--at', past], 'schedule.at', /in the past/],
    ['a malformed CSV of targets', ['--targets-csv', 'CSV'], 'targets.csv', /line 2/i],
  ];
  for (const [what, extra, field, words] of badInputs) {
    it(`refuses ${what}: exit 2, the field named, nothing created`, async () => {
      const csvPath = join(dir, 'targets.csv');
      writeFileSync(csvPath, `Host name,IP\n"${device.hostName},10.0.0.1\n`);
      const argv = extra.map((a) => (a === 'X' ? device.hostName : a === 'CSV' ? csvPath : a));
      const before = await jobCount();
      const r = await amtctl('create', '--name', 'Bad', '--type', 'power-on', ...argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`amtctl job: ${field}: `);
      expect(r.err).toMatch(words);
      expect(await jobCount()).toBe(before);
    });
  }

  it('refuses the same inputs at the service (the layer IPC calls) with the same fields, nothing written', async () => {
    const h = startHarness({ name: 'service-bad-input', wolPort: 40_739 });
    try {
      const client = h.store.clients.add(clientOf(device));
      const base = {
        name: 'Bad',
        type: 'power-on' as const,
        targets: { clientIds: [client.id] },
        schedule: { kind: 'now' as const },
      };
      const cases: ReadonlyArray<readonly [object, string]> = [
        [{ ...base, targets: { clientIds: [client.id, 4242] } }, 'targets.clientIds[1]'],
        [{ ...base, options: { waitSec: 1801 } }, 'options.waitSec'],
        [{ ...base, options: { retries: 6 } }, 'options.retries'],
        [{ ...base, options: { maxConcurrent: -1 } }, 'options.maxConcurrent'],
        [{ ...base, schedule: { kind: 'at', at: past } }, 'schedule.at'],
        [{ ...base, schedule: { kind: 'weekly', days: ['mon', 'funday'], time: '02:00' } }, 'schedule.days[1]'],
        [{ ...base, options: { waitSec: '180' } }, 'options.waitSec'],
        [{ ...base, name: '  ' }, 'name'],
      ];
      for (const [spec, field] of cases) {
        const error = await h.service.create(spec as never, 'tester').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(JobSpecError);
        expect((error as JobSpecError).field).toBe(field);
      }
      expect(await h.service.list()).toEqual([]);
      expect(h.store.db.prepare('SELECT COUNT(*) AS n FROM job_clients').get()).toEqual({ n: 0 });
      await expect(h.service.setDefaults({ retries: 6 }, 'tester')).rejects.toMatchObject({
        field: 'defaults.retries',
      });
      await expect(h.service.targets(1 as never, { offset: 0, limit: 5000 })).rejects.toMatchObject({
        field: 'query.limit',
      });
    } finally {
      await h.close();
    }
  });

  it('shows the job defaults, changes them with option flags (audited), and refuses a wrong one naming it', async () => {
    const shown = await amtctl('defaults');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/Wait time\s+180 seconds/);
    expect(shown.out).toMatch(/Client control\s+on/);
    const changed = await amtctl(
      'defaults',
      '--retries',
      '2',
      '--wait-sec',
      '240',
      '--up-port',
      '3389',
      '--shutdown-after',
      '--json',
    );
    expect(changed.err).toBe('');
    expect(JSON.parse(changed.out)).toMatchObject({ retries: 2, waitSec: 240, upPort: 3389, shutdownAfter: true });
    const cleared = await amtctl('defaults', '--no-up-port', '--no-shutdown-after', '--json');
    expect(JSON.parse(cleared.out)).toMatchObject({ retries: 2, waitSec: 240, upPort: null, shutdownAfter: false });
    const wrong = await amtctl('defaults', '--retries', '6');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/retries.*from 0 to 5 \(got 6\)/);
    expect(JSON.parse((await amtctl('defaults', '--json')).out)).toMatchObject({ retries: 2 });
    const store = openHarnessStore(dir);
    try {
      expect(store.audit.list({ limit: 50 }).filter((e) => e.action === 'job:defaults')).toHaveLength(2);
    } finally {
      store.close();
    }
  });
});
