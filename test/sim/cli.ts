// Command-line entry of the AMT simulator: starts a fleet, prints each device's endpoint and credentials, prints a
// ready line, and runs until SIGINT/SIGTERM. Usage: node dist/sim/cli.mjs --count N [--json] [--seed S] ...
import { startFleet, type FleetOptions } from './fleet';
import { isFaultName, type FaultName } from './fault-switches';

const USAGE = `usage: node dist/sim/cli.mjs --count N [options]
  --count N                 number of devices (required)
  --json                    one JSON object per device per line, then {"ready":true,...}
  --seed S                  seed for all generated device data (default amt-sim)
  --base-address A          first loopback address, one device per address (default 127.50.0.1)
  --single-address A        all devices on one address with consecutive ports
  --base-port P             first HTTP port in single-address mode (device i: P+4i, TLS P+4i+1; default 16992)
  --ephemeral-ports         own-address mode: bind port 0 instead of 16992/16993
  --password PW             fleet-wide admin password (default AmtSim-Pass1!)
  --per-device-passwords    a generated password per device
  --time-scale X            multiply power transition times (default 1)
  --without-amt F           fraction 0..1 of devices without AMT (chosen from the seed)
  --without-amt-list I,J    device indexes without AMT
  --initial-power S         2, 4, 7, 8 or mixed (default 2)
  --fault NAME              turn a fault on for every device (repeatable)`;

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { options: FleetOptions; json: boolean } {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const FLAGS = new Set(['--json', '--ephemeral-ports', '--per-device-passwords', '--help']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (FLAGS.has(arg)) {
      flags.add(arg);
      continue;
    }
    if (!arg.startsWith('--')) fail(`unexpected argument '${arg}'`);
    const value = argv[i + 1];
    if (value === undefined) fail(`${arg} needs a value`);
    values.set(arg, [...(values.get(arg) ?? []), value]);
    i += 1;
  }
  if (flags.has('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const one = (name: string): string | undefined => values.get(name)?.at(-1);
  const num = (name: string): number | undefined => {
    const v = one(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) fail(`${name} must be a number`);
    return n;
  };
  const known = [
    '--count',
    '--seed',
    '--base-address',
    '--single-address',
    '--base-port',
    '--password',
    '--time-scale',
    '--without-amt',
    '--without-amt-list',
    '--initial-power',
    '--fault',
  ];
  for (const name of values.keys()) if (!known.includes(name)) fail(`unknown option ${name}`);
  const count = num('--count');
  if (count === undefined) fail('--count is required');
  const fraction = num('--without-amt');
  const listText = one('--without-amt-list');
  if (fraction !== undefined && listText !== undefined) fail('use either --without-amt or --without-amt-list');
  const list = listText?.split(',').map((v) => Number(v.trim()));
  if (list?.some((n) => !Number.isInteger(n) || n < 0)) fail('--without-amt-list takes device indexes like 1,5,9');
  const withoutAmt = list ?? fraction;
  const faults = values.get('--fault') ?? [];
  for (const f of faults) if (!isFaultName(f)) fail(`unknown fault '${f}'`);
  const power = one('--initial-power');
  const options: FleetOptions = {
    count,
    seed: one('--seed'),
    baseAddress: one('--base-address'),
    singleAddress: one('--single-address'),
    basePort: num('--base-port'),
    ephemeralPorts: flags.has('--ephemeral-ports'),
    password: one('--password'),
    perDevicePasswords: flags.has('--per-device-passwords'),
    timeScale: num('--time-scale'),
    withoutAmt,
    initialPowerState: power === undefined ? undefined : power === 'mixed' ? 'mixed' : Number(power),
    faults: faults as FaultName[],
  };
  return { options, json: flags.has('--json') };
}

async function main(): Promise<void> {
  const { options, json } = parseArgs(process.argv.slice(2));
  const fleet = await startFleet(options);
  const out: string[] = [];
  for (const d of fleet.devices) {
    const record = {
      index: d.profile.index,
      host: d.host,
      httpPort: d.httpPort,
      tlsPort: d.tlsPort,
      user: d.user,
      password: d.password,
      mac: d.mac,
      amtVersion: d.amtVersion,
      hostName: d.hostName,
      realm: d.realm,
      uuid: d.uuid,
      hasAmt: d.hasAmt,
    };
    // The simulator's credentials are test data by design; printing them is the point of this command.
    out.push(
      json
        ? JSON.stringify(record)
        : `${d.hasAmt ? 'amt   ' : 'no-amt'} ${d.host}:${d.httpPort} tls:${d.tlsPort} ${d.user} ${d.password} ${d.mac} AMT ${d.amtVersion} ${d.hostName}`,
    );
  }
  const withAmt = fleet.amtDevices.length;
  out.push(
    json
      ? JSON.stringify({ ready: true, devices: fleet.devices.length, withAmt })
      : `ready: ${fleet.devices.length} devices (${withAmt} with AMT)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void fleet.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
