// Public face of the fleet model (main/fleet, mission M2/M6/M7): CSV import, discovery, credential
// resolution and the fleetService facade main/api uses. Rung (b): imports main/store and main/amt only.

export {
  createFleetService,
  type FleetService,
  type FleetServiceOptions,
  type FleetSnapshotData,
} from './fleet-service';
export {
  effectiveProfile,
  resolveCredentials,
  resolveCredentialsForRelay,
  type ResolvedCredentials,
} from './credentials';
export { importClientsCsv, type CsvImportOptions, type CsvImportSummary, type CsvImportError } from './csv-import';
export { parseCsv, DEFAULT_CSV_LIMITS, type CsvRecord, type CsvLimits } from './csv-parser';
export { columnOf, COLUMN_LABEL, type CsvColumn } from './csv-columns';
export {
  discoverClients,
  DEFAULT_DISCOVERY_CONCURRENCY,
  DEFAULT_DISCOVERY_TIMEOUT_MS,
  MAX_DISCOVERY_HOSTS,
  type DiscoveryOptions,
  type DiscoveryResult,
} from './discovery';
export { problemFor, problemFromError } from './problem-words';
export { clientEndpoint } from './client-endpoint';
export { probeTcp, type ProbeResult } from './tcp-probe';
export { validateClientFields, validateClientChange } from './client-validation';
export {
  evaluatePrerequisites,
  CONSOLE_PREREQUISITE_CONTEXT,
  PREREQUISITE_RULES,
  PREREQUISITE_FACILITIES,
  parseAgentVersion,
  compareAgentVersions,
  osFamilyOf,
  wakeMethodOf,
  eligibilityFiltersOf,
  fleetEligibility,
  prerequisitesReport,
  prerequisitesReportCsv,
  type ReportScope,
  type FleetData,
  type PrerequisiteContext,
  type PrerequisiteRule,
  type OsFamily,
} from './prerequisites/index';
export * from './host-id/index';
export { relayAncestry, MAX_RELAY_DEPTH } from './relay-ancestry';
