// The fleet's shape: snapshot, relays, clients added by hand, imported from CSV, discovered, removed; the
// credential profiles (views only: a password goes in, never out). The audit log is audit-handlers.ts.

import type { ClientId, RelayId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';

export async function fleetSnapshot(deps: ApiDeps): Promise<ResponseOf<'fleet:snapshot'>> {
  return deps.fleet.snapshot();
}

export async function addClient(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:add'>,
): Promise<ResponseOf<'clients:add'>> {
  const { relayId, ...fields } = request;
  const client = deps.fleet.addClient({
    ...fields,
    ...(relayId !== undefined ? { relayId: relayId as RelayId | null } : {}),
  });
  deps.events.emit('fleet:changed', { reason: `client ${client.hostName} added` });
  return client;
}

export async function removeClients(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:remove'>,
): Promise<ResponseOf<'clients:remove'>> {
  // Only ids that exist go into the event, so the renderer is told exactly what left the tree.
  const ids = ([...new Set(request.ids)] as ClientId[]).filter((id) => deps.fleet.getClient(id) !== undefined);
  const removed = ids.length > 0 ? deps.fleet.removeClients(ids) : 0;
  // Changes still gathering for these clients go first, so a late copy cannot bring one back.
  deps.events.flushClientChanges();
  if (removed > 0) deps.events.emit('clients:removed', { ids });
  return { removed };
}

/** Words for the audit log and the UI: the setting is a weakening, so it says so. */
export const LEGACY_TLS_AUDIT_WORDS = {
  on: 'old TLS allowed (TLS 1.0/1.1, weak; for AMT 11 and older)',
  off: 'old TLS off (TLS 1.2 or newer only)',
} as const;

export async function setLegacyTls(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:set-legacy-tls'>,
): Promise<ResponseOf<'clients:set-legacy-tls'>> {
  const ids = [...new Set(request.ids)] as ClientId[];
  const missing = ids.filter((id) => deps.fleet.getClient(id) === undefined);
  if (missing.length > 0)
    throw new ApiError('not-found', `No client #${missing.join(', #')}: the old-TLS setting was not changed.`);
  const detail = request.enabled ? LEGACY_TLS_AUDIT_WORDS.on : LEGACY_TLS_AUDIT_WORDS.off;
  const clients = ids.map((id) => {
    const client = deps.fleet.updateClient(id, { legacyTls: request.enabled });
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: 'clients:set-legacy-tls',
      target: client.hostName,
      result: 'ok',
      detail,
    });
    deps.events.clientChanged(client);
    return client;
  });
  deps.events.flushClientChanges(); // the change is pushed with the reply, not a tick later
  return { clients };
}

export async function importCsv(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:import-csv'>,
): Promise<ResponseOf<'clients:import-csv'>> {
  const summary = deps.fleet.importCsv(
    request.csv,
    request.relayId !== undefined ? { relayId: request.relayId as RelayId | null } : {},
  );
  if (summary.added + summary.updated > 0)
    deps.events.emit('fleet:changed', { reason: `${summary.added + summary.updated} clients imported` });
  return summary;
}

export async function discover(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:discover'>,
): Promise<ResponseOf<'clients:discover'>> {
  const result = await deps.fleet.discover(
    request.range,
    request.relayId !== undefined ? { relayId: request.relayId as RelayId | null } : {},
  );
  if (result.found.length > 0)
    deps.events.emit('fleet:changed', { reason: `${result.found.length} clients discovered` });
  return result;
}

export async function addRelay(
  deps: ApiDeps,
  request: ParsedRequestOf<'relays:add'>,
): Promise<ResponseOf<'relays:add'>> {
  const { parentId, ...fields } = request;
  const relay = deps.fleet.addRelay({
    ...fields,
    ...(parentId !== undefined ? { parentId: parentId as RelayId | null } : {}),
  });
  deps.events.emit('fleet:changed', { reason: `relay ${relay.name} added` });
  return relay;
}

export async function renameRelay(
  deps: ApiDeps,
  request: ParsedRequestOf<'relays:rename'>,
): Promise<ResponseOf<'relays:rename'>> {
  const before =
    deps.fleet.snapshot().relays.find((r) => r.id === request.relayId)?.name ?? `relay #${request.relayId}`;
  const relay = deps.fleet.renameRelay(request.relayId as RelayId, request.name);
  deps.fleet.recordAudit({
    actor: deps.actor,
    action: 'relays:rename',
    target: relay.name,
    result: 'ok',
    detail: `renamed from "${before}"`,
  });
  deps.events.emit('fleet:changed', { reason: `relay ${before} renamed to ${relay.name}` });
  return relay;
}

export async function listProfiles(deps: ApiDeps): Promise<ResponseOf<'profiles:list'>> {
  return deps.fleet.listProfiles();
}

export async function setProfile(
  deps: ApiDeps,
  request: ParsedRequestOf<'profiles:set'>,
): Promise<ResponseOf<'profiles:set'>> {
  const view = deps.fleet.setProfile(request);
  // Who changed which credentials is worth keeping; the password itself never reaches the log.
  const target =
    request.scope === 'default' ? 'default credentials' : `${request.scope} #${request.targetId ?? '?'} credentials`;
  deps.fleet.recordAudit({
    actor: deps.actor,
    action: 'profiles:set',
    target,
    result: 'ok',
    detail: `user ${request.user}`,
  });
  return view;
}

export async function removeProfile(
  deps: ApiDeps,
  request: ParsedRequestOf<'profiles:remove'>,
): Promise<ResponseOf<'profiles:remove'>> {
  const removed = deps.fleet.removeProfile(request.scope, request.targetId);
  const target = `${request.scope} #${request.targetId} credentials`;
  const detail = removed ? 'removed; the profile above it applies again' : 'there were none to remove';
  deps.fleet.recordAudit({
    actor: deps.actor,
    action: 'profiles:remove',
    target,
    result: removed ? 'ok' : 'failed',
    detail,
  });
  return { removed };
}
