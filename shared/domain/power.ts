// Power states and power actions of Intel AMT (amt-protocols.md §2.4, §2.5). One table maps every
// console action to the value sent in CIM_PowerManagementService.RequestPowerStateChange.

/** What the console calls a machine's power state. */
export type PowerState =
  | 'on' // S0
  | 'sleep-light' // S1/S2
  | 'sleep' // S3, sleep-deep
  | 'hibernate' // S4
  | 'soft-off' // S5
  | 'hard-off' // G3 / mechanical off
  | 'power-cycle'
  | 'reset'
  | 'unknown';

/** DMTF PowerState numbers as AMT reports them (CIM_AssociatedPowerManagementService.PowerState). */
const POWER_STATE_BY_VALUE: Readonly<Record<number, PowerState>> = {
  2: 'on',
  3: 'sleep-light',
  4: 'sleep',
  5: 'power-cycle',
  6: 'hard-off',
  7: 'hibernate',
  8: 'soft-off',
  9: 'power-cycle',
  10: 'reset',
};

export function powerStateFromValue(value: number): PowerState {
  return POWER_STATE_BY_VALUE[value] ?? 'unknown';
}

export const POWER_STATE_LABEL: Readonly<Record<PowerState, string>> = {
  on: 'On (S0)',
  'sleep-light': 'Sleep, light (S1)',
  sleep: 'Sleep (S3)',
  hibernate: 'Hibernate (S4)',
  'soft-off': 'Soft off (S5)',
  'hard-off': 'Off (G3)',
  'power-cycle': 'Power cycle',
  reset: 'Reset',
  unknown: 'Unknown',
};

/** True for the states a client-control job must power on from. */
export function isPoweredDown(state: PowerState): boolean {
  return (
    state === 'sleep' ||
    state === 'sleep-light' ||
    state === 'hibernate' ||
    state === 'soft-off' ||
    state === 'hard-off'
  );
}

export type PowerAction =
  | 'on'
  | 'off' // hard off, immediate S5
  | 'soft-off' // graceful OS shutdown
  | 'reset' // hardware reset
  | 'graceful-reset' // OS restart
  | 'cycle'
  | 'sleep'
  | 'hibernate';

export interface PowerActionSpec {
  /** Value of RequestPowerStateChange's PowerState argument. */
  readonly requestValue: number;
  readonly label: string;
  /** Needs the OS-side agent (LMS) and a running OS (amt-protocols.md §2.5). */
  readonly needsOs: boolean;
  /** Lowest AMT major version that supports it. */
  readonly minAmtMajor: number;
  /** Loses unsaved work on the client: the UI and CLI ask for confirmation. */
  readonly destructive: boolean;
  /** The state the device should reach once the action is done. */
  readonly expectedState: PowerState;
}

export const POWER_ACTIONS: Readonly<Record<PowerAction, PowerActionSpec>> = {
  on: { requestValue: 2, label: 'Power on', needsOs: false, minAmtMajor: 1, destructive: false, expectedState: 'on' },
  off: {
    requestValue: 8,
    label: 'Power off (hard)',
    needsOs: false,
    minAmtMajor: 1,
    destructive: true,
    expectedState: 'soft-off',
  },
  'soft-off': {
    requestValue: 12,
    label: 'Shut down (graceful)',
    needsOs: true,
    minAmtMajor: 10,
    destructive: true,
    expectedState: 'soft-off',
  },
  reset: {
    requestValue: 10,
    label: 'Reset (hard)',
    needsOs: false,
    minAmtMajor: 1,
    destructive: true,
    expectedState: 'on',
  },
  'graceful-reset': {
    requestValue: 14,
    label: 'Restart (graceful)',
    needsOs: true,
    minAmtMajor: 10,
    destructive: true,
    expectedState: 'on',
  },
  cycle: {
    requestValue: 5,
    label: 'Power cycle',
    needsOs: false,
    minAmtMajor: 1,
    destructive: true,
    expectedState: 'on',
  },
  sleep: {
    requestValue: 4,
    label: 'Sleep (S3)',
    needsOs: true,
    minAmtMajor: 9,
    destructive: false,
    expectedState: 'sleep',
  },
  hibernate: {
    requestValue: 7,
    label: 'Hibernate (S4)',
    needsOs: true,
    minAmtMajor: 9,
    destructive: false,
    expectedState: 'hibernate',
  },
};

export function isPowerAction(value: string): value is PowerAction {
  return Object.prototype.hasOwnProperty.call(POWER_ACTIONS, value);
}
