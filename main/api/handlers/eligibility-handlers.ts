// fleet:eligibility and fleet:prerequisites-report (missions M2, M3): the tree's filters and the report of a
// subtree, both from the stored fleet through the one prerequisite table (main/fleet/prerequisites).

import type { RelayId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import {
  CONSOLE_PREREQUISITE_CONTEXT,
  fleetEligibility,
  prerequisitesReport,
  prerequisitesReportCsv,
} from '../../fleet/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';

export async function eligibility(deps: ApiDeps): Promise<ResponseOf<'fleet:eligibility'>> {
  return fleetEligibility(deps.fleet.snapshot().clients, CONSOLE_PREREQUISITE_CONTEXT);
}

export async function report(
  deps: ApiDeps,
  request: ParsedRequestOf<'fleet:prerequisites-report'>,
): Promise<ResponseOf<'fleet:prerequisites-report'>> {
  const snapshot = deps.fleet.snapshot();
  const relayId = request.relayId as RelayId | null;
  if (relayId !== null && !snapshot.relays.some((r) => r.id === relayId))
    throw new ApiError('not-found', `Relay #${relayId} does not exist.`);
  const built = prerequisitesReport(
    { serverName: snapshot.server.name, relays: snapshot.relays, clients: snapshot.clients },
    { relayId },
    CONSOLE_PREREQUISITE_CONTEXT,
  );
  return { report: built, csv: prerequisitesReportCsv(built) };
}
