// One device's redirection and user-consent settings as WS-Man exposes them (§2.7, §2.8): AMT_RedirectionService
// EnabledState/ListenerEnabled, CIM_KVMRedirectionSAP state, and the IPS_OptInService code flow. The redirection
// ports themselves (16994/16995) are a later issue; this is only the configuration a console reads and writes.
import { randomInt } from 'node:crypto';

/** AMT_RedirectionService.EnabledState: 32768 + bit 0 (IDER) + bit 1 (SOL) (§2.7). */
export const REDIRECTION_STATE_MIN = 32768;
export const REDIRECTION_STATE_MAX = 32771;
/** CIM_KVMRedirectionSAP states (DMTF): 2 enabled, 3 disabled, 6 enabled but offline (what a capture shows). */
export const KVM_ENABLED = 2;
export const KVM_DISABLED = 3;
export const KVM_ENABLED_OFFLINE = 6;
/** IPS_OptInService values (§2.8). */
export const OPT_IN_NONE = 0;
export const OPT_IN_KVM = 1;
export const OPT_IN_ALL = 4294967295;
export const OPT_IN_STATE_NOT_STARTED = 0;
export const OPT_IN_STATE_DISPLAYED = 2;
export const OPT_IN_STATE_RECEIVED = 3;
/** Wrong codes accepted before the firmware drops the displayed code [unconfirmed count]. */
const MAX_WRONG_CODES = 3;

export class RedirectionState {
  enabledState = 32771;
  listenerEnabled = true;
  kvmEnabledState = KVM_ENABLED_OFFLINE;
  kvmRequestedState = KVM_ENABLED;
  optInRequired: number;
  optInState = OPT_IN_STATE_NOT_STARTED;
  private code: number | null = null;
  private wrongCodes = 0;

  constructor(optInRequired = OPT_IN_NONE) {
    this.optInRequired = optInRequired;
  }

  /** The 6-digit code the firmware would show on the host's screen, while one is displayed. */
  displayedCode(): number | null {
    return this.code;
  }

  requestRedirectionState(value: number): boolean {
    if (!Number.isInteger(value) || value < REDIRECTION_STATE_MIN || value > REDIRECTION_STATE_MAX) return false;
    this.enabledState = value;
    return true;
  }

  requestKvmState(value: number): boolean {
    if (value !== KVM_ENABLED && value !== KVM_DISABLED) return false;
    this.kvmRequestedState = value;
    // Enabled KVM reads "enabled but offline" until a viewer connects (as captured).
    this.kvmEnabledState = value === KVM_ENABLED ? KVM_ENABLED_OFFLINE : KVM_DISABLED;
    return true;
  }

  setOptInRequired(value: number): boolean {
    if (![OPT_IN_NONE, OPT_IN_KVM, OPT_IN_ALL].includes(value)) return false;
    this.optInRequired = value;
    return true;
  }

  startOptIn(): boolean {
    if (this.optInState === OPT_IN_STATE_DISPLAYED) return false; // a code is already on screen: cancel first (MC does)
    this.code = randomInt(0, 1_000_000);
    this.wrongCodes = 0;
    this.optInState = OPT_IN_STATE_DISPLAYED;
    return true;
  }

  sendOptInCode(code: number): boolean {
    if (this.optInState !== OPT_IN_STATE_DISPLAYED || this.code === null) return false;
    if (code === this.code) {
      this.optInState = OPT_IN_STATE_RECEIVED;
      this.code = null;
      return true;
    }
    this.wrongCodes += 1;
    if (this.wrongCodes >= MAX_WRONG_CODES) this.cancelOptIn();
    return false;
  }

  cancelOptIn(): void {
    this.code = null;
    this.optInState = OPT_IN_STATE_NOT_STARTED;
  }
}
