// Test harness for client-control jobs against the simulator: a console store on disk in a temp folder,
// clients made from simulated devices, and the jobs service over the real store, AMT core and UDP sender.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientId, JobProgress } from '../../../shared/domain';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { createJobService, storeJobDeps, type JobService } from '../../../main/jobs/index';
import { keyFileProvider, openStore, type ClientFields, type Store } from '../../../main/store/index';
import type { SimDevice } from '../../sim/index';

export interface JobHarness {
  readonly dir: string;
  readonly store: Store;
  readonly service: JobService;
  readonly progress: JobProgress[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly name: string;
  readonly wolPort: number;
  readonly pollIntervalMs?: number;
  readonly dir?: string;
}

/** A client for a simulated device: its address and AMT port, MAC, a /24 mask and its AMT version. */
export function clientOf(device: SimDevice, overrides: Partial<ClientFields> = {}): ClientFields {
  return {
    hostName: device.hostName,
    ip: device.host,
    amtPort: device.hasAmt ? device.httpPort : null,
    mac: device.mac,
    subnetMask: '255.255.255.0',
    amtVersion: device.hasAmt ? device.amtVersion : null,
    ...overrides,
  };
}

export function openHarnessStore(dir: string): Store {
  return openStore(join(dir, 'amt-console.db'), { keyProvider: keyFileProvider(join(dir, 'vault.key')) });
}

export function startHarness(options: HarnessOptions): JobHarness {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `amt-console-${options.name}-`));
  const store = openHarnessStore(dir);
  const pool = new TransportPool();
  const service = createJobService({
    ...storeJobDeps({
      store,
      pool,
      pins: new MemoryPinStore(),
      tlsPolicy: 'http-only',
      amtTimeoutMs: 2_000,
      wolPort: options.wolPort,
      // Loopback has no broadcast: the packet goes to the client's own address (the netns test covers broadcast).
      wolDestination: (device) => ({ kind: 'address', address: device.ip }),
    }),
    pollIntervalMs: options.pollIntervalMs ?? 100,
    schedulerTickMs: 200,
    progressTickMs: 50,
  });
  const progress: JobProgress[] = [];
  service.onProgress((update) => progress.push(update));
  return {
    dir,
    store,
    service,
    progress,
    async close() {
      await service.stop();
      pool.closeAll();
      store.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addClients(store: Store, clients: readonly ClientFields[]): ClientId[] {
  return clients.map((fields) => store.clients.add(fields).id);
}

/** Waits (bounded by `limitMs`) until the service has nothing queued or in work. */
export async function waitIdle(service: JobService, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the jobs did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([service.idle(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
