// Eligibility of a whole fleet (missions M2, M3): the tree's filters, the wake method client control would use,
// and the prerequisites report for a subtree. Everything goes through evaluatePrerequisites and the one rule
// table, so the details pane, the filters, the report and the scheduler (wakeMethodOf) cannot disagree.

import {
  type Client,
  type ClientId,
  type EligibilityFilter,
  type FacilityPrerequisites,
  type PrerequisiteFacility,
  type PrerequisitesReport,
  type Relay,
  type RelayId,
  type ReportFinding,
  type ReportRow,
  type PlannedWakeMethod,
} from '../../../shared/domain';
import { evaluatePrerequisites, type PrerequisiteContext } from './evaluate-prerequisites';
import { PREREQUISITE_RULES, type PrerequisiteRule } from './prerequisite-rules';

/** Problems that make AMT fail at run time, so client control falls back to Wake-on-LAN (M1). */
const AMT_FAILING_PROBLEMS: ReadonlySet<string> = new Set([
  'no-amt',
  'no-credentials',
  'auth-failed',
  'unreachable',
  'timeout',
  'tls-pin-mismatch',
]);

function verdictOf(results: readonly FacilityPrerequisites[], facility: PrerequisiteFacility): FacilityPrerequisites {
  return results.find((r) => r.facility === facility) as FacilityPrerequisites;
}

/**
 * What client control would use to power the client on: AMT when linkage is not ruled out by a failed
 * prerequisite and AMT is not known to fail (no AMT answering, no credentials, refused password), else Wake-on-LAN.
 */
export function wakeMethodOf(
  client: Client,
  context: PrerequisiteContext,
  results = evaluatePrerequisites(client, context),
): PlannedWakeMethod {
  if (verdictOf(results, 'amt-linkage').verdict === 'not-possible') return 'wake-on-lan';
  if (client.problem !== null && AMT_FAILING_PROBLEMS.has(client.problem.code)) return 'wake-on-lan';
  return 'amt';
}

/** Which of the tree's eligibility filters a client falls under. */
export function eligibilityFiltersOf(client: Client, context: PrerequisiteContext): EligibilityFilter[] {
  const results = evaluatePrerequisites(client, context);
  const out: EligibilityFilter[] = [];
  if (verdictOf(results, 'amt-linkage').verdict === 'not-possible') out.push('cannot-use-amt');
  if (wakeMethodOf(client, context, results) === 'wake-on-lan') out.push('needs-wake-on-lan');
  if (verdictOf(results, 'remote-control').verdict === 'not-possible') out.push('remote-control-not-possible');
  if (results.some((r) => r.checks.some((c) => c.state === 'unknown'))) out.push('prerequisite-unknown');
  return out;
}

/** Client ids per filter, for the tree. */
export function fleetEligibility(
  clients: readonly Client[],
  context: PrerequisiteContext,
): Record<EligibilityFilter, ClientId[]> {
  const out: Record<EligibilityFilter, ClientId[]> = {
    'cannot-use-amt': [],
    'needs-wake-on-lan': [],
    'remote-control-not-possible': [],
    'prerequisite-unknown': [],
  };
  for (const client of clients) for (const filter of eligibilityFiltersOf(client, context)) out[filter].push(client.id);
  return out;
}

/** Failed and unknown checks of one subject, one per rule, with every facility the rule touches. */
function findingsOf(results: readonly FacilityPrerequisites[], rules: readonly PrerequisiteRule[]): ReportFinding[] {
  const byRule = new Map<string, ReportFinding>();
  for (const facility of results) {
    for (const check of facility.checks) {
      if (check.state === 'ok') continue;
      const seen = byRule.get(check.ruleId);
      if (seen) {
        byRule.set(check.ruleId, { ...seen, facilities: [...seen.facilities, facility.facility] });
        continue;
      }
      const remedy = check.remedy ?? rules.find((r) => r.id === check.ruleId)?.remedy ?? '';
      byRule.set(check.ruleId, {
        ruleId: check.ruleId,
        state: check.state,
        words: check.words,
        facilities: [facility.facility],
        remedy,
      });
    }
  }
  // Table order, so every row reads its findings in the same order.
  return rules.flatMap((r) => (byRule.has(r.id) ? [byRule.get(r.id) as ReportFinding] : []));
}

export interface ReportScope {
  /** null: the whole fleet (the managing server); otherwise this relay and everything below it. */
  readonly relayId: RelayId | null;
}

export interface FleetData {
  readonly serverName: string;
  readonly relays: readonly Relay[];
  readonly clients: readonly Client[];
}

/** Relays in the subtree of `root` (root included), found breadth-first and bounded by the relay count. */
function subtreeRelays(relays: readonly Relay[], root: RelayId): Set<RelayId> {
  const inside = new Set<RelayId>([root]);
  for (let pass = 0; pass < relays.length; pass++) {
    let grew = false;
    for (const r of relays) {
      if (r.parentId !== null && inside.has(r.parentId) && !inside.has(r.id)) {
        inside.add(r.id);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return inside;
}

/** The prerequisites report of a subtree: a row per relay, then per client, each with its failing rules in words. */
export function prerequisitesReport(
  fleet: FleetData,
  scope: ReportScope,
  context: PrerequisiteContext,
  rules = PREREQUISITE_RULES,
): PrerequisitesReport {
  const relayName = new Map(fleet.relays.map((r) => [r.id, r.name]));
  const root = scope.relayId === null ? undefined : fleet.relays.find((r) => r.id === scope.relayId);
  if (scope.relayId !== null && !root) throw new RangeError(`Relay #${scope.relayId} does not exist.`);
  const inside = root ? subtreeRelays(fleet.relays, root.id) : undefined;
  const relays = fleet.relays.filter((r) => inside === undefined || inside.has(r.id));
  const clients = fleet.clients.filter((c) => inside === undefined || (c.relayId !== null && inside.has(c.relayId)));
  const under = (parent: RelayId | null): string =>
    parent === null ? fleet.serverName : (relayName.get(parent) ?? fleet.serverName);
  const rows: ReportRow[] = [];
  for (const relay of [...relays].sort((a, b) => a.name.localeCompare(b.name))) {
    const results = evaluatePrerequisites(relay, context, rules);
    rows.push({
      kind: 'relay',
      id: relay.id,
      name: relay.name,
      under: under(relay.parentId),
      amtLinkage: verdictOf(results, 'amt-linkage').verdict,
      remoteControl: verdictOf(results, 'remote-control').verdict,
      wakeMethod: null,
      findings: findingsOf(results, rules),
    });
  }
  for (const client of [...clients].sort((a, b) => a.hostName.localeCompare(b.hostName))) {
    const results = evaluatePrerequisites(client, context, rules);
    rows.push({
      kind: 'client',
      id: client.id,
      name: client.hostName,
      under: under(client.relayId),
      amtLinkage: verdictOf(results, 'amt-linkage').verdict,
      remoteControl: verdictOf(results, 'remote-control').verdict,
      wakeMethod: wakeMethodOf(client, context, results),
      findings: findingsOf(results, rules),
    });
  }
  const counts = rules.map((rule) => {
    let failed = 0;
    let unknown = 0;
    for (const row of rows) {
      const finding = row.findings.find((f) => f.ruleId === rule.id);
      if (finding?.state === 'failed') failed++;
      else if (finding?.state === 'unknown') unknown++;
    }
    return { ruleId: rule.id, required: rule.required, failed, unknown };
  });
  return {
    scope: root ? root.name : fleet.serverName,
    rows,
    counts,
    totals: {
      clients: clients.length,
      relays: relays.length,
      withFindings: rows.filter((r) => r.findings.length > 0).length,
    },
  };
}
