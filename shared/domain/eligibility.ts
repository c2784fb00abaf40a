// Eligibility at fleet scale (missions M2, M3): the tree's four filters and the prerequisites report for a
// subtree, one row per client and relay. Computed in main from the one rule table; plain data here.

import type { ClientId, RelayId } from './fleet';
import type { WakeMethod } from './jobs';
import type { PrerequisiteFacility, PrerequisiteState, PrerequisiteVerdict } from './prerequisites';

export type EligibilityFilter =
  'cannot-use-amt' | 'needs-wake-on-lan' | 'remote-control-not-possible' | 'prerequisite-unknown';

export const ELIGIBILITY_FILTERS: readonly EligibilityFilter[] = [
  'cannot-use-amt',
  'needs-wake-on-lan',
  'remote-control-not-possible',
  'prerequisite-unknown',
];

export const ELIGIBILITY_FILTER_LABEL: Readonly<Record<EligibilityFilter, string>> = {
  'cannot-use-amt': 'Cannot use AMT',
  'needs-wake-on-lan': 'Needs Wake-on-LAN',
  'remote-control-not-possible': 'Remote control not possible',
  'prerequisite-unknown': 'Prerequisite unknown',
};

/** How client control would power the client on (mission M1/M2): AMT when linkage is usable, else Wake-on-LAN. */
export type PlannedWakeMethod = Extract<WakeMethod, 'amt' | 'wake-on-lan'>;

export const FACILITY_LABEL: Readonly<Record<PrerequisiteFacility, string>> = {
  'amt-linkage': 'AMT linkage (client control)',
  'remote-control': 'AMT remote control',
};

/** One failed or unknown rule of one client or relay. */
export interface ReportFinding {
  readonly ruleId: string;
  readonly state: Exclude<PrerequisiteState, 'ok'>;
  /** The rule and what was found, in words. */
  readonly words: string;
  /** The facilities this finding blocks (failed) or leaves unverified (unknown). */
  readonly facilities: readonly PrerequisiteFacility[];
  readonly remedy: string;
}

export interface ReportRow {
  readonly kind: 'client' | 'relay';
  readonly id: ClientId | RelayId;
  readonly name: string;
  /** The relay it sits below, or the managing server's name. */
  readonly under: string;
  readonly amtLinkage: PrerequisiteVerdict;
  readonly remoteControl: PrerequisiteVerdict;
  /** Clients only: what client control would use. */
  readonly wakeMethod: PlannedWakeMethod | null;
  readonly findings: readonly ReportFinding[];
}

export interface RuleCount {
  readonly ruleId: string;
  /** What the rule requires, in words. */
  readonly required: string;
  readonly failed: number;
  readonly unknown: number;
}

export interface PrerequisitesReport {
  /** The subtree's root: the managing server or a relay, by name. */
  readonly scope: string;
  readonly rows: readonly ReportRow[];
  /** One entry per rule of the table, in table order, including rules nobody fails. */
  readonly counts: readonly RuleCount[];
  readonly totals: { readonly clients: number; readonly relays: number; readonly withFindings: number };
}
