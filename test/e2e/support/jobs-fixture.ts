// Playwright fixture for the jobs e2e: per worker, a mixed simulated fleet below one relay on this suite's
// loopback block (127.75.0.0/16, one /24 per worker) and the headless host as its own process, started
// with the fleet's Wake-on-LAN port and unicast magic packets (on loopback a subnet-directed broadcast
// reaches no device bound to its own address). Both stop when the worker ends.
import { test as base, expect, type Page } from '@playwright/test';
import { loadSimulator } from '../../../scripts/demo-fleet.mjs';
import { connectRouterClient, startHostProcess, type HostProcess, type RouterClient } from './host-process';

const BLOCK = [127, 75];
/** UDP port of every device's Wake-on-LAN receiver and TCP port its simulated OS answers on while up. */
export const WOL_PORT = 40_009;
export const OS_PORT = 40_022;

/** Device indexes and what each is, so the test can say which target should end how. */
export const MIX = {
  alreadyOn: 0,
  asleep: 1,
  hibernating: 2,
  off: 3,
  wolOnly: 4,
  wrongPassword: 5,
  neverUp: 6,
  unreachable: 7,
} as const;
const COUNT = 8;

export interface JobsEnv {
  readonly host: HostProcess;
  readonly hostNames: readonly string[];
  readonly clientIds: readonly number[];
  readonly relayId: number;
  readonly relayName: string;
  /** The password the wrong-password device really expects (the simulator appends 'Zz'). */
  readonly otherPassword: string;
  /** AMT power-on/off/reset actions each device received, counted by the devices. */
  actions(index: number): { powerOn: number; powerOff: number; reset: number } | undefined;
  /** Switches a device's fault on or off (a PC repaired between a run and its retry). */
  setFault(index: number, fault: string, on: boolean): void;
  powerOff(index: number): void;
  router(): Promise<RouterClient>;
}

export const test = base.extend<{ jobsPage: Page }, { jobsEnv: JobsEnv }>({
  jobsEnv: [
    async ({}, use, workerInfo) => {
      const sim = await loadSimulator();
      const fleet = await sim.startFleet({
        count: COUNT,
        seed: 'jobs-e2e',
        baseAddress: `${BLOCK.join('.')}.${workerInfo.parallelIndex}.1`,
        withoutAmt: [MIX.wolOnly],
        faults: { [MIX.wrongPassword]: ['wrongPassword'], [MIX.neverUp]: ['neverUp'], [MIX.unreachable]: ['drop'] },
        wakeOnLan: true,
        wakeOnLanPort: WOL_PORT,
        upDelayMs: { min: 300, max: 1500 },
        osPort: OS_PORT,
      });
      const power = {
        [MIX.asleep]: sim.POWER_SLEEP_DEEP,
        [MIX.hibernating]: sim.POWER_HIBERNATE,
        [MIX.off]: sim.POWER_OFF_SOFT,
      };
      for (const [index, state] of Object.entries(power)) fleet.devices[Number(index)].setPowerState(state);
      for (const index of [MIX.wolOnly, MIX.wrongPassword, MIX.neverUp, MIX.unreachable]) {
        fleet.devices[index].setPowerState(sim.POWER_OFF_SOFT);
      }
      let host: HostProcess | undefined;
      try {
        host = await startHostProcess(['--wol-port', String(WOL_PORT), '--wol-unicast']);
        const seeding = await connectRouterClient(host);
        const password = sim.DEFAULT_SIM_PASSWORD;
        await seeding.call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password });
        const relay = await seeding.call('relays:add', {
          name: 'Relay Jobs',
          kind: 'relay-system',
          host: 'relay-jobs.corp.example',
        });
        const ids: number[] = [];
        for (const d of fleet.devices) {
          const client = await seeding.call('clients:add', {
            hostName: d.hostName,
            ip: d.host,
            mac: d.mac.replaceAll('-', ':'),
            subnetMask: '255.255.255.0',
            relayId: relay.id,
            os: 'Windows 11 Pro 23H2',
            agentVersion: '3.4.0',
            dhcp: true,
            amtVersion: d.hasAmt ? d.amtVersion : null,
          });
          ids.push(client.id);
        }
        await seeding.call('clients:refresh', { ids });
        await seeding.close();
        const running = host;
        await use({
          host: running,
          hostNames: fleet.devices.map((d: { hostName: string }) => d.hostName),
          clientIds: ids,
          relayId: relay.id,
          relayName: 'Relay Jobs',
          otherPassword: `${password}Zz`,
          actions: (index) => fleet.devices[index]?.actionsReceived(),
          setFault: (index, fault, on) => fleet.devices[index]?.setFault(fault, on),
          powerOff: (index) => fleet.devices[index]?.setPowerState(sim.POWER_OFF_SOFT),
          router: () => connectRouterClient(running),
        });
      } finally {
        await host?.stop();
        await fleet.close();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  jobsPage: async ({ page, jobsEnv }, use) => {
    await page.goto(jobsEnv.host.url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    await use(page);
  },
});

export { expect };
