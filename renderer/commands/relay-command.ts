// Relays in the console (issue 8): their links (online, version, certificate, work in hand), a one-time enrolment
// code, rename and revoke. Each call resolves with its value or the words of why not.
import type { Relay, RelayEnrolmentCode, RelayId, RelayLink, RelayListener, ReportRow } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { valueOrWords } from '../model/error-words';
import { loadFleet } from '../stores/fleet-store';

export interface RelayLinks {
  readonly listener: RelayListener | null;
  readonly relays: readonly RelayLink[];
}

export function loadRelayLinks(): Promise<RelayLinks | string> {
  return valueOrWords(() => amtApi().relaysLinks({}));
}

export function issueEnrolmentCode(relayId: RelayId): Promise<RelayEnrolmentCode | string> {
  return valueOrWords(() => amtApi().relaysEnrolCode({ relayId }));
}

export function revokeRelay(relayId: RelayId): Promise<RelayLink | string> {
  return valueOrWords(() => amtApi().relaysRevoke({ relayId }));
}

export async function renameRelay(relayId: RelayId, name: string): Promise<Relay | string> {
  const renamed = await valueOrWords(() => amtApi().relaysRename({ relayId, name }));
  if (typeof renamed !== 'string') void loadFleet();
  return renamed;
}

/** The relay's own row of the prerequisites report (its managing-server and client-role rules, M3). */
export async function loadRelayPrerequisites(relayId: RelayId): Promise<ReportRow | string | null> {
  const result = await valueOrWords(() => amtApi().fleetPrerequisitesReport({ relayId }));
  if (typeof result === 'string') return result;
  return result.report.rows.find((r) => r.kind === 'relay' && r.id === relayId) ?? null;
}
