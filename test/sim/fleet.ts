// Starts a fleet of simulated AMT devices: each on its own loopback address at the standard ports 16992/16993, or
// all on one address with consecutive ports (device i: basePort + 4i, +1, +2 redirection). Options are plain data so `amtctl sim`
// can pass them through a dynamic import of dist/sim/index.mjs.
import {
  AMT_HTTP_PORT,
  AMT_TLS_PORT,
  POWER_HIBERNATE,
  POWER_OFF_SOFT,
  POWER_ON,
  POWER_SLEEP_DEEP,
  PORT_STRIDE,
} from './constants';
import { isFaultName, type FaultName } from './fault-switches';
import { REDIRECTION_PORT, REDIRECTION_TLS_PORT } from './redirection-frames';
import { seededRandom } from './seeded-random';
import { SimDevice, type SimBios } from './sim-device';
import { DEFAULT_WOL_PORT } from './wake-on-lan-listener';
import { CertificateFactory } from './tls-certificates';
import type { StorageLimits } from './third-party-storage';

/**
 * Options of {@link startFleet}. Every field is plain data (JSON-serialisable).
 *
 * - `count` (required): number of devices, 1..10,000.
 * - `seed`: makes every device's data (versions, names, MACs, realms, UUIDs, passwords) reproducible. Default `"amt-sim"`.
 * - `baseAddress`: first loopback address in own-address mode; device i gets the i-th address upward, skipping
 *   x.y.z.0 and x.y.z.255. Default `"127.50.0.1"`. Must stay inside 127.0.0.0/8.
 * - `singleAddress`: put every device on this one address instead, with ports `basePort + 4*i` (HTTP) and `+1` (TLS);
 *   `+2`/`+3` stay reserved for redirection. `'::1'` puts them on the IPv6 loopback.
 * - `basePort`: first HTTP port in single-address mode. Default 16992. 0 = ephemeral ports (not consecutive).
 * - `ephemeralPorts`: in own-address mode, bind port 0 instead of 16992/16993 (for tests that must not clash).
 * - `password`: fleet-wide admin password (AMT rules: 8–32 chars, upper, lower, digit, symbol). Default `"AmtSim-Pass1!"`.
 * - `perDevicePasswords`: give each device its own generated password instead (ignores `password`).
 * - `timeScale`: multiplies power transition times (1 = seconds like real PCs; 0.01 for tests). Default 1.
 * - `withoutAmt`: a fraction 0..1 of devices (chosen from the seed) or a list of device indexes that have no AMT:
 *   nothing listens at their address/ports. Default none.
 * - `faults`: fault switches on at start: a list for every device, or `{ "<index>": [...] }` per device.
 *   Names: slow, noAnswer, dropMidResponse, malformedXml, staleNonce, certChange, busy, wrongPassword, garbage,
 *   noThirdPartyStorage, storageFaultMidway (and the others in fault-switches.ts).
 * - `initialPowerState`: DMTF PowerState every device starts in (2 on, 4 sleep, 7 hibernate, 8 soft-off), or
 *   `"mixed"` (mostly on, some off/sleeping, from the seed). Default 2.
 * - `nonceLifetimeMs`: digest nonce lifetime. Default 5 minutes.
 * - `staleFlagOnExpiry`: answer an expired nonce with stale="true" (real AMT: unconfirmed). Default false.
 * - `lockoutInitialMs`: first lockout period after 10 consecutive failures (doubles up to 16x). Default 5000.
 * - `maxItemsPerPull`: items per Pull for every class (default: all, except CIM_BootSourceSetting 1 like the captures).
 * - `slowDelayMs`: delay of the `slow` fault. Default 3000.
 * - `trickleIntervalMs`: the `trickle` fault sends one response byte per this interval. Default 1000.
 * - `idleTimeoutMs`: idle connections are closed after this. Default 60000.
 * - `keyPoolSize`: RSA keys shared by all certificates. Default 2.
 * - `optInRequired`: IPS_OptInService.OptInRequired at start: 0 (none, admin control mode, default), 1 (KVM only)
 *   or 4294967295 (all redirection and boot changes: client control mode). Run-time code: `device.optInCode()`.
 *   Without consent a SOL/IDE-R session is refused at StartRedirectionSession; consent lapses when the last ends.
 * - `optInCodeTimeoutMs`: how long a consent code stays valid (OptInCodeTimeout). Default 120 s.
 * - `legacyTlsForAmt11`: AMT 11.x devices offer only TLS 1.0/1.1 like real firmware (§1.8). Default false, so
 *   ordinary TLS clients reach every device; turn it on to test a console's legacy TLS profile.
 *
 * - `wakeOnLan`: each device gets a Wake-on-LAN receiver (UDP) on its own address that powers it on when a magic
 *   packet carries its MAC; devices without AMT get one too. Default false. Own-address mode only.
 * - `wakeOnLanPort`: the receivers' UDP port. Default 9; 0 = an ephemeral port per device (`device.wakeOnLanPort`).
 * - `namespaceAddress`: one device at this address on a link of a network namespace that the test created and runs
 *   the simulator in (IPv4, not loopback); its Wake-on-LAN receiver binds to any address, so it sees the subnet's
 *   broadcasts as a NIC would. The only way off 127.0.0.0/8; count must be 1.
 * - `upDelayMs`: real milliseconds from a power-on or magic packet to S0, instead of the scaled defaults: one number
 *   for every device, or `{ min, max }` for a seeded delay per device (the same seed gives the same delays).
 * - `osPort`: a TCP port each device's OS answers on while it is in S0 (the "OS is up" probe); own-address mode only.
 *   `{ "<index>": port }` gives it to some devices only.
 * - Fault switches for client control: `refuse` (AMT ports refuse connections), `drop` (requests and magic packets
 *   are dropped), `neverUp` (power-on and magic packets accepted, S0 never reached). `device.actionsReceived()`
 *   counts the power-ons, offs and resets each device received (what a crash test checks "never twice" with).
 *
 * - `storageDir`: folder where each device keeps its Third Party Data Storage flash and OS identity (one JSON file
 *   per platform UUID), so both survive power cycles and simulator restarts. Default: memory only.
 * - `storageLimits`: 3PDS limits (mtu, totalBytes, bytesPerApplication, maxBlocks, maxApplications, maxNameLength,
 *   registrationTimeoutSec, lockTimeoutSec, writeEraseLimit); defaults in third-party-storage.ts.
 *
 * Always like the firmware: AMT 11.x devices send `Content-Type: application/octet-stream` (AMT 11.8 capture),
 * newer ones `application/soap+xml; charset=UTF-8`.
 */
export interface FleetOptions {
  readonly count: number;
  readonly seed?: string | number;
  readonly baseAddress?: string;
  readonly singleAddress?: string;
  readonly basePort?: number;
  readonly ephemeralPorts?: boolean;
  readonly password?: string;
  readonly perDevicePasswords?: boolean;
  readonly timeScale?: number;
  readonly withoutAmt?: number | readonly number[];
  readonly faults?: readonly FaultName[] | Readonly<Record<string, readonly FaultName[]>>;
  readonly initialPowerState?: number | 'mixed';
  /** The host behind every device: the scripted BIOS (default) or a QEMU VM each (qemu-host.ts). */
  readonly bios?: SimBios;
  readonly nonceLifetimeMs?: number;
  readonly staleFlagOnExpiry?: boolean;
  readonly lockoutInitialMs?: number;
  readonly maxItemsPerPull?: number;
  readonly slowDelayMs?: number;
  readonly trickleIntervalMs?: number;
  readonly idleTimeoutMs?: number;
  readonly keyPoolSize?: number;
  readonly legacyTlsForAmt11?: boolean;
  readonly optInRequired?: number;
  readonly optInCodeTimeoutMs?: number;
  readonly wakeOnLan?: boolean;
  readonly wakeOnLanPort?: number;
  readonly namespaceAddress?: string;
  readonly storageDir?: string;
  readonly storageLimits?: Partial<StorageLimits>;
  readonly upDelayMs?: number | { readonly min: number; readonly max: number };
  readonly osPort?: number | Readonly<Record<string, number>>;
}

export interface Fleet {
  readonly devices: readonly SimDevice[];
  /** Devices that answer (hasAmt). */
  readonly amtDevices: readonly SimDevice[];
  close(): Promise<void>;
}

export const DEFAULT_SIM_PASSWORD = 'AmtSim-Pass1!';
export const DEFAULT_BASE_ADDRESS = '127.50.0.1';
const MAX_DEVICES = 10_000;
const IPV6_LOOPBACK = '::1';

function addressToNumber(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw new Error(`invalid IPv4 address '${address}'`);
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function numberToAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** The first `count` usable loopback addresses from `base` upward, skipping .0 and .255. */
export function allocateAddresses(base: string, count: number): string[] {
  let n = addressToNumber(base);
  const out: string[] = [];
  while (out.length < count) {
    if (n >>> 24 !== 127)
      throw new Error(`simulator addresses must stay in 127.0.0.0/8; ran out at ${numberToAddress(n)}`);
    const last = n & 0xff;
    if (last !== 0 && last !== 255) out.push(numberToAddress(n));
    n += 1;
  }
  return out;
}

function withoutAmtSet(option: FleetOptions['withoutAmt'], count: number, seed: string | number): Set<number> {
  if (option === undefined) return new Set();
  if (typeof option === 'number') {
    if (!(option >= 0 && option <= 1)) throw new Error('withoutAmt as a number must be a fraction between 0 and 1');
    const rng = seededRandom(`${seed}/without-amt`);
    const out = new Set<number>();
    for (let i = 0; i < count; i++) if (rng.chance(option)) out.add(i);
    return out;
  }
  return new Set(option);
}

function faultsFor(option: FleetOptions['faults'], index: number): FaultName[] {
  if (!option) return [];
  const list = Array.isArray(option) ? option : ((option as Record<string, readonly FaultName[]>)[String(index)] ?? []);
  for (const name of list) if (!isFaultName(name)) throw new Error(`unknown simulator fault '${name}'`);
  return [...list];
}

function upDelayFor(option: FleetOptions['upDelayMs'], index: number, seed: string | number): number | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'number') {
    if (!(option >= 0)) throw new Error('upDelayMs must be a number >= 0');
    return option;
  }
  if (!(option.min >= 0 && option.max >= option.min)) throw new Error('upDelayMs needs 0 <= min <= max');
  return seededRandom(`${seed}/up-delay/${index}`).int(Math.round(option.min), Math.round(option.max));
}

function osPortFor(option: FleetOptions['osPort'], index: number): number | undefined {
  const port = typeof option === 'number' ? option : option?.[String(index)];
  if (port === undefined) return undefined;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('osPort must be an integer from 1 to 65535');
  return port;
}

function initialPower(option: FleetOptions['initialPowerState'], index: number, seed: string | number): number {
  if (option === undefined) return POWER_ON;
  if (option !== 'mixed') return option;
  const rng = seededRandom(`${seed}/power/${index}`);
  const roll = rng.next();
  return roll < 0.7 ? POWER_ON : roll < 0.85 ? POWER_OFF_SOFT : roll < 0.95 ? POWER_SLEEP_DEEP : POWER_HIBERNATE;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Starts `options.count` simulated devices and resolves once every listener is bound. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { count } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEVICES)
    throw new Error(`count must be an integer from 1 to ${MAX_DEVICES}`);
  const seed = options.seed ?? 'amt-sim';
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 0)) throw new Error('timeScale must be a number >= 0');
  const single = options.singleAddress;
  const basePort = options.basePort ?? AMT_HTTP_PORT;
  if (single !== undefined) {
    // IPv4 loopback, or the IPv6 loopback ::1 (the console's IPv6 tests).
    if (single !== IPV6_LOOPBACK) addressToNumber(single);
    if (basePort !== 0 && (basePort < 1 || basePort + PORT_STRIDE * count > 65536))
      throw new Error('basePort leaves no room for every device');
  }
  const wakeOnLanPort = options.wakeOnLan === true ? (options.wakeOnLanPort ?? DEFAULT_WOL_PORT) : undefined;
  if (wakeOnLanPort !== undefined) {
    // Every device needs its own address to receive a datagram meant for it (loopback has no broadcast).
    if (single !== undefined) throw new Error('wakeOnLan needs own-address mode (not singleAddress)');
    if (!Number.isInteger(wakeOnLanPort) || wakeOnLanPort < 0 || wakeOnLanPort > 65535)
      throw new Error('wakeOnLanPort must be an integer from 0 to 65535');
  }
  if (options.osPort !== undefined && single !== undefined)
    throw new Error('osPort needs own-address mode (not singleAddress)');
  const inNamespace = options.namespaceAddress;
  if (inNamespace !== undefined) {
    if (count !== 1 || single !== undefined) throw new Error('namespaceAddress is for one device on its own address');
    if (addressToNumber(inNamespace) >>> 24 === 127)
      throw new Error('namespaceAddress is a namespace link address, not loopback');
  }
  const addresses =
    single !== undefined
      ? []
      : inNamespace !== undefined
        ? [inNamespace]
        : allocateAddresses(options.baseAddress ?? DEFAULT_BASE_ADDRESS, count);
  const noAmt = withoutAmtSet(options.withoutAmt, count, seed);
  const certificates = new CertificateFactory(options.keyPoolSize ?? 2);
  const devices: SimDevice[] = [];
  for (let i = 0; i < count; i++) {
    const host = single ?? (addresses[i] as string);
    // A device without AMT on its own address advertises the standard ports: nothing listens there, so a
    // console's connection is refused exactly as for a real PC without AMT.
    const ephemeral = options.ephemeralPorts === true && !noAmt.has(i);
    const httpPort =
      single !== undefined ? (basePort === 0 ? 0 : basePort + PORT_STRIDE * i) : ephemeral ? 0 : AMT_HTTP_PORT;
    const tlsPort = single !== undefined ? (basePort === 0 ? 0 : httpPort + 1) : ephemeral ? 0 : AMT_TLS_PORT;
    devices.push(
      new SimDevice({
        index: i,
        seed,
        host,
        httpPort,
        tlsPort,
        // Redirection: the standard port on its own address, httpPort + 2 in single-address mode.
        redirectionPort: single !== undefined ? (basePort === 0 ? 0 : httpPort + 2) : ephemeral ? 0 : REDIRECTION_PORT,
        redirectionTlsPort:
          single !== undefined ? (basePort === 0 ? 0 : httpPort + 3) : ephemeral ? 0 : REDIRECTION_TLS_PORT,
        password: options.perDevicePasswords ? undefined : (options.password ?? DEFAULT_SIM_PASSWORD),
        hasAmt: !noAmt.has(i),
        timeScale,
        initialPowerState: initialPower(options.initialPowerState, i, seed),
        ...(options.bios ? { bios: options.bios } : {}),
        nonceLifetimeMs: options.nonceLifetimeMs,
        staleFlagOnExpiry: options.staleFlagOnExpiry,
        lockoutInitialMs: options.lockoutInitialMs,
        maxItemsPerPull: options.maxItemsPerPull,
        slowDelayMs: options.slowDelayMs ?? 3000,
        trickleIntervalMs: options.trickleIntervalMs ?? 1000,
        idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
        legacyTlsForAmt11: options.legacyTlsForAmt11 ?? false,
        optInRequired: options.optInRequired ?? 0,
        ...(options.optInCodeTimeoutMs === undefined ? {} : { optInCodeTimeoutMs: options.optInCodeTimeoutMs }),
        faults: faultsFor(options.faults, i),
        certificates,
        ...(wakeOnLanPort === undefined ? {} : { wakeOnLanPort }),
        ...(inNamespace === undefined ? {} : { wakeOnLanBindAddress: '0.0.0.0' }),
        ...(options.storageDir === undefined ? {} : { storageDir: options.storageDir }),
        ...(options.storageLimits === undefined ? {} : { storageLimits: options.storageLimits }),
        ...optional('upDelayMs', upDelayFor(options.upDelayMs, i, seed)),
        ...optional('osPort', osPortFor(options.osPort, i)),
      }),
    );
  }
  const close = async (): Promise<void> => {
    await Promise.all(devices.map((d) => d.close()));
  };
  const started = await Promise.allSettled(devices.map((d) => d.start()));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  return { devices, amtDevices: devices.filter((d) => d.hasAmt), close };
}

export { SimDevice };
