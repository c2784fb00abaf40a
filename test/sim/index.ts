// Public entry of the AMT device simulator (test/sim): startFleet/startDevice and the types tests, benchmarks and
// `amtctl sim` (through dist/sim/index.mjs) use. Imports nothing from main/ or shared/: an independent peer.
import { startFleet, type FleetOptions } from './fleet';
import type { SimDevice } from './sim-device';

export {
  startFleet,
  allocateAddresses,
  DEFAULT_SIM_PASSWORD,
  DEFAULT_BASE_ADDRESS,
  type Fleet,
  type FleetOptions,
} from './fleet';
export {
  SimDevice,
  SIM_BIOS_NAMES,
  type DeviceStats,
  type ActionsReceived,
  type SimBios,
  type SerialConsole,
} from './sim-device';
export { QemuHost, QEMU_BINARY } from './qemu-host';
export { FAULT_NAMES, type FaultName } from './fault-switches';
export type { BootPlan, BootRecord, BootTarget } from './boot-configuration';
export type { DeviceProfile } from './device-profile';
export {
  DEFAULT_STORAGE_LIMITS,
  STORAGE_STATUS,
  UNWRITTEN_BYTE,
  type OsIdentity,
  type StorageBlockView,
  type StorageLimits,
} from './third-party-storage';
export { uuidToPlatformGuid } from './device-profile';
export { DEFAULT_TRANSITION_MS } from './power-state-machine';
export {
  AMT_HTTP_PORT,
  AMT_TLS_PORT,
  PORT_STRIDE,
  POWER_ON,
  POWER_SLEEP_DEEP,
  POWER_HIBERNATE,
  POWER_OFF_SOFT,
  RETURN_BUSY,
  RETURN_INVALID_STATE,
  RETURN_UNSUPPORTED,
} from './constants';

/** One device (a fleet of one); close it with `device.close()`. `index` picks which seeded identity it gets. */
export async function startDevice(
  options: Omit<FleetOptions, 'count'> & { readonly index?: number } = {},
): Promise<SimDevice> {
  const index = options.index ?? 0;
  const fleet = await startFleet({
    ...options,
    count: index + 1,
    // Only the requested device listens; the others exist just to keep the seeded identities aligned.
    withoutAmt: Array.from({ length: index }, (_, i) => i),
  });
  return fleet.devices[index] as SimDevice;
}
export { BIOS_ITEMS, POST_BANNER, SETUP_TITLE } from './sol-bios';
export { REDIRECTION_PORT, REDIRECTION_TLS_PORT } from './redirection-frames';
export type { IderFirmware, AtapiResult, SimDrive, IderStartMode as SimIderStartMode } from './ider-firmware';
export { DEFAULT_WOL_PORT, isMagicPacketFor, type WakeOnLanStats } from './wake-on-lan-listener';
