// Per-device data of a simulated AMT machine, generated deterministically from (seed, index):
// firmware version, identity, network settings, digest realm, SMBIOS UUID and hardware inventory (§2.1–2.3, §2.9).
import { seededRandom, type SeededRandom } from './seeded-random';

export interface FirmwareRelease {
  readonly version: string; // e.g. 15.0.23
  readonly build: number; // e.g. 1706
}

/** A mix of releases seen in the field: AMT 11.8 (TLS 1.0/1.1 era), 12.0, 15.0, 16.1 (TLS-only remotely). */
export const FIRMWARE_RELEASES: readonly FirmwareRelease[] = [
  { version: '11.8.50', build: 3425 },
  { version: '11.8.55', build: 3510 },
  { version: '12.0.67', build: 1579 },
  { version: '12.0.70', build: 1652 },
  { version: '15.0.23', build: 1706 },
  { version: '16.1.25', build: 2124 },
  { version: '16.1.27', build: 2225 },
];

export interface ProcessorInfo {
  readonly family: number;
  readonly maxClockMhz: number;
  readonly currentClockMhz: number;
  readonly stepping: number;
}

export interface DimmInfo {
  readonly bankLabel: string;
  readonly capacityBytes: number;
  readonly manufacturer: string;
  readonly partNumber: string;
  readonly serialNumber: string;
  readonly speedMhz: number;
  readonly tag: string;
}

export interface BoardInfo {
  readonly manufacturer: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly version: string;
}

export interface DeviceProfile {
  readonly index: number;
  readonly firmware: FirmwareRelease;
  /** Major.minor.patch as CIM_SoftwareIdentity reports it. */
  readonly amtVersion: string;
  readonly sku: string;
  readonly hostName: string;
  readonly domainName: string;
  /** Dash-separated lower-case, as AMT writes MACAddress. */
  readonly mac: string;
  readonly dhcpEnabled: boolean;
  readonly ipAddress: string;
  readonly subnetMask: string;
  readonly defaultGateway: string;
  readonly primaryDns: string;
  /** `Digest:` + 32 upper-case hex digits, fixed per device (§1.7). */
  readonly realm: string;
  /** Usual UUID string (lower-case, dashed). */
  readonly uuid: string;
  /** The same UUID in raw SMBIOS byte order, 32 upper-case hex digits, as PlatformGUID carries it (§2.9). */
  readonly platformGuid: string;
  readonly password: string;
  readonly bios: { readonly manufacturer: string; readonly version: string; readonly releaseDate: string };
  readonly chassis: BoardInfo;
  readonly baseboard: BoardInfo;
  readonly processors: readonly ProcessorInfo[];
  readonly dimms: readonly DimmInfo[];
}

interface Vendor {
  readonly manufacturer: string;
  readonly models: readonly string[];
  readonly biosPrefix: string;
}

const VENDORS: readonly Vendor[] = [
  { manufacturer: 'Dell Inc.', models: ['OptiPlex 7090', 'OptiPlex 5000', 'Latitude 5420'], biosPrefix: '1.' },
  { manufacturer: 'HP', models: ['HP EliteDesk 800 G6', 'HP ProDesk 600 G5', 'HP EliteBook 840 G8'], biosPrefix: 'S0' },
  { manufacturer: 'LENOVO', models: ['ThinkCentre M90q', 'ThinkCentre M720s', 'ThinkPad T14'], biosPrefix: 'M3' },
  { manufacturer: 'Intel(R) Client Systems', models: ['NUC9V7QNX', 'NUC11TNHv5'], biosPrefix: 'QNCFLX70.' },
];

const MAC_OUIS: readonly string[] = ['00-be-43', '8c-ec-4b', 'a4-bb-6d', '54-b2-03', 'e4-54-e8'];
const DOMAINS: readonly string[] = ['corp.example', 'lab.example.net', 'branch.example.org', ''];
const DIMM_VENDORS: readonly { id: string; part: string }[] = [
  { id: '859B', part: 'CT16G4SFD824A.M16FE ' },
  { id: '80CE', part: 'M471A2K43DB1-CWE    ' },
  { id: '802C', part: '8ATF1G64HZ-3G2J1    ' },
];
const MEMORY_SIZES_BYTES: readonly number[] = [4, 8, 16, 32].map((gib) => gib * 1024 ** 3);

/** Password that satisfies AMT's rules (§1.9): 8–32 chars, upper, lower, digit, symbol, no `:` `,` `"`. */
export function isValidAmtPassword(password: string): boolean {
  return (
    password.length >= 8 &&
    password.length <= 32 &&
    /[A-Z]/.test(password) &&
    /[a-z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[^A-Za-z0-9_]/.test(password) &&
    /^[\x20-\x7e]*$/.test(password) &&
    !/[:,"]/.test(password)
  );
}

function generatePassword(rng: SeededRandom): string {
  return `Sim${rng.hex(6, false)}!${rng.int(10, 99)}`;
}

/** Reverses the byte order of the first three UUID groups: usual string form <-> SMBIOS raw order. */
export function uuidToPlatformGuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toUpperCase();
  const swap = (part: string): string => part.match(/../g)!.reverse().join('');
  return swap(hex.slice(0, 8)) + swap(hex.slice(8, 12)) + swap(hex.slice(12, 16)) + hex.slice(16);
}

function generateUuid(rng: SeededRandom): string {
  const hex = rng.hex(32, false).split('');
  hex[12] = '4'; // version 4 layout, so the value looks like a normal UUID
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function serial(rng: SeededRandom, length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

export interface ProfileOptions {
  readonly seed: string | number;
  readonly index: number;
  /** Fleet-wide password; when absent each device gets its own generated one. */
  readonly password?: string;
}

export function generateDeviceProfile(options: ProfileOptions): DeviceProfile {
  const { index } = options;
  const rng = seededRandom(`${options.seed}/device/${index}`);
  const firmware = rng.pick(FIRMWARE_RELEASES);
  const vendor = rng.pick(VENDORS);
  const model = rng.pick(vendor.models);
  const domainName = rng.pick(DOMAINS);
  const hostName = `pc-${rng.pick(['ops', 'fin', 'lab', 'hr', 'dev', 'kiosk'])}-${String(index).padStart(4, '0')}`;
  // The two low MAC bytes come from the index, so MACs are unique within a fleet of up to 65,536 devices.
  const mac = `${rng.pick(MAC_OUIS)}-${rng.hex(2, false)}-${((index >> 8) & 0xff).toString(16).padStart(2, '0')}-${(
    index & 0xff
  )
    .toString(16)
    .padStart(2, '0')}`;
  const subnet = rng.int(0, 250);
  const ipAddress = `10.${(index >> 8) & 0xff}.${subnet}.${(index % 250) + 2}`;
  const uuid = generateUuid(rng);
  const generatedPassword = generatePassword(rng);
  const biosYear = rng.int(2019, 2024);
  const biosMonth = String(rng.int(1, 12)).padStart(2, '0');
  const biosDay = String(rng.int(1, 28)).padStart(2, '0');
  const biosVersion = `${vendor.biosPrefix}${rng.int(1, 30)}.${rng.int(0, 9)}.${rng.int(0, 9)}`;
  const cpuCount = rng.chance(0.1) ? 2 : 1;
  const maxClock = rng.pick([3600, 4200, 4700, 5000]);
  const processors: ProcessorInfo[] = Array.from({ length: cpuCount }, () => ({
    family: rng.pick([198, 205, 206]),
    maxClockMhz: maxClock,
    currentClockMhz: rng.pick([2400, 2900, 3200]),
    stepping: rng.int(1, 13),
  }));
  const dimmVendor = rng.pick(DIMM_VENDORS);
  const dimmSize = rng.pick(MEMORY_SIZES_BYTES);
  const dimmCount = rng.pick([1, 2, 2, 4]);
  const dimms: DimmInfo[] = Array.from({ length: dimmCount }, (_, slot) => ({
    bankLabel: `BANK ${slot * 2}`,
    capacityBytes: dimmSize,
    manufacturer: dimmVendor.id,
    partNumber: dimmVendor.part,
    serialNumber: rng.hex(8),
    speedMhz: rng.pick([2400, 2666, 3200]),
    tag: slot === 0 ? '9876543210' : `9876543210 (#${slot})`,
  }));
  return {
    index,
    firmware,
    amtVersion: firmware.version,
    sku: '16392',
    hostName,
    domainName,
    mac,
    dhcpEnabled: rng.chance(0.7),
    ipAddress,
    subnetMask: '255.255.255.0',
    defaultGateway: `10.${(index >> 8) & 0xff}.${subnet}.1`,
    primaryDns: `10.${(index >> 8) & 0xff}.${subnet}.1`,
    realm: `Digest:${rng.hex(32)}`,
    uuid,
    platformGuid: uuidToPlatformGuid(uuid),
    password: options.password ?? generatedPassword,
    bios: {
      manufacturer: vendor.manufacturer,
      version: biosVersion,
      releaseDate: `${biosYear}-${biosMonth}-${biosDay}T00:00:00Z`,
    },
    chassis: {
      manufacturer: vendor.manufacturer,
      model,
      serialNumber: serial(rng, 7),
      version: rng.pick(['', '1.0', 'A01']),
    },
    baseboard: {
      manufacturer: vendor.manufacturer,
      model: `0${serial(rng, 5)}`,
      serialNumber: `/${serial(rng, 7)}/${serial(rng, 14)}/`,
      version: 'A00',
    },
    processors,
    dimms,
  };
}
