// The relay's side of work, over real TLS against the simulator: the job's per-relay limit is held at the relay
// even when the console sends more at once; a step the relay started before a restart and never finished is not
// sent again (the console hears 'uncertain' in words); a request for a relay that is not enrolled, or offline
// past the wait, fails with the reason; nothing the relay wrote holds a password.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmtError, type RelayId } from '../../../shared/domain';
import type { RelayAgent, WorkTarget } from '../../../main/relay/index';
import { DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { startRelayHarness, until, type RelayHarness } from './relay-harness';

let fleet: Fleet;
let h: RelayHarness;
let east: RelayId;
let agent: RelayAgent;

function target(device: SimDevice, clientId: number): WorkTarget {
  return {
    clientId,
    hostName: device.hostName,
    ip: device.host,
    mac: device.mac,
    subnetMask: '255.255.255.0',
    amt: { host: device.host, httpPort: device.httpPort, tlsPort: device.httpPort + 1, usable: true, legacyTls: false },
  };
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 6,
    seed: 'relay-work',
    baseAddress: '127.73.0.1',
    ephemeralPorts: true,
    initialPowerState: POWER_OFF_SOFT,
    slowDelayMs: 150,
    faults: ['slow'],
  });
  h = await startRelayHarness('relay-work');
  east = h.addRelay('East');
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
  for (const d of fleet.devices)
    h.store.clients.add({
      hostName: d.hostName,
      ip: d.host,
      amtPort: d.httpPort,
      relayId: east,
      amtVersion: d.amtVersion,
    });
  agent = await h.enrol(east, 'east');
}, 30_000);

afterAll(async () => {
  await h?.close();
  await fleet?.close();
});

function clientIdOf(device: SimDevice): number {
  return h.store.clients.getByHostName(device.hostName)?.id as number;
}

describe('work at the relay', () => {
  it('holds the per-relay limit when the console sends more at once', async () => {
    const results = await Promise.all(
      fleet.devices.map((d) =>
        h.service.request(
          east,
          { jobId: 41, perRelayLimit: 2, op: 'power-state', target: target(d, clientIdOf(d)) },
          5_000,
        ),
      ),
    );
    expect(results).toEqual(fleet.devices.map(() => ({ op: 'power-state', state: 'soft-off' })));
    expect(agent.runner.maxActiveOf(41)).toBe(2);
  }, 30_000);

  it('never sends again a power action started before a restart, and says why', async () => {
    await agent.stop();
    await until(() => h.service.status(east) === 'offline', 5_000, 'the relay going offline');
    const device = fleet.devices[0] as SimDevice;
    const pending = h.service.request(
      east,
      { jobId: 42, perRelayLimit: 1, op: 'power', action: 'on', target: target(device, clientIdOf(device)) },
      10_000,
    );
    // The relay died between writing 'started' and sending: when the console's held request arrives, its id is
    // already in the work record, unfinished (the test writes it there, as the relay would have before dying).
    const restarted = h.agent('east');
    const run = restarted.runner.run.bind(restarted.runner);
    restarted.runner.run = (work) => {
      if (work.op === 'power' && !restarted.record.get(work.requestId)) {
        restarted.record.started(work.requestId, work.op, work.target.clientId, 'before the restart');
      }
      return run(work);
    };
    await restarted.start();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AmtError);
    expect((error as AmtError).code).toBe('relay-unavailable');
    expect((error as AmtError).message).toMatch(
      /the relay stopped while sending this power and cannot tell whether the device got it; it was not sent again/,
    );
    expect(device.actionsReceived().powerOn).toBe(0);
    agent = restarted;
  }, 30_000);

  it('fails a request for a relay that is offline past the wait, and for one never enrolled', async () => {
    await agent.stop();
    await until(() => h.service.status(east) === 'offline', 5_000, 'the relay going offline');
    const device = fleet.devices[1] as SimDevice;
    const started = Date.now();
    await expect(
      h.service.request(
        east,
        { jobId: 43, perRelayLimit: 1, op: 'power-state', target: target(device, clientIdOf(device)) },
        400,
      ),
    ).rejects.toThrow(/^the relay "East" is offline since .*; waited 0 s for it$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const west = h.addRelay('West');
    await expect(
      h.service.request(west, { jobId: 43, perRelayLimit: 1, op: 'power-state', target: target(device, 1) }, 400),
    ).rejects.toThrow('the relay "West" is not enrolled');
    expect(await h.service.whenOnline(west, 100)).toEqual({ ok: false, words: 'the relay "West" is not enrolled' });
  });

  it('wrote no password in the relay data folder or any log line', () => {
    const dir = join(h.dir, 'relays', 'east');
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['enrolment.json', 'work.json', 'relay-key.pem', 'relay-cert.pem']));
    for (const file of files) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(DEFAULT_SIM_PASSWORD);
    for (const line of h.logs) expect(line).not.toContain(DEFAULT_SIM_PASSWORD);
  });
});
