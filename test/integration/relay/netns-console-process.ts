// The console side of the relay network-namespace test, as its own process inside the console's namespace (run
// with `node --import tsx`): the relay service listening on the console subnet, a one-time code for the relay
// printed as a JSON line, then, once the relay is online, a power-on job for every client (each below the relay)
// run to the end, and each target printed as a JSON line. The store was seeded by the test. Exits by itself.
// Usage: netns-console-process.ts DATA_DIR LISTEN_ADDRESS RELAY_NAME OS_PORT

import { join } from 'node:path';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { createJobService, storeJobDeps } from '../../../main/jobs/index';
import { createConsoleRelayService, loadOrCreateIdentity, relayChannelFor } from '../../../main/relay/index';
import { keyFileProvider, openStore } from '../../../main/store/index';
import type { ClientId } from '../../../shared/domain';

const LIMIT_MS = 60_000;
const [dir, listen, relayName, osPortText] = process.argv.slice(2) as [string, string, string, string];
const limit = setTimeout(() => {
  console.log(JSON.stringify({ error: `the console process did not finish within ${LIMIT_MS} ms` }));
  process.exit(3);
}, LIMIT_MS);

const store = openStore(join(dir, 'amt-console.db'), { keyProvider: keyFileProvider(join(dir, 'vault.key')) });
const relay = store.relays.getByName(relayName);
if (!relay) throw new Error(`no relay named ${relayName} in the seeded store`);
const service = createConsoleRelayService({
  store,
  identity: loadOrCreateIdentity(join(dir, 'console-identity'), 'relay-console', 'amt-console netns test'),
  host: listen,
  port: 0,
  heartbeatMs: 1_000,
  log: (line) => console.error(line),
});
const { port } = await service.listen();
console.log(JSON.stringify({ code: service.issueEnrolmentCode(relay.id, 'tester').code, port }));
for (let i = 0; i < 300 && service.status(relay.id) !== 'online'; i++) await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ relay: service.status(relay.id) }));

const pool = new TransportPool();
const jobs = createJobService({
  ...storeJobDeps({
    store,
    pool,
    pins: new MemoryPinStore(),
    tlsPolicy: 'http-only',
    amtTimeoutMs: 3_000,
    relayChannel: relayChannelFor(service),
  }),
  pollIntervalMs: 100,
  schedulerTickMs: 200,
});
await jobs.start();
const created = await jobs.create(
  {
    name: 'Wake through the relay',
    type: 'power-on',
    targets: { clientIds: store.clients.list().map((c) => c.id as ClientId) },
    schedule: { kind: 'now' },
    options: { waitSec: 20, retries: 0, upPort: Number(osPortText) },
  },
  'tester',
);
await jobs.idle();
const summary = await jobs.get(created.id);
const page = await jobs.targets(summary.latestRunId as never, { offset: 0, limit: 100 });
for (const target of page.rows) console.log(JSON.stringify({ target }));
await jobs.stop();
pool.closeAll();
await service.close();
store.close();
clearTimeout(limit);
console.log(JSON.stringify({ done: true }));
