// One device's pending boot configuration (§2.6): AMT_BootSettingData as last Put, the ChangeBootOrder source and the
// SetBootConfigRole role. At the next boot the power machine turns it into a BootPlan and clears the one-shot parts.
import { BOOT_SETTING_INSTANCE, BOOT_SETTING_READ_ONLY_FIELDS, BOOT_SOURCE_PREFIX } from './constants';

/** What the machine would boot into; 'default' means its normal boot order. */
export type BootTarget =
  | 'default'
  | 'bios-setup'
  | 'pxe'
  | 'hard-drive'
  | 'cd-dvd'
  | 'diagnostic'
  | 'ider-floppy'
  | 'ider-cd'
  | 'uefi-https'
  | 'uefi-boot-option';

export interface BootPlan {
  readonly target: BootTarget;
  /** InstanceID given to ChangeBootOrder, if any (e.g. `Intel(r) AMT: Force PXE Boot`). */
  readonly source: string | null;
  /** Role from SetBootConfigRole: 1 IsNextSingleUse, 0 IsNext, 2 IsDefault; null when never set. */
  readonly role: number | null;
  readonly biosSetup: boolean;
  readonly biosPause: boolean;
  readonly useIder: boolean;
  readonly iderBootDevice: number;
  readonly useSol: boolean;
}

export interface BootRecord {
  readonly atMs: number;
  readonly plan: BootPlan;
}

/** Boot sources the firmware offers through CIM_BootSourceSetting, with the target each one means. */
export const BOOT_SOURCES: ReadonlyArray<{
  readonly instanceId: string;
  readonly bootString: string;
  readonly target: BootTarget;
}> = [
  { instanceId: `${BOOT_SOURCE_PREFIX}Force Hard-drive Boot`, bootString: 'CIM:Hard-Disk:1', target: 'hard-drive' },
  { instanceId: `${BOOT_SOURCE_PREFIX}Force PXE Boot`, bootString: 'CIM:Network:1', target: 'pxe' },
  { instanceId: `${BOOT_SOURCE_PREFIX}Force CD/DVD Boot`, bootString: 'CIM:CD/DVD:1', target: 'cd-dvd' },
];

/** Properties of AMT_BootSettingData in the order a modern firmware writes them; read-only ones included. */
function defaultSettingData(): Map<string, string | string[]> {
  return new Map<string, string | string[]>([
    ['BIOSLastStatus', ['2', '0']],
    ['BIOSPause', 'false'],
    ['BIOSSetup', 'false'],
    ['BootMediaIndex', '0'],
    ['BootguardStatus', '127'],
    ['ConfigurationDataReset', 'false'],
    ['ElementName', 'Intel(r) AMT Boot Configuration Settings'],
    ['EnforceSecureBoot', 'false'],
    ['FirmwareVerbosity', '0'],
    ['ForcedProgressEvents', 'false'],
    ['IDERBootDevice', '0'],
    ['InstanceID', BOOT_SETTING_INSTANCE],
    ['LockKeyboard', 'false'],
    ['LockPowerButton', 'false'],
    ['LockResetButton', 'false'],
    ['LockSleepButton', 'false'],
    ['OptionsCleared', 'true'],
    ['OwningEntity', 'Intel(r) AMT'],
    ['PlatformErase', 'false'],
    ['RPEEnabled', 'true'],
    ['RSEPassword', ''],
    ['ReflashBIOS', 'false'],
    ['SecureBootControlEnabled', 'true'],
    ['SecureErase', 'false'],
    ['UEFIHTTPSBootEnabled', 'true'],
    ['UEFILocalPBABootEnabled', 'true'],
    ['UefiBootNumberOfParams', '0'],
    ['UseIDER', 'false'],
    ['UseSOL', 'false'],
    ['UseSafeMode', 'false'],
    ['UserPasswordBypass', 'false'],
    ['WinREBootEnabled', 'true'],
  ]);
}

/** Fields a Put may change; InstanceID, ElementName and OwningEntity are accepted only unchanged. */
const IDENTITY_FIELDS = new Set(['InstanceID', 'ElementName', 'OwningEntity']);
/** One-shot flags the firmware clears after the boot that used them. */
const ONE_SHOT_FLAGS = [
  'BIOSPause',
  'BIOSSetup',
  'UseIDER',
  'UseSOL',
  'UseSafeMode',
  'ReflashBIOS',
  'UserPasswordBypass',
  'SecureErase',
];

export type PutResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class BootConfiguration {
  private data = defaultSettingData();
  private source: string | null = null;
  private role: number | null = null;

  settingData(): ReadonlyMap<string, string | string[]> {
    return this.data;
  }

  /** Applies a Put body; refuses read-only fields like the firmware (§2.6: "sending them breaks the Put"). */
  put(fields: ReadonlyMap<string, string>): PutResult {
    const readOnly = [...fields.keys()].filter((k) => BOOT_SETTING_READ_ONLY_FIELDS.includes(k));
    if (readOnly.length > 0) return { ok: false, reason: `read-only properties present: ${readOnly.join(', ')}` };
    for (const [name, value] of fields) {
      if (!this.data.has(name)) continue; // unknown properties are ignored [unconfirmed]
      if (IDENTITY_FIELDS.has(name)) {
        if (value !== this.data.get(name)) return { ok: false, reason: `${name} cannot be changed` };
        continue;
      }
      this.data.set(name, value);
    }
    this.data.set('OptionsCleared', 'false');
    return { ok: true };
  }

  /** ChangeBootOrder: null clears the order. Returns false for a source the firmware does not know. */
  changeBootOrder(source: string | null): boolean {
    if (source !== null && !BOOT_SOURCES.some((s) => s.instanceId === source) && !source.startsWith(BOOT_SOURCE_PREFIX))
      return false;
    this.source = source;
    return true;
  }

  setRole(role: number): boolean {
    if (![0, 1, 2].includes(role)) return false;
    this.role = role;
    return true;
  }

  private flag(name: string): boolean {
    return this.data.get(name) === 'true';
  }

  plan(): BootPlan {
    const biosSetup = this.flag('BIOSSetup');
    const useIder = this.flag('UseIDER');
    const iderBootDevice = Number(this.data.get('IDERBootDevice') ?? '0');
    // The boot order applies only once a role made the configuration active (MC always sets role 1).
    const activeSource = this.role === 0 || this.role === 1 ? this.source : null;
    let target: BootTarget = 'default';
    if (useIder) target = iderBootDevice === 1 ? 'ider-cd' : 'ider-floppy';
    else if (biosSetup) target = 'bios-setup';
    else if (activeSource) {
      const known = BOOT_SOURCES.find((s) => s.instanceId === activeSource);
      target = known
        ? known.target
        : /Diagnostic/i.test(activeSource)
          ? 'diagnostic'
          : /HTTPS/i.test(activeSource)
            ? 'uefi-https'
            : 'uefi-boot-option';
    }
    return {
      target,
      source: activeSource,
      role: this.role,
      biosSetup,
      biosPause: this.flag('BIOSPause'),
      useIder,
      iderBootDevice,
      useSol: this.flag('UseSOL'),
    };
  }

  /** Called at boot: returns the plan used and clears the one-shot settings (§2.6 "next boot only"). */
  consume(): BootPlan {
    const plan = this.plan();
    for (const name of ONE_SHOT_FLAGS) this.data.set(name, 'false');
    this.data.set('IDERBootDevice', '0');
    this.data.set('OptionsCleared', 'true');
    if (this.role === 1) {
      this.source = null;
      this.role = null;
    }
    return plan;
  }
}
