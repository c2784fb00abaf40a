// Bench-only simulator process: starts a fleet with startFleet (test/sim), prints one JSON line per device and a ready
// line, then answers "stats" on stdin with the fleet's summed request counters (the independent cross-check of the bench).
import { createInterface } from 'node:readline';
import { startFleet } from '../sim/index';

const DEFAULT_BASE_ADDRESS = '127.60.0.1';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const count = Number(option('--count') ?? '1000');
  const fleet = await startFleet({ count, baseAddress: option('--base-address') ?? DEFAULT_BASE_ADDRESS, seed: 'bench' });
  const lines: string[] = [];
  for (const d of fleet.amtDevices) {
    // Simulator credentials are test data; they travel only over this pipe to the parent, which never prints them.
    lines.push(JSON.stringify({ host: d.host, httpPort: d.httpPort, tlsPort: d.tlsPort, user: d.user, password: d.password, realm: d.realm }));
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
    if (line.trim() === 'stats') {
      const sum = { requests: 0, unauthorized: 0, connections: 0 };
      for (const d of fleet.amtDevices) {
        sum.requests += d.stats.requests;
        sum.unauthorized += d.stats.unauthorized;
        sum.connections += d.stats.connections;
      }
      process.stdout.write(`${JSON.stringify({ stats: sum })}\n`);
    } else if (line.trim() === 'quit') shutdown();
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
