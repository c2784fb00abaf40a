// Relays in the console (issue 8): each relay's link, a one-time enrolment code, revocation. The code is the one
// secret a reply carries on purpose: the person reads it off the console and types it on the relay's machine.

import type { RelayId, RelayLink, RelayListener } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';

const NOT_LISTENING =
  'This console does not listen for relays; start it with a relay listener (desktop app: --relay-listen HOST:PORT ' +
  'or AMT_CONSOLE_RELAY_LISTEN; headless host: --relay-listen HOST:PORT).';

async function listener(deps: ApiDeps): Promise<RelayListener | null> {
  if (!deps.relays) return null;
  try {
    const at = await deps.relays.listening;
    return { host: at.host, port: at.port, fingerprint: deps.relays.service.fingerprint };
  } catch {
    return null; // the core logged why the listener did not start
  }
}

function requireRelay(deps: ApiDeps, relayId: number): RelayLink {
  const relays = deps.relays;
  if (!relays) throw new ApiError('unsupported', NOT_LISTENING);
  const link = relays.service.list().find((r) => r.relayId === relayId);
  if (!link)
    throw new ApiError('not-found', `There is no relay #${relayId} in the tree (it may have been removed).`, 'relayId');
  return link;
}

export async function relayLinks(deps: ApiDeps): Promise<ResponseOf<'relays:links'>> {
  return { listener: await listener(deps), relays: deps.relays?.service.list() ?? [] };
}

export async function relayEnrolCode(
  deps: ApiDeps,
  request: ParsedRequestOf<'relays:enrol-code'>,
): Promise<ResponseOf<'relays:enrol-code'>> {
  requireRelay(deps, request.relayId);
  const at = await listener(deps);
  if (!deps.relays || at === null) throw new ApiError('unsupported', NOT_LISTENING);
  const issued = deps.relays.service.issueEnrolmentCode(request.relayId as RelayId, deps.actor);
  return {
    relayId: issued.relayId,
    code: issued.code,
    expiresAt: new Date(issued.expiresAtMs).toISOString(),
    listener: at,
  };
}

export async function relayRevoke(
  deps: ApiDeps,
  request: ParsedRequestOf<'relays:revoke'>,
): Promise<ResponseOf<'relays:revoke'>> {
  const link = requireRelay(deps, request.relayId);
  if (link.status === 'not-enrolled')
    throw new ApiError(
      'conflict',
      `The relay "${link.name}" was never enrolled, so there is nothing to revoke.`,
      'relayId',
    );
  if (link.status !== 'revoked') deps.relays?.service.revoke(request.relayId as RelayId, deps.actor);
  deps.events.emit('fleet:changed', { reason: `relay ${link.name} revoked` });
  return requireRelay(deps, request.relayId);
}
