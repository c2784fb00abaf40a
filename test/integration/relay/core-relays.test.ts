// The composition root with relays (CoreConfig.relays): the console's relay certificate is made once in its
// user-data folder (key 0600, the same on the next start), the listener accepts an enrolled relay, and the
// core's own job service routes a client below that relay through it (one power-on, sent by the relay).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../main/core';
import { createRelayAgent, type RelayAgent } from '../../../main/relay/index';
import { keyFileProvider } from '../../../main/store/index';
import {
  DEFAULT_SIM_PASSWORD,
  POWER_OFF_SOFT,
  POWER_ON,
  startFleet,
  type Fleet,
  type SimDevice,
} from '../../sim/index';
import { waitIdle } from '../jobs/job-harness';

let dir: string;
let fleet: Fleet;
let core: Core;
let agent: RelayAgent;
const logs: string[] = [];

function open(): Core {
  return createCore({
    userDataDir: join(dir, 'console'),
    keyProvider: keyFileProvider(join(dir, 'console', 'vault.key')),
    tlsPolicy: 'http-only',
    amtTimeoutMs: 2_000,
    log: (line) => logs.push(line),
    jobs: { pollIntervalMs: 100, progressTickMs: 50 },
    relays: { port: 0 },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amt-console-core-relays-'));
  fleet = await startFleet({
    count: 1,
    seed: 'core-relays',
    baseAddress: '127.75.0.1',
    ephemeralPorts: true,
    initialPowerState: POWER_OFF_SOFT,
    upDelayMs: 100,
    timeScale: 0.05,
  });
  core = open();
}, 30_000);

afterAll(async () => {
  await agent?.stop();
  await core?.close();
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the core with relays', () => {
  it('keeps one relay certificate in the user-data folder across starts', async () => {
    const first = core.relays?.service.fingerprint;
    expect(first).toMatch(/^[0-9a-f:]{95}$/);
    expect(statSync(join(dir, 'console', 'relay-console-key.pem')).mode & 0o777).toBe(0o600);
    await core.close();
    core = open();
    expect(core.relays?.service.fingerprint).toBe(first);
    const at = await core.relays?.listening;
    expect(logs).toContain(`relays: listening on 127.0.0.1:${at?.port}, console certificate ${first}`);
  });

  it('runs a job for a client below an enrolled relay through that relay', async () => {
    const device = fleet.devices[0] as SimDevice;
    const service = core.relays!.service;
    const at = await core.relays!.listening;
    const relay = core.store.relays.add({ name: 'East', kind: 'relay-system', host: 'east' });
    core.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
    const client = core.store.clients.add({
      hostName: device.hostName,
      ip: device.host,
      amtPort: device.httpPort,
      relayId: relay.id,
      amtVersion: device.amtVersion,
    });
    const { code } = service.issueEnrolmentCode(relay.id, 'tester');
    let relayPowerOns = 0;
    agent = createRelayAgent({
      dataDir: join(dir, 'relay'),
      consoleHost: at.host,
      consolePort: at.port,
      enrolmentCode: code,
      tlsPolicy: 'http-only',
    });
    const run = agent.runner.run.bind(agent.runner);
    agent.runner.run = (work) => {
      if (work.op === 'power') relayPowerOns += 1;
      return run(work);
    };
    await agent.start();
    const job = await core.jobs.create(
      {
        name: 'Through East',
        type: 'power-on',
        targets: { clientIds: [client.id] },
        schedule: { kind: 'now' },
        options: { waitSec: 5, retries: 0 },
      },
      'tester',
    );
    await waitIdle(core.jobs, 20_000);
    expect((await core.jobs.get(job.id)).counts).toMatchObject({ done: 1, failed: 0 });
    expect(relayPowerOns).toBe(1);
    expect(device.actionsReceived().powerOn).toBe(1);
    expect(device.getPowerState()).toBe(POWER_ON);
  }, 30_000);
});
