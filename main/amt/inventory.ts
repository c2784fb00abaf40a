// Hardware inventory: system UUID, BIOS, CPUs, memory, chassis, baseboard (amt-protocols.md §2.9). The BIOS
// collects it at boot, so it can be empty or stale until the platform has booted once.

import type { WsmanClient } from './wsman-client';
import { platformGuidToUuid } from './platform-uuid';
import {
  readOptionalDatetime,
  readOptionalNumber,
  readOptionalString,
  readString,
  type WsmanRecord,
} from './wsman-record';

export const CLASS_COMPUTER_SYSTEM_PACKAGE = 'CIM_ComputerSystemPackage';
export const CLASS_BIOS_ELEMENT = 'CIM_BIOSElement';
export const CLASS_PROCESSOR = 'CIM_Processor';
export const CLASS_PHYSICAL_MEMORY = 'CIM_PhysicalMemory';
export const CLASS_CHASSIS = 'CIM_Chassis';
export const CLASS_CARD = 'CIM_Card';

export interface SystemUuid {
  /** Usual UUID text, lower case. */
  readonly uuid: string;
  /** PlatformGUID as sent (SMBIOS byte order). */
  readonly platformGuid: string;
}

export interface BiosInfo {
  readonly manufacturer: string | undefined;
  readonly version: string | undefined;
  readonly softwareElementId: string | undefined;
  /** ISO text from the nested Datetime, e.g. `2020-08-10T00:00:00Z`. */
  readonly releaseDate: string | undefined;
}

export interface ProcessorInfo {
  readonly deviceId: string | undefined;
  /** DMTF processor family number. */
  readonly family: number | undefined;
  readonly maxClockSpeedMhz: number | undefined;
  readonly currentClockSpeedMhz: number | undefined;
  readonly cpuStatus: number | undefined;
}

export interface MemoryModule {
  readonly bankLabel: string | undefined;
  readonly manufacturer: string | undefined;
  readonly serialNumber: string | undefined;
  /** Exactly as reported: some modules pad it with a trailing space. */
  readonly partNumber: string | undefined;
  readonly capacityBytes: number | undefined;
  readonly formFactor: number | undefined;
  readonly memoryType: number | undefined;
  readonly speedMhz: number | undefined;
  readonly tag: string | undefined;
}

/** Chassis (CIM_Chassis) or baseboard (CIM_Card). */
export interface PhysicalPackageInfo {
  readonly manufacturer: string | undefined;
  readonly model: string | undefined;
  readonly version: string | undefined;
  readonly serialNumber: string | undefined;
  readonly tag: string | undefined;
}

export interface HardwareInventory {
  readonly system: SystemUuid;
  readonly bios: BiosInfo;
  readonly processors: readonly ProcessorInfo[];
  readonly memory: readonly MemoryModule[];
  readonly chassis: PhysicalPackageInfo;
  readonly baseboard: PhysicalPackageInfo;
}

export async function getSystemUuid(client: WsmanClient): Promise<SystemUuid> {
  const r = await client.get(CLASS_COMPUTER_SYSTEM_PACKAGE);
  const platformGuid = readString(r, 'PlatformGUID', CLASS_COMPUTER_SYSTEM_PACKAGE);
  return { uuid: platformGuidToUuid(platformGuid), platformGuid };
}

export async function getBios(client: WsmanClient): Promise<BiosInfo> {
  const r = await client.get(CLASS_BIOS_ELEMENT);
  return {
    manufacturer: readOptionalString(r, 'Manufacturer'),
    version: readOptionalString(r, 'Version'),
    softwareElementId: readOptionalString(r, 'SoftwareElementID'),
    releaseDate: readOptionalDatetime(r, 'ReleaseDate'),
  };
}

export async function getProcessors(client: WsmanClient): Promise<ProcessorInfo[]> {
  const items = await client.enumerate(CLASS_PROCESSOR);
  return items.map((r) => ({
    deviceId: readOptionalString(r, 'DeviceID'),
    family: readOptionalNumber(r, 'Family'),
    maxClockSpeedMhz: readOptionalNumber(r, 'MaxClockSpeed'),
    currentClockSpeedMhz: readOptionalNumber(r, 'CurrentClockSpeed'),
    cpuStatus: readOptionalNumber(r, 'CPUStatus'),
  }));
}

export async function getMemoryModules(client: WsmanClient): Promise<MemoryModule[]> {
  const items = await client.enumerate(CLASS_PHYSICAL_MEMORY);
  return items.map((r) => ({
    bankLabel: readOptionalString(r, 'BankLabel'),
    manufacturer: readOptionalString(r, 'Manufacturer'),
    serialNumber: readOptionalString(r, 'SerialNumber'),
    partNumber: readOptionalString(r, 'PartNumber'),
    capacityBytes: readOptionalNumber(r, 'Capacity'),
    formFactor: readOptionalNumber(r, 'FormFactor'),
    memoryType: readOptionalNumber(r, 'MemoryType'),
    speedMhz: readOptionalNumber(r, 'ConfiguredMemoryClockSpeed') ?? readOptionalNumber(r, 'MaxMemorySpeed'),
    tag: readOptionalString(r, 'Tag'),
  }));
}

function toPackage(r: WsmanRecord): PhysicalPackageInfo {
  return {
    manufacturer: readOptionalString(r, 'Manufacturer'),
    model: readOptionalString(r, 'Model'),
    version: readOptionalString(r, 'Version'),
    serialNumber: readOptionalString(r, 'SerialNumber'),
    tag: readOptionalString(r, 'Tag'),
  };
}

export async function getChassis(client: WsmanClient): Promise<PhysicalPackageInfo> {
  return toPackage(await client.get(CLASS_CHASSIS));
}

export async function getBaseboard(client: WsmanClient): Promise<PhysicalPackageInfo> {
  return toPackage(await client.get(CLASS_CARD));
}

/** Everything above, one class at a time (one request in flight per device, §1.2). */
export async function getHardwareInventory(client: WsmanClient): Promise<HardwareInventory> {
  const system = await getSystemUuid(client);
  const bios = await getBios(client);
  const processors = await getProcessors(client);
  const memory = await getMemoryModules(client);
  const chassis = await getChassis(client);
  const baseboard = await getBaseboard(client);
  return { system, bios, processors, memory, chassis, baseboard };
}
