// How the renderer groups and words AMT power states (amt-protocols.md §2.4): five visible groups,
// each with an icon tone and the label from shared/domain/power.ts.
import { POWER_STATE_LABEL, type PowerState } from '../../shared/domain';

/** The five states a helpdesk person tells apart at a glance; transient states read as unknown. */
export type PowerGroup = 'on' | 'sleep' | 'hibernate' | 'off' | 'unknown';

const GROUP_OF_STATE: Readonly<Record<PowerState, PowerGroup>> = {
  on: 'on',
  'sleep-light': 'sleep',
  sleep: 'sleep',
  hibernate: 'hibernate',
  'soft-off': 'off',
  'hard-off': 'off',
  'power-cycle': 'unknown',
  reset: 'unknown',
  unknown: 'unknown',
};

export function powerGroupOf(state: PowerState): PowerGroup {
  return GROUP_OF_STATE[state] ?? 'unknown';
}

export function powerLabelOf(state: PowerState): string {
  return POWER_STATE_LABEL[state] ?? 'Unknown';
}

export const POWER_GROUP_LABEL: Readonly<Record<PowerGroup, string>> = {
  on: 'On',
  sleep: 'Sleeping',
  hibernate: 'Hibernating',
  off: 'Off',
  unknown: 'Unknown',
};

/** Shown literally in the AMT column when a client has no AMT firmware version (mission M2). */
export const AMT_NOT_AVAILABLE = 'N/A';
export const AMT_NOT_AVAILABLE_WHY = 'AMT firmware version is empty: AMT linkage cannot be used';
