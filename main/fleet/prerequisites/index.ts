// Public face of the prerequisite checks (seed §2.7.6, mission M3): the rule table, the evaluator and the
// console's own managing-side facts. Pure data and functions, no I/O.

export { evaluatePrerequisites, PREREQUISITE_FACILITIES, type PrerequisiteContext } from './evaluate-prerequisites';
export {
  PREREQUISITE_RULES,
  HOST_NAME_ID_KEY,
  type PrerequisiteRule,
  type PrerequisiteCondition,
  type PrerequisiteField,
  type PrerequisiteRole,
} from './prerequisite-rules';
export { parseAgentVersion, compareAgentVersions, formatAgentVersion, type AgentVersion } from './agent-version';
export { osFamilyOf, osFamilyLabel, type OsFamily } from './os-family';
export { CONSOLE_PREREQUISITE_CONTEXT } from './console-context';
export {
  wakeMethodOf,
  eligibilityFiltersOf,
  fleetEligibility,
  prerequisitesReport,
  type ReportScope,
  type FleetData,
} from './fleet-eligibility';
export { prerequisitesReportCsv } from './report-csv';
