// One device's redirection and user-consent settings as WS-Man exposes them (§2.7, §2.8): AMT_RedirectionService
// EnabledState/ListenerEnabled, CIM_KVMRedirectionSAP state, and the IPS_OptInService code flow: the code expires
// after OptInCodeTimeout, consent given lets redirection sessions start (state 3 → 4 "in session") and lapses when
// the last session ends [unconfirmed: how long real firmware keeps it]. The redirection server asks `admits()`.
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
export const OPT_IN_STATE_IN_SESSION = 4;
/** EnabledState bits on top of 32768 (§2.7). */
const IDER_BIT = 1;
const SOL_BIT = 2;
/** IPS_OptInService.OptInCodeTimeout as served (seconds); the code expires after it unless a test shortens it. */
export const OPT_IN_CODE_TIMEOUT_SEC = 120;
const MS_PER_SECOND = 1000;

/** Why a redirection session of one kind may not start: its EnabledState bit is off, or consent is missing. */
export type RedirectionAdmission = 'ok' | 'disabled' | 'no-consent';
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
  private codeTimer: NodeJS.Timeout | undefined;
  private listenerHook: ((enabled: boolean) => void) | undefined;

  constructor(
    optInRequired = OPT_IN_NONE,
    private readonly codeTimeoutMs = OPT_IN_CODE_TIMEOUT_SEC * MS_PER_SECOND,
  ) {
    this.optInRequired = optInRequired;
  }

  /** OptInCodeTimeout as the service reports it: whole seconds, at least 1. */
  get codeTimeoutSec(): number {
    return Math.max(1, Math.ceil(this.codeTimeoutMs / MS_PER_SECOND));
  }

  /** The device opens or closes its redirection ports when ListenerEnabled changes. */
  onListenerChange(hook: (enabled: boolean) => void): void {
    this.listenerHook = hook;
  }

  setListenerEnabled(enabled: boolean): void {
    if (enabled === this.listenerEnabled) return;
    this.listenerEnabled = enabled;
    this.listenerHook?.(enabled);
  }

  /** Whether a SOL or IDE-R session may start now. KVM-only consent (1) does not cover SOL/IDE-R. */
  admits(kind: 'sol' | 'ider'): RedirectionAdmission {
    const bit = kind === 'sol' ? SOL_BIT : IDER_BIT;
    if (((this.enabledState - REDIRECTION_STATE_MIN) & bit) === 0) return 'disabled';
    if (this.optInRequired !== OPT_IN_ALL) return 'ok';
    const given = this.optInState === OPT_IN_STATE_RECEIVED || this.optInState === OPT_IN_STATE_IN_SESSION;
    return given ? 'ok' : 'no-consent';
  }

  /** A session started under the consent given: "in session". */
  sessionStarted(): void {
    if (this.optInState === OPT_IN_STATE_RECEIVED) this.optInState = OPT_IN_STATE_IN_SESSION;
  }

  /** The last redirection session ended: consent lapses (a new session needs a new code). */
  allSessionsEnded(): void {
    if (this.optInState === OPT_IN_STATE_IN_SESSION) this.optInState = OPT_IN_STATE_NOT_STARTED;
  }

  close(): void {
    clearTimeout(this.codeTimer);
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
    clearTimeout(this.codeTimer);
    // The code disappears from the screen after OptInCodeTimeout: a late code is refused like a wrong one.
    this.codeTimer = setTimeout(() => this.cancelOptIn(), this.codeTimeoutMs);
    this.codeTimer.unref();
    return true;
  }

  sendOptInCode(code: number): boolean {
    if (this.optInState !== OPT_IN_STATE_DISPLAYED || this.code === null) return false;
    if (code === this.code) {
      clearTimeout(this.codeTimer);
      this.optInState = OPT_IN_STATE_RECEIVED;
      this.code = null;
      return true;
    }
    this.wrongCodes += 1;
    if (this.wrongCodes >= MAX_WRONG_CODES) this.cancelOptIn();
    return false;
  }

  cancelOptIn(): void {
    clearTimeout(this.codeTimer);
    this.code = null;
    this.optInState = OPT_IN_STATE_NOT_STARTED;
  }
}
