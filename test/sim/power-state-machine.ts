// Power state machine of a simulated AMT host (§2.4, §2.5): S0/S3/S4/S5 with transition times, graceful actions that
// need the OS running, one change at a time, and boot settings applied at each boot (§2.6).
import type { BootConfiguration, BootRecord } from './boot-configuration';
import {
  POWER_CYCLE_OFF_SOFT,
  POWER_HIBERNATE,
  POWER_MASTER_BUS_RESET,
  POWER_MASTER_BUS_RESET_GRACEFUL,
  POWER_NMI,
  POWER_OFF_SOFT,
  POWER_OFF_SOFT_GRACEFUL,
  POWER_ON,
  POWER_SLEEP_DEEP,
  RETURN_BUSY,
  RETURN_INVALID_STATE,
  RETURN_SUCCESS,
  RETURN_UNSUPPORTED,
} from './constants';

/** Real-time transition lengths before timeScale; powering up takes seconds like a real PC reaching the OS. */
export const DEFAULT_TRANSITION_MS = {
  powerOnFromOff: 4000,
  resumeFromSleep: 2000,
  resumeFromHibernate: 3500,
  powerOff: 800,
  reset: 2500,
  cycle: 4000,
  sleep: 1500,
  hibernate: 3000,
  gracefulOff: 3000,
  gracefulReset: 4500,
} as const;

export type TransitionName = keyof typeof DEFAULT_TRANSITION_MS;

/** Power states the simulator can be in (DMTF numbers). */
export const SIM_POWER_STATES: readonly number[] = [POWER_ON, POWER_SLEEP_DEEP, POWER_HIBERNATE, POWER_OFF_SOFT];

interface Pending {
  readonly request: number;
  readonly targetState: number;
  readonly boots: boolean;
  readonly timer: NodeJS.Timeout;
}

/** The transitions that bring a host up to S0 from a powered-down state. */
const POWER_UP_TRANSITIONS: ReadonlySet<TransitionName> = new Set([
  'powerOnFromOff',
  'resumeFromSleep',
  'resumeFromHibernate',
]);

export interface PowerMachineOptions {
  readonly initialState: number;
  /** Real milliseconds from a power-on (or a magic packet) to S0, replacing the scaled defaults; a device's seeded delay. */
  readonly upDelayMs?: number;
  /** Fault "never comes up": a power-up is accepted but the host never reaches S0. Read at each request. */
  readonly neverUp?: () => boolean;
  /** Called after every change of the power state (the OS answer port follows it). */
  readonly onChange?: (state: number) => void;
  /** Called at every POST (power-on, reset, cycle) with what the machine boots into (the QEMU backend starts a VM). */
  readonly onBoot?: (record: BootRecord) => void;
  /** Multiplies every transition time; 0.01 makes a 4 s power-on take 40 ms. */
  readonly timeScale: number;
  readonly boot: BootConfiguration;
  readonly nowMs?: () => number;
}

export class PowerStateMachine {
  private state: number;
  private pending: Pending | undefined;
  private last: BootRecord | undefined;
  private readonly bootLog: BootRecord[] = [];
  /** RequestPowerStateChange calls received over WS-Man, by requested value (accepted or not): what tests count. */
  private readonly received = new Map<number, number>();

  constructor(private readonly options: PowerMachineOptions) {
    if (!SIM_POWER_STATES.includes(options.initialState))
      throw new Error(`unsupported initial power state ${options.initialState}`);
    this.state = options.initialState;
  }

  /** PowerState as CIM_AssociatedPowerManagementService reports it: the old state until a transition completes. */
  get powerState(): number {
    return this.state;
  }

  get inTransition(): boolean {
    return this.pending !== undefined;
  }

  lastBoot(): BootRecord | undefined {
    return this.last;
  }

  boots(): readonly BootRecord[] {
    return this.bootLog;
  }

  /** Test control: jump to a state at once (like pressing the power button), cancelling any transition. */
  setState(state: number): void {
    if (!SIM_POWER_STATES.includes(state)) throw new Error(`unsupported power state ${state}`);
    this.cancel();
    const wasOn = this.state === POWER_ON;
    this.state = state;
    if (state === POWER_ON && !wasOn) this.recordBoot();
    this.options.onChange?.(this.state);
  }

  /** How many RequestPowerStateChange calls asked for each value (the non-idempotent actions a test counts). */
  requestsReceived(): ReadonlyMap<number, number> {
    return new Map(this.received);
  }

  /** A RequestPowerStateChange from WS-Man: counted, then handled like {@link request}. */
  receive(value: number, busyFault: boolean): number {
    this.received.set(value, (this.received.get(value) ?? 0) + 1);
    return this.request(value, busyFault);
  }

  /** RequestPowerStateChange: returns the method's ReturnValue. `busyFault` makes every call answer busy. */
  request(value: number, busyFault: boolean): number {
    if (busyFault || this.pending) return RETURN_BUSY;
    const on = this.state === POWER_ON;
    switch (value) {
      case POWER_ON:
        if (on) return RETURN_SUCCESS; // already on: nothing to do [unconfirmed what real AMT returns]
        // Resume from S3 runs no POST (ACPI): the BIOS never sees the boot settings, which stay armed.
        // Resume from S4 and power-on from S5 do run POST and consume them.
        if (this.state === POWER_SLEEP_DEEP) return this.start(value, POWER_ON, false, 'resumeFromSleep');
        return this.start(
          value,
          POWER_ON,
          true,
          this.state === POWER_HIBERNATE ? 'resumeFromHibernate' : 'powerOnFromOff',
        );
      case POWER_OFF_SOFT:
        if (this.state === POWER_OFF_SOFT) return RETURN_SUCCESS;
        return this.start(value, POWER_OFF_SOFT, false, 'powerOff');
      case POWER_MASTER_BUS_RESET:
        return on ? this.start(value, POWER_ON, true, 'reset') : RETURN_INVALID_STATE;
      case POWER_CYCLE_OFF_SOFT:
        return on ? this.start(value, POWER_ON, true, 'cycle') : RETURN_INVALID_STATE;
      case POWER_NMI:
        return on ? RETURN_SUCCESS : RETURN_INVALID_STATE;
      // Graceful actions go through the OS agent: only possible while the OS runs (§2.5).
      case POWER_SLEEP_DEEP:
        return on ? this.start(value, POWER_SLEEP_DEEP, false, 'sleep') : RETURN_INVALID_STATE;
      case POWER_HIBERNATE:
        return on ? this.start(value, POWER_HIBERNATE, false, 'hibernate') : RETURN_INVALID_STATE;
      case POWER_OFF_SOFT_GRACEFUL:
        return on ? this.start(value, POWER_OFF_SOFT, false, 'gracefulOff') : RETURN_INVALID_STATE;
      case POWER_MASTER_BUS_RESET_GRACEFUL:
        return on ? this.start(value, POWER_ON, true, 'gracefulReset') : RETURN_INVALID_STATE;
      default:
        return RETURN_UNSUPPORTED;
    }
  }

  private start(request: number, targetState: number, boots: boolean, transition: TransitionName): number {
    const powerUp = POWER_UP_TRANSITIONS.has(transition);
    // A hung PC: AMT accepts the request, the host stays where it is.
    if (powerUp && this.options.neverUp?.() === true) return RETURN_SUCCESS;
    const scaled = Math.round(DEFAULT_TRANSITION_MS[transition] * this.options.timeScale);
    const delayMs = Math.max(0, powerUp && this.options.upDelayMs !== undefined ? this.options.upDelayMs : scaled);
    const timer = setTimeout(() => this.complete(), delayMs);
    timer.unref();
    this.pending = { request, targetState, boots, timer };
    return RETURN_SUCCESS;
  }

  private complete(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.state = pending.targetState;
    if (pending.boots) this.recordBoot();
    this.options.onChange?.(this.state);
  }

  private recordBoot(): void {
    const record: BootRecord = { atMs: (this.options.nowMs ?? Date.now)(), plan: this.options.boot.consume() };
    this.last = record;
    this.bootLog.push(record);
    if (this.bootLog.length > 100) this.bootLog.shift();
    this.options.onBoot?.(record);
  }

  cancel(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }
}
