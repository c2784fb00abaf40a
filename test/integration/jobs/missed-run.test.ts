// Issue 7 item 2: a job missed while the console was closed runs when it starts again, and says so. The console
// is "closed" between two services on the same store on disk; the second one's clock is two hours later (an
// injected clock, so the test does not wait two hours). The job runs against a simulated PC on 127.70.11.0/24,
// its summary carries when it was due and when it ran, and the audit log says why it ran late.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/domain';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { createJobService, storeJobDeps, type JobService } from '../../../main/jobs/index';
import type { ControlClock } from '../../../main/control/index';
import { DEFAULT_SIM_PASSWORD, POWER_ON, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { clientOf, openHarnessStore, waitIdle } from './job-harness';

const TWO_HOURS_MS = 2 * 3_600_000;
let fleet: Fleet;
let device: SimDevice;
let dir: string;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    seed: 'missed-run',
    baseAddress: '127.70.11.1',
    ephemeralPorts: true,
    initialPowerState: POWER_ON,
  });
  device = fleet.devices[0] as SimDevice;
  dir = mkdtempSync(join(tmpdir(), 'amt-console-missed-run-'));
}, 30_000);

afterAll(async () => {
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The console's jobs service on the data folder, with its clock `offsetMs` ahead of the machine's. */
function openConsole(offsetMs: number): {
  service: JobService;
  close(): Promise<void>;
  store: ReturnType<typeof openHarnessStore>;
} {
  const store = openHarnessStore(dir);
  const pool = new TransportPool();
  const clock: ControlClock = {
    nowMs: () => Date.now() + offsetMs,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))),
  };
  const service = createJobService({
    ...storeJobDeps({ store, pool, pins: new MemoryPinStore(), tlsPolicy: 'http-only', amtTimeoutMs: 2_000 }),
    clock,
    pollIntervalMs: 50,
    schedulerTickMs: 100,
  });
  return {
    service,
    store,
    async close() {
      await service.stop();
      pool.closeAll();
      store.close();
    },
  };
}

describe('a run missed while the console was closed', () => {
  it('runs at the next start, and its summary and the audit log say when it was due', async () => {
    const dueAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const first = openConsole(0);
    let jobId: number;
    try {
      first.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
      const id: ClientId = first.store.clients.add(clientOf(device)).id;
      // Created, never started: the console is closed before the job is due.
      const created = await first.service.create(
        {
          name: 'Collect at ten past',
          type: 'collect-info',
          targets: { clientIds: [id] },
          schedule: { kind: 'at', at: dueAt },
          options: { retries: 0 },
        },
        'tester',
      );
      expect(created).toMatchObject({ status: 'scheduled', nextRunAt: dueAt, latestRunId: null });
      jobId = created.id;
    } finally {
      await first.close();
    }

    const second = openConsole(TWO_HOURS_MS);
    try {
      await second.service.start();
      await waitIdle(second.service, 20_000);
      const job = await second.service.get(jobId as never);
      expect(job.status).toBe('done');
      expect(job.counts).toMatchObject({ done: 1, total: 1 });
      expect(job.latestRunMissedAt).toBe(dueAt);
      expect(Date.parse(job.latestRunStartedAt as string) - Date.parse(dueAt)).toBeGreaterThan(
        TWO_HOURS_MS - 15 * 60_000,
      );
      const start = second.store.audit.list({ limit: 100 }).find((e) => e.action === 'job:run-start');
      expect(start?.detail).toMatch(/was due at .* while the console was not running, so it ran at start/);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('a run due a moment ago (within a minute) is not called missed', async () => {
    const console1 = openConsole(0);
    try {
      const [client] = console1.store.clients.list();
      const created = await console1.service.create(
        {
          name: 'Now',
          type: 'collect-info',
          targets: { clientIds: [client?.id as ClientId] },
          schedule: { kind: 'now' },
          options: { retries: 0 },
        },
        'tester',
      );
      await console1.service.start();
      await waitIdle(console1.service, 20_000);
      const job = await console1.service.get(created.id);
      expect(job.counts.done).toBe(1);
      expect(job.latestRunMissedAt).toBeNull();
    } finally {
      await console1.close();
    }
  }, 60_000);

  it('a daily job runs, then waits for the next day at the same time', async () => {
    const at = new Date(Date.now() + 3 * 3_600_000);
    const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const first = openConsole(0);
    let jobId: number;
    try {
      const [client] = first.store.clients.list();
      const created = await first.service.create(
        {
          name: 'Nightly inventory',
          type: 'collect-info',
          targets: { clientIds: [client?.id as ClientId] },
          schedule: { kind: 'daily', time },
          options: { retries: 0 },
        },
        'tester',
      );
      expect(created.status).toBe('scheduled');
      jobId = created.id;
    } finally {
      await first.close();
    }
    // Four hours later: the occurrence an hour ago is missed and runs now; the next is tomorrow at the same time.
    const later = openConsole(4 * 3_600_000);
    try {
      await later.service.start();
      await waitIdle(later.service, 20_000);
      const job = await later.service.get(jobId as never);
      expect(job.counts.done).toBe(1);
      expect(job.status).toBe('scheduled');
      expect(job.latestRunMissedAt).not.toBeNull();
      const next = new Date(job.nextRunAt as string);
      // A day later (23 to 25 h where a daylight-saving change falls between), at the same local time.
      const gapHours = (next.getTime() - Date.parse(job.latestRunMissedAt as string)) / 3_600_000;
      expect(gapHours).toBeGreaterThanOrEqual(23);
      expect(gapHours).toBeLessThanOrEqual(25);
      expect(`${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}`).toBe(time);
    } finally {
      await later.close();
    }
  }, 60_000);
});
