// `npm run demo`: the console on a simulated fleet. Starts 12 simulated AMT PCs on loopback (127.50.0.1–12)
// below the managing server and two relays (some asleep or off, two without AMT, one expecting another
// password than the fleet's), seeds a fresh demo user-data folder through the console's own API, then
// starts the console: Electron where its binary exists, otherwise the headless host, whose URL it prints.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startConsoleHost, VAULT_KEY_FILE } = await import(join(root, 'dist/host/main.mjs'));
const {
  DEMO_COUNT: COUNT,
  DEMO_WITHOUT_AMT: WITHOUT_AMT,
  DEMO_WRONG_PASSWORD: WRONG_PASSWORD,
  startDemoFleet,
  seedDemoConsole,
} = await import('./demo-fleet.mjs');

// --base-address moves the fleet (tests use their own loopback range); --headless skips Electron; --bios qemu puts a
// QEMU VM with SeaBIOS behind every simulated PC (a VM starts when the PC boots: power on, reset, boot actions).
const args = process.argv.slice(2);
const argValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const bios = argValue('--bios');
if (bios !== undefined && bios !== 'script' && bios !== 'qemu') {
  console.error('demo: --bios takes script or qemu');
  process.exit(2);
}
const {
  fleet,
  password: DEFAULT_SIM_PASSWORD,
  powerIndexes,
} = await startDemoFleet({ baseAddress: argValue('--base-address'), bios });
const hosts = fleet.devices.map((d) => d.host);

// A fresh folder per run: the simulator issues new certificates at every start, so old pins would not match.
const userDataDir = mkdtempSync(join(tmpdir(), 'amt-console-demo-'));
const keyFile = join(userDataDir, VAULT_KEY_FILE);
const log = (line) => console.error(`  [console] ${line}`);

async function call(core, channel, request) {
  const reply = await core.router.handle(channel, request, { transport: 'host', peer: 'demo seeding' });
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value;
}

/** Seeds relays, clients and the default credential profile through the same router the UI uses. */
const seed = (core) => seedDemoConsole((channel, request) => call(core, channel, request), fleet, DEFAULT_SIM_PASSWORD);

let running = await startConsoleHost({ userDataDir, log });
const seeded = await seed(running.core);
const failed = seeded.results.filter((r) => !r.ok).length;

console.log(`Simulated fleet: ${COUNT} PCs on ${hosts[0]} … ${hosts.at(-1)} (AMT ports 16992/16993).`);
console.log(`  below the server: ${hosts.slice(0, 4).join(', ')}`);
console.log(`  below ${seeded.east.name}: ${hosts.slice(4, 8).join(', ')}`);
console.log(`  below ${seeded.west.name}: ${hosts.slice(8).join(', ')}`);
console.log(`  without AMT (firmware version N/A): ${WITHOUT_AMT.map((i) => hosts[i]).join(', ')}`);
console.log(`  expects another password than the fleet's: ${hosts[WRONG_PASSWORD]}`);
console.log(`  some asleep, hibernating or off: ${powerIndexes.map((i) => hosts[i]).join(', ')}`);
console.log(
  `Console data (demo only, removed on exit): ${userDataDir}  (first refresh: ${COUNT - failed} answered, ${failed} with a problem)`,
);

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary was never downloaded.
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path)
      ? { path }
      : { reason: `the Electron binary is missing at ${path}` };
  } catch (error) {
    return { reason: `the Electron binary is not installed here (${String(error.message ?? error).split('\n')[0]})` };
  }
}

const stopAll = async (code = 0) => {
  await running?.close().catch(() => undefined);
  await fleet.close();
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(code);
};
process.once('SIGINT', () => void stopAll());
process.once('SIGTERM', () => void stopAll());

const electron = args.includes('--headless') ? { reason: '--headless was given' } : electronBinary();
if (electron.path) {
  // Electron opens the same folder; the host is stopped first so only one process holds the database.
  await running.close();
  running = undefined;
  console.log('\nStarted: the Electron console (close its window or press Ctrl-C to stop the demo).');
  const child = spawn(electron.path, [root], {
    stdio: 'inherit',
    env: { ...process.env, AMT_CONSOLE_USER_DATA: userDataDir, AMT_CONSOLE_KEY_FILE: keyFile },
  });
  child.on('exit', (code) => void stopAll(code ?? 0));
} else {
  console.log(`\nStarted: the headless host, not Electron (${electron.reason}).`);
  console.log(`Open this address in Chromium or another browser on this machine (it carries a one-time token):`);
  console.log(`  ${running.host.url}`);
}

console.log(`
The fleet keeps running until Ctrl-C. amtctl works on it too, in another terminal:
  export AMT_PASSWORD='${DEFAULT_SIM_PASSWORD}' XDG_CONFIG_HOME='${join(userDataDir, 'amtctl-config')}'
  node bin/amtctl.mjs power status --range ${hosts[0]}-${hosts.at(-1)}
  node bin/amtctl.mjs power on ${hosts[1]} ${hosts[3]} --wait
  node bin/amtctl.mjs info ${hosts[0]}
  node bin/amtctl.mjs inventory ${hosts[0]}
  node bin/amtctl.mjs boot ${hosts[2]} --to bios`);
setInterval(() => {}, 1 << 30);
