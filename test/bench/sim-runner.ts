// Bench-only simulator process: starts a fleet with startFleet (test/sim), prints one JSON line per device and a ready
// line, then answers "stats" on stdin with the fleet's summed request counters (the independent cross-check of the bench);
// "power-off-all" puts every device back in soft-off first, then answers the same.
import { createInterface } from 'node:readline';
import { POWER_OFF_SOFT, POWER_ON, startFleet } from '../sim/index';

const DEFAULT_BASE_ADDRESS = '127.60.0.1';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const count = Number(option('--count') ?? '1000');
  // The job bench's fleet: asleep in soft-off, each with its seeded come-up time (--up-delay-min/max, ms).
  const upMin = option('--up-delay-min');
  const upMax = option('--up-delay-max');
  const fleet = await startFleet({
    count,
    baseAddress: option('--base-address') ?? DEFAULT_BASE_ADDRESS,
    seed: option('--seed') ?? 'bench',
    ...(upMin !== undefined && upMax !== undefined ? { upDelayMs: { min: Number(upMin), max: Number(upMax) } } : {}),
    ...(option('--initial-power') === 'off' ? { initialPowerState: POWER_OFF_SOFT } : {}),
  });
  const lines: string[] = [];
  for (const d of fleet.amtDevices) {
    // Simulator credentials are test data; they travel only over this pipe to the parent, which never prints them.
    lines.push(
      JSON.stringify({
        host: d.host,
        httpPort: d.httpPort,
        tlsPort: d.tlsPort,
        user: d.user,
        password: d.password,
        realm: d.realm,
        hostName: d.hostName,
        mac: d.mac,
        amtVersion: d.amtVersion,
        upDelayMs: d.upDelayMs ?? null,
      }),
    );
  }
  lines.push(JSON.stringify({ ready: true, devices: fleet.amtDevices.length }));
  process.stdout.write(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void fleet.close().then(() => process.exit(0));
  };
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const command = line.trim();
    // The job bench's next phase starts from the same fleet asleep again.
    if (command === 'power-off-all') for (const d of fleet.amtDevices) d.setPowerState(POWER_OFF_SOFT);
    if (command === 'stats' || command === 'power-off-all') {
      const sum = { requests: 0, unauthorized: 0, connections: 0, powerOns: 0, poweredOn: 0 };
      for (const d of fleet.amtDevices) {
        sum.requests += d.stats.requests;
        sum.unauthorized += d.stats.unauthorized;
        sum.connections += d.stats.connections;
        sum.powerOns += d.actionsReceived().powerOn;
        if (d.getPowerState() === POWER_ON) sum.poweredOn += 1;
      }
      process.stdout.write(`${JSON.stringify({ stats: sum })}\n`);
    } else if (command === 'quit') shutdown();
  });
  // The parent going away (even by a crash) closes stdin: never outlive it.
  input.on('close', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
