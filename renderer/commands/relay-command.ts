// Relays in the console (issue 8): their links (online, version, certificate, work in hand), a one-time enrolment
// code, rename and revoke. Each call resolves with its value or the words of why not.
import type { Relay, RelayEnrolmentCode, RelayId, RelayLink, RelayListener, ReportRow } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { errorWordsOf } from '../model/error-words';
import { loadFleet } from '../stores/fleet-store';

export interface RelayLinks {
  readonly listener: RelayListener | null;
  readonly relays: readonly RelayLink[];
}

async function attempt<T>(work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    return errorWordsOf(error);
  }
}

export function loadRelayLinks(): Promise<RelayLinks | string> {
  return attempt(() => amtApi().relaysLinks({}));
}

export function issueEnrolmentCode(relayId: RelayId): Promise<RelayEnrolmentCode | string> {
  return attempt(() => amtApi().relaysEnrolCode({ relayId }));
}

export function revokeRelay(relayId: RelayId): Promise<RelayLink | string> {
  return attempt(() => amtApi().relaysRevoke({ relayId }));
}

export async function renameRelay(relayId: RelayId, name: string): Promise<Relay | string> {
  const renamed = await attempt(() => amtApi().relaysRename({ relayId, name }));
  if (typeof renamed !== 'string') void loadFleet();
  return renamed;
}

/** The relay's own row of the prerequisites report (its managing-server and client-role rules, M3). */
export async function loadRelayPrerequisites(relayId: RelayId): Promise<ReportRow | string | null> {
  const result = await attempt(() => amtApi().fleetPrerequisitesReport({ relayId }));
  if (typeof result === 'string') return result;
  return result.report.rows.find((r) => r.kind === 'relay' && r.id === relayId) ?? null;
}
