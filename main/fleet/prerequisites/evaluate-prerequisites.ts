// Evaluates the prerequisite table (prerequisite-rules.ts, seed §2.7.6, mission M3) for one client or
// relay. Every check is ok, failed or unknown; a facility is possible only when all its checks are ok,
// and one with unknown checks but no failure is 'unverified', so an unchecked value is never reported as met.

import type {
  Client,
  FacilityPrerequisites,
  PrerequisiteCheck,
  PrerequisiteFacility,
  PrerequisiteState,
  Relay,
} from '../../../shared/domain';
import { compareAgentVersions, formatAgentVersion, parseAgentVersion } from './agent-version';
import { osFamilyOf } from './os-family';
import {
  PREREQUISITE_RULES,
  type PrerequisiteCondition,
  type PrerequisiteField,
  type PrerequisiteRole,
  type PrerequisiteRule,
} from './prerequisite-rules';

/** The managing side's own facts: the console stands where the product's managing server stands. */
export interface PrerequisiteContext {
  /** The managing side's version in the product's numbering; null when not known. */
  readonly managingVersion: string | null;
  /** What operations use as the client's ID key. */
  readonly idKey: string;
}

/** The facilities in the order the console shows them. */
export const PREREQUISITE_FACILITIES: readonly PrerequisiteFacility[] = ['amt-linkage', 'remote-control'];

/** The value the seed treats as "no firmware version". */
const NOT_AVAILABLE = 'N/A';

type FieldValue = string | boolean | null;
type Subject = {
  readonly role: PrerequisiteRole;
  readonly os: string | null;
  readonly values: Readonly<Record<PrerequisiteField, FieldValue>>;
};

interface Outcome {
  readonly state: PrerequisiteState;
  /** What was found, or why it cannot be decided. */
  readonly found: string;
}

export function evaluatePrerequisites(
  target: Client | Relay,
  context: PrerequisiteContext,
  rules: readonly PrerequisiteRule[] = PREREQUISITE_RULES,
): FacilityPrerequisites[] {
  const subject = subjectOf(target, context);
  const checks = rules
    .filter((rule) => rule.appliesTo === subject.role)
    .flatMap((rule) => {
      const check = checkRule(rule, subject);
      return check === null ? [] : [{ rule, check }];
    });
  return PREREQUISITE_FACILITIES.map((facility) => {
    const mine = checks.filter(({ rule }) => rule.facilities.includes(facility)).map(({ check }) => check);
    const verdict = mine.some((c) => c.state === 'failed')
      ? 'not-possible'
      : mine.some((c) => c.state === 'unknown')
        ? 'unverified'
        : 'possible';
    return { facility, possible: verdict === 'possible', verdict, checks: mine };
  });
}

function subjectOf(target: Client | Relay, context: PrerequisiteContext): Subject {
  if ('kind' in target) {
    // A relay row carries its version and OS only; firmware and DHCP are client data.
    return {
      role: 'relay',
      os: target.os,
      values: {
        amtVersion: null,
        dhcp: null,
        idKey: context.idKey,
        agentVersion: target.agentVersion,
        managingVersion: context.managingVersion,
      },
    };
  }
  return {
    role: 'client',
    os: target.os,
    values: {
      amtVersion: target.amtVersion,
      dhcp: target.dhcp,
      idKey: context.idKey,
      agentVersion: target.agentVersion,
      managingVersion: context.managingVersion,
    },
  };
}

/** null when the row does not apply (its OS condition is known not to hold). */
function checkRule(rule: PrerequisiteRule, subject: Subject): PrerequisiteCheck | null {
  const outcome = evaluateCondition(rule.condition, subject.values[rule.condition.field]);
  if (rule.when !== undefined) {
    const family = osFamilyOf(subject.os);
    if (subject.os === null || subject.os.trim() === '') {
      // Without an OS the row may apply: met anyway is met, anything else cannot be decided.
      if (outcome.state !== 'ok')
        return checkOf(rule, {
          state: 'unknown',
          found: `the operating system is not known, so whether this applies cannot be decided (${outcome.found})`,
        });
    } else if (family === null || !rule.when.osIn.includes(family)) {
      return null;
    }
  }
  return checkOf(rule, outcome);
}

function checkOf(rule: PrerequisiteRule, outcome: Outcome): PrerequisiteCheck {
  const tail = outcome.state === 'failed' ? `${outcome.found}; ${rule.whyFailed}` : outcome.found;
  return {
    ruleId: rule.id,
    state: outcome.state,
    ok: outcome.state === 'ok',
    words: `${capitalise(rule.required)}: ${tail}.`,
    remedy: rule.remedy,
  };
}

function evaluateCondition(condition: PrerequisiteCondition, value: FieldValue | undefined): Outcome {
  switch (condition.op) {
    case 'present': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '' || text.toUpperCase() === NOT_AVAILABLE)
        return { state: 'failed', found: text === '' ? 'no value' : NOT_AVAILABLE };
      return { state: 'ok', found: `found ${text}` };
    }
    case 'is': {
      if (value === null || value === undefined) return { state: 'unknown', found: 'not known' };
      return value === condition.value
        ? { state: 'ok', found: `found ${show(value)}` }
        : { state: 'failed', found: `found ${show(value)}` };
    }
    case 'atLeast': {
      const required = parseAgentVersion(condition.value);
      if (required === null) throw new Error(`prerequisite table: "${condition.value}" is not a version`);
      if (typeof value !== 'string' || value.trim() === '') return { state: 'unknown', found: 'no version recorded' };
      const found = parseAgentVersion(value);
      if (found === null)
        return { state: 'unknown', found: `version "${value.trim()}" is not in the product's VV-RR form` };
      return {
        state: compareAgentVersions(found, required) >= 0 ? 'ok' : 'failed',
        found: `found ${formatAgentVersion(found)}`,
      };
    }
  }
}

function show(value: string | boolean): string {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
