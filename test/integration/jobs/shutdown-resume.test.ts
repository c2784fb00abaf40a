// A scheduler that dies after "shut down afterwards" was sent gracefully but before the target was saved as
// done: on restart the OS no longer answers (the graceful off worked), and the shutdown must not be chosen
// again as an AMT power-off. Found by reading target-runner.ts beside the crash test; the device counts.
// Real sockets on 127.70.10.0/24, SQLite on disk.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId } from '../../../shared/domain';
import { DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { addClients, clientOf, startHarness, waitIdle } from './job-harness';

const WOL_PORT = 40_751;
const OS_PORT = 40_752;
let fleet: Fleet;
let device: SimDevice;
let dir: string;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    seed: 'shutdown-resume',
    baseAddress: '127.70.10.1',
    ephemeralPorts: true,
    osPort: OS_PORT,
    upDelayMs: 100,
    timeScale: 0.05,
    initialPowerState: POWER_OFF_SOFT,
  });
  device = fleet.devices[0] as SimDevice;
  dir = mkdtempSync(join(tmpdir(), 'amt-console-shutdown-resume-'));
}, 30_000);

afterAll(async () => {
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('shut down afterwards, resumed after a crash', () => {
  it('keeps the journalled graceful off and sends no AMT power-off when the OS is already down', async () => {
    const first = startHarness({ name: 'shutdown-resume', wolPort: WOL_PORT, dir });
    let id: ClientId;
    try {
      first.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
      [id] = addClients(first.store, [clientOf(device)]) as [ClientId];
      await first.service.start();
      await first.service.create(
        {
          name: 'Inventory at night',
          type: 'collect-info',
          targets: { clientIds: [id] },
          schedule: { kind: 'now' },
          options: { shutdownAfter: true, upPort: OS_PORT, waitSec: 5, retries: 0 },
        },
        'tester',
      );
      await waitIdle(first.service, 20_000);
    } finally {
      await first.close();
    }
    // The graceful off takes the simulated OS a moment (150 ms here); bounded wait.
    for (let i = 0; i < 100 && device.getPowerState() !== POWER_OFF_SOFT; i++)
      await new Promise((r) => setTimeout(r, 20));
    await device.settled();
    expect(device.actionsReceived()).toMatchObject({ powerOn: 1, gracefulOff: 1, powerOff: 0 });
    expect(device.getPowerState()).toBe(POWER_OFF_SOFT);

    // The crash: the graceful off is journalled as sent, the target was not yet saved as done.
    const db = new Database(join(dir, 'amt-console.db'));
    const journal = db.prepare("SELECT action, status FROM job_actions WHERE action = 'graceful-off'").all();
    expect(journal).toEqual([{ action: 'graceful-off', status: 'sent' }]);
    db.prepare("UPDATE job_targets SET state = 'shutting-down', ended_at = NULL").run();
    db.close();

    const second = startHarness({ name: 'shutdown-resume', wolPort: WOL_PORT, dir });
    try {
      await second.service.start();
      await waitIdle(second.service, 20_000);
      const [job] = await second.service.list();
      const page = await second.service.targets(job?.latestRunId as never, { offset: 0, limit: 10 });
      expect(page.rows[0]).toMatchObject({ state: 'done' });
      expect(page.rows[0]?.reason).toContain('shut down gracefully');
    } finally {
      await second.close();
    }
    await device.settled();
    expect(device.actionsReceived()).toMatchObject({ powerOn: 1, gracefulOff: 1, powerOff: 0 });
  }, 60_000);
});
