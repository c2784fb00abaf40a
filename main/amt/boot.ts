// One-shot boot target for the next boot, and "boot to X now" (amt-protocols.md §2.6 sequence, §2.5
// composite actions 100/101, 200–203, 400/401).

import { AmtError, isPoweredDown, POWER_STATE_LABEL, type PowerAction, type PowerState } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { changeBootOrderEnvelope, setBootConfigRoleEnvelope } from './envelope';
import { readOptionalBoolean, type WsmanRecord, type WsmanValue } from './wsman-record';
import { getPowerState, requestPowerAction } from './power';

export const CLASS_BOOT_CAPABILITIES = 'AMT_BootCapabilities';
export const CLASS_BOOT_SETTING_DATA = 'AMT_BootSettingData';
export const CLASS_BOOT_CONFIG_SETTING = 'CIM_BootConfigSetting';
export const CLASS_BOOT_SERVICE = 'CIM_BootService';
const METHOD_CHANGE_BOOT_ORDER = 'ChangeBootOrder';
const METHOD_SET_BOOT_CONFIG_ROLE = 'SetBootConfigRole';

/** The one boot configuration AMT has, and Role 1 = IsNextSingleUse (§2.6). */
export const BOOT_CONFIG_INSTANCE = 'Intel(r) AMT: Boot Configuration 0';
export const BOOT_ROLE_IS_NEXT_SINGLE_USE = 1;

/** CIM_BootSourceSetting InstanceIDs (§2.6). */
export const BOOT_SOURCE = {
  pxe: 'Intel(r) AMT: Force PXE Boot',
  hdd: 'Intel(r) AMT: Force Hard-drive Boot',
  cd: 'Intel(r) AMT: Force CD/DVD Boot',
  diagnostic: 'Intel(r) AMT: Force Diagnostic Boot',
} as const;

/** IDERBootDevice values (§2.6). */
const IDER_DEVICE_FLOPPY = '0';
const IDER_DEVICE_CD = '1';

/**
 * Read-only AMT_BootSettingData fields: MC deletes them before the Put because sending them back makes
 * the Put fail (§2.6).
 */
export const BOOT_SETTING_READ_ONLY_FIELDS = [
  'WinREBootEnabled',
  'UEFILocalPBABootEnabled',
  'UEFIHTTPSBootEnabled',
  'SecureBootControlEnabled',
  'BootguardStatus',
  'OptionsCleared',
  'BIOSLastStatus',
  'RPEEnabled',
] as const;

export type BootTarget = 'bios' | 'ider-floppy' | 'ider-cd' | 'pxe' | 'hdd' | 'cd' | 'diagnostic';

interface BootTargetSpec {
  readonly label: string;
  /** AMT_BootCapabilities flag that must be true. */
  readonly capability: string;
  /** AMT_BootSettingData fields to set (everything else one-shot is reset to its default). */
  readonly settings: Readonly<Record<string, string>>;
  readonly source?: string;
}

export const BOOT_TARGETS: Readonly<Record<BootTarget, BootTargetSpec>> = {
  bios: { label: 'BIOS setup', capability: 'BIOSSetup', settings: { BIOSSetup: 'true' } },
  'ider-floppy': {
    label: 'IDE-R floppy',
    capability: 'IDER',
    settings: { UseIDER: 'true', IDERBootDevice: IDER_DEVICE_FLOPPY },
  },
  'ider-cd': { label: 'IDE-R CD', capability: 'IDER', settings: { UseIDER: 'true', IDERBootDevice: IDER_DEVICE_CD } },
  pxe: { label: 'PXE (network)', capability: 'ForcePXEBoot', settings: {}, source: BOOT_SOURCE.pxe },
  hdd: { label: 'hard drive', capability: 'ForceHardDriveBoot', settings: {}, source: BOOT_SOURCE.hdd },
  cd: { label: 'CD/DVD', capability: 'ForceCDorDVDBoot', settings: {}, source: BOOT_SOURCE.cd },
  diagnostic: {
    label: 'diagnostic partition',
    capability: 'ForceDiagnosticBoot',
    settings: {},
    source: BOOT_SOURCE.diagnostic,
  },
};

export function isBootTarget(value: string): value is BootTarget {
  return Object.prototype.hasOwnProperty.call(BOOT_TARGETS, value);
}

/** One-shot fields cleared on every change so a previous request does not linger. */
const ONE_SHOT_DEFAULTS: Readonly<Record<string, string>> = {
  BIOSSetup: 'false',
  BIOSPause: 'false',
  UseIDER: 'false',
  IDERBootDevice: IDER_DEVICE_FLOPPY,
  UseSafeMode: 'false',
  ReflashBIOS: 'false',
  // Always false (§2.6): true would wipe the BIOS configuration.
  ConfigurationDataReset: 'false',
};

/**
 * Fields another tool may have armed (a pending Secure/Platform Erase, UEFI boot parameters, locked
 * buttons, a password bypass) that must never ride along on our Put: a "boot to PXE" would otherwise run
 * that erase. Reset to their harmless value where the firmware has them (§2.6 "advanced; leave alone").
 */
const CARRY_OVER_RESETS: Readonly<Record<string, string>> = {
  SecureErase: 'false',
  PlatformErase: 'false',
  UserPasswordBypass: 'false',
  LockKeyboard: 'false',
  LockPowerButton: 'false',
  LockResetButton: 'false',
  LockSleepButton: 'false',
  BootMediaIndex: '0',
  UEFIBootNumberOfParams: '0',
};

/** Fields left out of the Put altogether: parameter arrays, a secret, and a policy we must not flip either way. */
const CARRY_OVER_DROPPED = ['UEFIBootParametersArray', 'RSEPassword', 'EnforceSecureBoot'] as const;

export interface SetNextBootOptions {
  /** BIOS console redirected to SOL on this boot (for BIOS setup over SOL). */
  readonly useSol?: boolean;
}

export interface BootCapabilities {
  readonly [flag: string]: boolean;
}

export async function getBootCapabilities(client: WsmanClient): Promise<BootCapabilities> {
  const r = await client.get(CLASS_BOOT_CAPABILITIES);
  const flags: Record<string, boolean> = {};
  // Only true/false fields are capabilities; InstanceID, ElementName and numbers are not.
  for (const [name, value] of Object.entries(r)) {
    if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
      flags[name] = readOptionalBoolean(r, name) === true;
  }
  return flags;
}

/** Sets the next (single) boot to `target` in the order of §2.6 steps 2–6. Consent (step 1) is the caller's. */
export async function setNextBoot(
  client: WsmanClient,
  target: BootTarget,
  options: SetNextBootOptions = {},
): Promise<void> {
  const spec = BOOT_TARGETS[target];
  if (!spec) throw new AmtError('bad-input', `unknown boot target: ${String(target)}`);
  const capabilities = await getBootCapabilities(client);
  if (capabilities[spec.capability] !== true) {
    throw new AmtError(
      'unsupported',
      `the device cannot boot to ${spec.label} (AMT_BootCapabilities.${spec.capability} is not true)`,
    );
  }
  if (options.useSol && capabilities['SOL'] !== true) {
    throw new AmtError(
      'unsupported',
      'the device does not support Serial-over-LAN for the BIOS console (AMT_BootCapabilities.SOL)',
    );
  }
  const current = await client.get(CLASS_BOOT_SETTING_DATA);
  // Some firmware does not clear the previous order by itself (§2.6 step 3).
  await changeBootOrder(client);
  await client.put(CLASS_BOOT_SETTING_DATA, bootSettingsFor(current, spec, options));
  await client.invokeWith(CLASS_BOOT_SERVICE, METHOD_SET_BOOT_CONFIG_ROLE, (id) =>
    setBootConfigRoleEnvelope(id, BOOT_CONFIG_INSTANCE, BOOT_ROLE_IS_NEXT_SINGLE_USE),
  );
  await changeBootOrder(client, spec.source);
}

/**
 * The record to Put: current values, one-shot and destructive carried-over fields reset, the target's fields
 * set, read-only fields, parameter arrays and secrets gone.
 */
export function bootSettingsFor(
  current: WsmanRecord,
  spec: BootTargetSpec,
  options: SetNextBootOptions = {},
): WsmanRecord {
  // Firmware spells some names differently (UEFI…/Uefi…): compared without regard to case.
  const dropped = new Set<string>(
    [...BOOT_SETTING_READ_ONLY_FIELDS, ...CARRY_OVER_DROPPED].map((n) => n.toLowerCase()),
  );
  const resets = new Map(Object.entries(CARRY_OVER_RESETS).map(([name, value]) => [name.toLowerCase(), value]));
  const out: Record<string, WsmanValue> = {};
  for (const [name, value] of Object.entries(current)) {
    if (dropped.has(name.toLowerCase())) continue;
    out[name] = resets.get(name.toLowerCase()) ?? value;
  }
  for (const [name, value] of Object.entries({ ...ONE_SHOT_DEFAULTS, ...spec.settings })) {
    // Only fields this firmware has: older firmware (2015 capture) lacks several, and unknown ones fail the Put.
    if (name in out || name in spec.settings || name === 'ConfigurationDataReset') out[name] = value;
  }
  out['UseSOL'] = options.useSol ? 'true' : 'false';
  return out;
}

async function changeBootOrder(client: WsmanClient, source?: string): Promise<void> {
  await client.invokeWith(CLASS_BOOT_CONFIG_SETTING, METHOD_CHANGE_BOOT_ORDER, (id) =>
    changeBootOrderEnvelope(id, source),
  );
}

export interface BootToResult {
  readonly target: BootTarget;
  readonly previousState: PowerState;
  /** 'on' when the device was off or asleep, 'reset' when it was running. */
  readonly powerAction: PowerAction;
}

/**
 * Power states from which a power-on resumes the OS from memory (ACPI S1–S3) without BIOS POST: a one-shot
 * boot setting would not be used there, and would stay armed for some later, unexpected reboot.
 */
const RESUMES_WITHOUT_POST: ReadonlySet<PowerState> = new Set<PowerState>(['sleep', 'sleep-light']);

function refuseWhileAsleep(state: PowerState, target: BootTarget): void {
  if (!RESUMES_WITHOUT_POST.has(state)) return;
  throw new AmtError(
    'unsupported',
    `The PC is in ${POWER_STATE_LABEL[state]}: powering it on resumes the OS from memory without BIOS POST, so the ` +
      `next boot (${BOOT_TARGETS[target].label}) would not be used and would stay set for a later reboot. Nothing was ` +
      'changed. Power it on first, then boot it (that resets it into the chosen target).',
  );
}

/**
 * Sets the next boot, then powers on (2) from off or hibernation or resets (10) when on, as MC's 100/101 etc.
 * do. Refused, before anything is set, while the PC sleeps (S1–S3): a power-on would resume without POST.
 */
export async function bootTo(
  client: WsmanClient,
  target: BootTarget,
  options: SetNextBootOptions = {},
): Promise<BootToResult> {
  refuseWhileAsleep((await getPowerState(client)).state, target);
  await setNextBoot(client, target, options);
  const { state } = await getPowerState(client);
  refuseWhileAsleep(state, target); // it fell asleep meanwhile: still never a power-on that skips POST
  const powerAction: PowerAction = isPoweredDown(state) ? 'on' : 'reset';
  await requestPowerAction(client, powerAction);
  return { target, previousState: state, powerAction };
}
