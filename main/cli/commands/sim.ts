// `amtctl sim --count N [--json]` (issue spec "amtctl", sim): starts a simulated AMT fleet on loopback,
// prints each device's endpoint and credentials, and runs until SIGINT/SIGTERM, then stops it cleanly.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AmtError } from '../../../shared/domain';
import type { SimBiosName, SimInitialPower } from '../args';
import { formatTable, jsonLine } from '../output';

/**
 * Where the simulator's bundle sits next to the running amtctl bundle (dist/cli/amtctl.mjs →
 * dist/sim/index.mjs). The simulator is a test peer (test/sim/) shipped for demos; main/ never imports
 * test/ statically (architecture: the simulator and the product are independent peers), so amtctl
 * loads the built bundle at run time, only when `sim` is asked for.
 */
export const SIM_BUNDLE_RELATIVE = '../sim/index.mjs';

/** What amtctl needs of one simulated device (test/sim/index.ts is the source of truth). */
export interface SimDeviceInfo {
  readonly host: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  readonly user: string;
  readonly password: string;
  readonly mac: string;
  readonly amtVersion: string;
}

interface SimFleet {
  readonly devices: readonly SimDeviceInfo[];
  close(): Promise<void>;
}

/** The subset of test/sim's FleetOptions amtctl passes (plain data, so it crosses the dynamic import). */
interface SimFleetOptions {
  readonly count: number;
  readonly baseAddress?: string;
  readonly timeScale?: number;
  readonly initialPowerState?: number | 'mixed';
  readonly bios?: SimBiosName;
}

interface SimModule {
  startFleet(options: SimFleetOptions): Promise<SimFleet>;
}

/** DMTF PowerState values the simulator starts devices in (amt-protocols.md §2.4). */
const INITIAL_POWER_VALUE: Readonly<Record<SimInitialPower, number | 'mixed'>> = {
  on: 2,
  'soft-off': 8,
  mixed: 'mixed',
};

export interface SimRunOptions {
  readonly count: number;
  readonly baseAddress: string | undefined;
  readonly timeScale: number | undefined;
  readonly initialPower: SimInitialPower | undefined;
  /** 'qemu': every device's host is a QEMU VM (SOL = its COM1, IDE-R drives through NBD); default the script. */
  readonly bios?: SimBiosName | undefined;
  readonly json: boolean;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stopSignal: () => Promise<string>;
  /** The bundle to load; defaults to the one beside the running amtctl. */
  readonly bundleUrl?: URL;
}

async function loadSimulator(bundleUrl: URL): Promise<SimModule> {
  const path = fileURLToPath(bundleUrl);
  if (!existsSync(path)) {
    throw new AmtError('unsupported', `the simulator is not built (${path} is missing); run 'npm run build' first`);
  }
  const loaded = (await import(bundleUrl.href)) as Partial<SimModule>;
  if (typeof loaded.startFleet !== 'function') {
    throw new AmtError('unsupported', `${path} does not export startFleet(); rebuild with 'npm run build'`);
  }
  return loaded as SimModule;
}

export async function runSim(options: SimRunOptions): Promise<number> {
  const bundleUrl = options.bundleUrl ?? new URL(SIM_BUNDLE_RELATIVE, import.meta.url);
  let sim: SimModule;
  try {
    sim = await loadSimulator(bundleUrl);
  } catch (error) {
    options.err(`amtctl: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  // Listen for the stop request before starting, so a signal during start-up is not lost.
  const stopRequested = options.stopSignal();
  let fleet: SimFleet;
  try {
    fleet = await sim.startFleet({
      count: options.count,
      ...(options.baseAddress !== undefined ? { baseAddress: options.baseAddress } : {}),
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.initialPower !== undefined ? { initialPowerState: INITIAL_POWER_VALUE[options.initialPower] } : {}),
      ...(options.bios !== undefined ? { bios: options.bios } : {}),
    });
  } catch (error) {
    // Typically an address already in use: another simulator (or a real service) holds those ports.
    options.err(`amtctl: the simulator could not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    if (options.json) {
      for (const d of fleet.devices) {
        options.out(
          jsonLine({
            host: d.host,
            httpPort: d.httpPort,
            tlsPort: d.tlsPort,
            user: d.user,
            password: d.password,
            mac: d.mac,
            amtVersion: d.amtVersion,
          }),
        );
      }
    } else {
      options.out(
        formatTable(
          ['HOST', 'HTTP', 'TLS', 'USER', 'PASSWORD', 'MAC', 'AMT'],
          fleet.devices.map((d) => [
            d.host,
            String(d.httpPort),
            String(d.tlsPort),
            d.user,
            d.password,
            d.mac,
            d.amtVersion,
          ]),
        ),
      );
      options.err(`simulating ${fleet.devices.length} AMT device(s); press Ctrl-C to stop`);
    }
    const signal = await stopRequested;
    if (!options.json) options.err(`${signal}: stopping the simulator`);
  } finally {
    await fleet.close();
  }
  return 0;
}
