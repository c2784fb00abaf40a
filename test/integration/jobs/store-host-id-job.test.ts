// The "store host ID" job type (main/jobs/types/store-host-id.ts, mission M4) against the simulator through the
// real job service and store: a client with 3PDS gets its ID written (without waking it: AMT storage answers
// while the PC is off), one without 3PDS is keyed by its platform UUID, a wrong password and a PC without AMT
// fail with their reasons. Loopback range: 127.100.60.0/24.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientId, JobTarget } from '../../../shared/domain';
import { DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { addClients, clientOf, startHarness, waitIdle, type JobHarness } from './job-harness';

const WOL_PORT = 0;
let fleet: Fleet;
let h: JobHarness;
let ids: ClientId[];
const dev = (i: number): SimDevice => fleet.devices[i] as SimDevice;

beforeAll(async () => {
  fleet = await startFleet({
    count: 4,
    seed: 'store-host-id-job',
    baseAddress: '127.100.60.1',
    ephemeralPorts: true,
    withoutAmt: [3],
    timeScale: 0.05,
    initialPowerState: POWER_OFF_SOFT,
    faults: { '1': ['noThirdPartyStorage'], '2': ['wrongPassword'] },
  });
  h = startHarness({ name: 'store-host-id-job', wolPort: WOL_PORT });
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  ids = addClients(
    h.store,
    fleet.devices.map((d) => clientOf(d)),
  );
  await h.service.start();
}, 30_000);

afterAll(async () => {
  await h?.close();
  await fleet?.close();
});

describe('job type "store host ID"', () => {
  it("stores each target's host ID or says why not, without powering anything on", async () => {
    const summary = await h.service.create(
      {
        name: 'Host IDs',
        type: 'store-host-id',
        targets: { clientIds: ids },
        schedule: { kind: 'now' },
        options: { waitSec: 0, retries: 0, shutdownAfter: false },
      },
      'tester',
    );
    await waitIdle(h.service, 30_000);
    const page = await h.service.targets((await h.service.get(summary.id)).latestRunId as never, {
      offset: 0,
      limit: 10,
    });
    const byHost = new Map(page.rows.map((r: JobTarget) => [r.hostName, r]));
    const stored = byHost.get(dev(0).hostName)!;
    expect(stored.state).toBe('done');
    expect(stored.reason).toMatch(/Written to AMT storage/);
    expect(h.store.hostIds.get(ids[0]!)?.kept).toBe('amt-storage');
    expect(byHost.get(dev(1).hostName)).toMatchObject({ state: 'done' });
    expect(h.store.hostIds.get(ids[1]!)).toMatchObject({ kept: 'platform-uuid', hostId: dev(1).uuid });
    expect(byHost.get(dev(2).hostName)?.state).toBe('failed');
    expect(byHost.get(dev(2).hostName)?.reason).toMatch(/password/);
    expect(byHost.get(dev(3).hostName)?.state).toBe('failed');
    expect(byHost.get(dev(3).hostName)?.reason).toMatch(/needs AMT/);
    expect(dev(0).getPowerState()).toBe(POWER_OFF_SOFT);
  }, 40_000);
});
