// `npm run demo`: the console's core on its embedded default, a simulated AMT fleet on loopback.
// Starts 8 simulated PCs (some on, some asleep or off, one without AMT, one expecting another password),
// shows amtctl working on them, then keeps the fleet running for you to try commands until Ctrl-C.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startFleet, DEFAULT_SIM_PASSWORD } = await import(join(root, 'dist/sim/index.mjs'));
const amtctl = join(root, 'bin/amtctl.mjs');

const fleet = await startFleet({
  count: 8,
  initialPowerState: 'mixed',
  timeScale: 0.3,
  withoutAmt: [6],
  faults: { 7: ['wrongPassword'] },
});
const hosts = fleet.devices.map((d) => d.host);
// The simulator issues new certificates at every start, so the demo keeps its pins apart from yours.
const configDir = mkdtempSync(join(tmpdir(), 'amt-console-demo-'));
const env = { ...process.env, AMT_USER: 'admin', AMT_PASSWORD: DEFAULT_SIM_PASSWORD, XDG_CONFIG_HOME: configDir };

// Asynchronous on purpose: the simulated fleet answers from this very process's event loop.
function run(args) {
  console.log(`\n$ amtctl ${args.join(' ')}`);
  return new Promise((done) => {
    execFile(process.execPath, [amtctl, ...args], { env, encoding: 'utf8', timeout: 120_000 }, (_error, stdout, stderr) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      done();
    });
  });
}

console.log(`Simulated fleet: ${hosts.length} PCs on ${hosts[0]} … ${hosts.at(-1)} (ports 16992/16993).`);
console.log(`${hosts[6]} has no AMT; ${hosts[7]} expects a different password.`);
await run(['power', 'status', ...hosts]);
await run(['info', hosts[0]]);

console.log(`
The fleet keeps running until Ctrl-C. In another terminal, try:
  export AMT_PASSWORD='${DEFAULT_SIM_PASSWORD}' XDG_CONFIG_HOME='${configDir}'
  node bin/amtctl.mjs power status --range ${hosts[0]}-${hosts.at(-1)}
  node bin/amtctl.mjs power on ${hosts.join(' ')} --wait
  node bin/amtctl.mjs inventory ${hosts[0]}
  node bin/amtctl.mjs boot ${hosts[1]} --to bios
  curl --digest -u 'admin:${DEFAULT_SIM_PASSWORD}' http://${hosts[0]}:16992/wsman -d @request.xml`);

const stop = async () => {
  await fleet.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
