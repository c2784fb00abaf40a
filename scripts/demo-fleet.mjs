// The demo's simulated fleet and how the console is seeded with it, shared by `npm run demo`
// (scripts/demo.mjs) and the browser e2e tests (test/e2e/support): 12 PCs below the managing server and
// two relays, some asleep or off, two without AMT, one expecting another password than the fleet's.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const DEMO_COUNT = 12;
/** Device indexes: PCs without AMT (the tree shows N/A), the one with another password, power states. */
export const DEMO_WITHOUT_AMT = [5, 10];
export const DEMO_WRONG_PASSWORD = 7;
export const DEMO_SOFT_OFF = [1, 11];
const OS_NAMES = ['Windows 11 Pro 23H2', 'Windows 10 Enterprise 22H2', 'Windows 11 Enterprise 24H2'];

/** The simulator's own module, as built by `npm run build` (dist/sim/index.mjs). */
export async function loadSimulator() {
  return import(join(root, 'dist/sim/index.mjs'));
}

/**
 * Starts the demo fleet; `baseAddress` moves it (tests use their own loopback range); `bios: 'qemu'` puts a QEMU VM
 * with SeaBIOS behind every device (issue 9: a real BIOS over SOL, diagnostic images over IDE-R).
 */
export async function startDemoFleet(options = {}) {
  const sim = await loadSimulator();
  const fleet = await sim.startFleet({
    count: DEMO_COUNT,
    seed: 'demo',
    timeScale: options.timeScale ?? 0.3,
    withoutAmt: DEMO_WITHOUT_AMT,
    faults: { [DEMO_WRONG_PASSWORD]: ['wrongPassword'] },
    ...(options.baseAddress ? { baseAddress: options.baseAddress } : {}),
    ...(options.bios ? { bios: options.bios } : {}),
  });
  const power = { 1: sim.POWER_OFF_SOFT, 3: sim.POWER_SLEEP_DEEP, 8: sim.POWER_HIBERNATE, 11: sim.POWER_OFF_SOFT };
  for (const [index, state] of Object.entries(power)) fleet.devices[Number(index)].setPowerState(state);
  return { fleet, password: sim.DEFAULT_SIM_PASSWORD, powerIndexes: Object.keys(power).map(Number) };
}

/**
 * Seeds relays, clients and the default credential profile through the console's own API. `call(channel,
 * request)` resolves to the reply's value or throws: the demo passes the router, the e2e tests the host's
 * WebSocket, so both go through the same schemas and handlers the UI uses.
 */
export async function seedDemoConsole(call, fleet, password) {
  await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password });
  const east = await call('relays:add', {
    name: 'Relay Manager East',
    kind: 'relay-manager',
    host: 'relay-east.corp.example',
    os: 'Windows Server 2022',
    agentVersion: '3.4.0',
  });
  const west = await call('relays:add', {
    name: 'Relay System West',
    kind: 'relay-system',
    host: 'relay-west.corp.example',
    parentId: east.id,
    os: 'Windows Server 2019',
    agentVersion: '3.4.0',
  });
  const relayOf = (i) => (i < 4 ? null : i < 8 ? east.id : west.id);
  const ids = [];
  for (const [i, d] of fleet.devices.entries()) {
    const client = await call('clients:add', {
      hostName: d.hostName,
      ip: d.host,
      mac: d.mac.replaceAll('-', ':'),
      subnetMask: '255.0.0.0',
      relayId: relayOf(i),
      os: OS_NAMES[i % OS_NAMES.length],
      agentVersion: '3.4.0',
      dhcp: true,
      // The firmware version a CSV import or discovery would have recorded; N/A for PCs without AMT.
      amtVersion: d.hasAmt ? d.amtVersion : null,
    });
    ids.push(client.id);
  }
  // One sweep so the tree opens with real power states (and the wrong password already flagged).
  const { results } = await call('clients:refresh', { ids });
  return { east, west, ids, results };
}
