// Mission M3 as data the renderer shows: for each facility (AMT linkage, AMT remote control) whether a
// client or relay meets the seed's prerequisites (§2.7.6), and each check with its words.

/** The seed's two AMT facilities: client control/linkage (§2.7.6 (1)) and remote control (§2.7.6 (3)). */
export type PrerequisiteFacility = 'amt-linkage' | 'remote-control';

/** A value the console does not know (DHCP not reported, no agent version) is 'unknown', never silently 'ok'. */
export type PrerequisiteState = 'ok' | 'failed' | 'unknown';

/** 'unverified': nothing failed, but at least one check could not be decided. */
export type PrerequisiteVerdict = 'possible' | 'not-possible' | 'unverified';

export interface PrerequisiteCheck {
  readonly ruleId: string;
  readonly state: PrerequisiteState;
  /** state === 'ok', for callers that only branch on pass/fail. */
  readonly ok: boolean;
  /** What is required, then what was found or why it failed, in words an administrator reads. */
  readonly words: string;
  /** What to do about it (the rule's remedy); shown for failed and unknown checks. */
  readonly remedy?: string;
}

export interface FacilityPrerequisites {
  readonly facility: PrerequisiteFacility;
  /** True only when every check is ok: an unverified facility is not reported as possible. */
  readonly possible: boolean;
  readonly verdict: PrerequisiteVerdict;
  readonly checks: readonly PrerequisiteCheck[];
}
