// Registration with host IDs (mission M4): when a client registers (discovery's contact, or an agent's OS record),
// the host ID stored in AMT finds the existing asset even after a re-install (new host name or OS install date,
// same hardware); the new OS record is attached to it and the old one becomes a history period. Nothing
// restorable → a new ID is written, and the outcome says so; no 3PDS → the platform UUID, with a note.

import { randomUUID } from 'node:crypto';
import {
  isAmtError,
  parseHostId,
  type Client,
  type ClientId,
  type HostId,
  type HostIdKept,
  type RegistrationKind,
  type RegistrationOutcome,
  type RelayId,
} from '../../../shared/domain';
import { getSystemUuid, isStorageError, type WsmanClient } from '../../amt/index';
import type { Store } from '../../store/index';
import { readStoredHostId, writeHostId, type StoredHostId, type WriteHostIdOptions } from './device-host-id';

/** What an OS (its agent, or AMT's view of it) says about itself when it registers. */
export interface OsRecord {
  readonly hostName: string;
  readonly ip: string;
  readonly os?: string | null;
  /** ISO date of the OS installation, when the agent reports it. */
  readonly osInstalledAt?: string | null;
}

/** What the device's AMT says about the asset: its stored host ID (if 3PDS exists) and its platform UUID. */
export type DeviceIdentity =
  | { readonly kind: 'storage'; readonly platformUuid: string | null; readonly stored: StoredHostId }
  | { readonly kind: 'no-storage'; readonly platformUuid: string | null }
  /** AMT could not be asked (no AMT, no credentials, refused, a failing storage call): the words say why. */
  | { readonly kind: 'unread'; readonly platformUuid: string | null; readonly why: string };

/** Writes a host ID to the device (bound to one client's AMT by the caller). */
export type HostIdWriter = (hostId: HostId, options: WriteHostIdOptions) => Promise<unknown>;

/** Failures of reaching AMT at all (not of one class or call): the caller records them as the client's problem. */
const CONNECTION_FAILURES: ReadonlySet<string> = new Set([
  'unreachable',
  'timeout',
  'connection-closed',
  'auth-failed',
  'tls-error',
  'tls-pin-mismatch',
  'plain-http-refused',
  'malformed-http',
]);

/**
 * Reads platform UUID and stored host ID. A device that cannot be reached or refuses the credentials throws
 * (the caller records it as the client's problem); a refusal of one storage call becomes 'unread'.
 */
export async function readDeviceIdentity(wsman: WsmanClient): Promise<DeviceIdentity> {
  let platformUuid: string | null = null;
  try {
    platformUuid = (await getSystemUuid(wsman)).uuid.toLowerCase();
  } catch (error) {
    if (!isAmtError(error) || CONNECTION_FAILURES.has(error.code)) throw error;
  }
  try {
    return { kind: 'storage', platformUuid, stored: await readStoredHostId(wsman) };
  } catch (error) {
    if (isStorageError(error) && error.reason === 'not-available') return { kind: 'no-storage', platformUuid };
    if (isAmtError(error) && !CONNECTION_FAILURES.has(error.code))
      return { kind: 'unread', platformUuid, why: error.message };
    throw error;
  }
}

export type MatchVia = 'host-id' | 'platform-uuid' | 'host-name' | 'address' | 'none';

export interface AssetMatch {
  readonly client: Client | undefined;
  readonly via: MatchVia;
}

/**
 * Which asset a registration belongs to: the stored host ID first (survives a re-install), then the platform
 * UUID for devices without 3PDS, then the host name (the ID key, M3), then the address.
 */
export function findAsset(
  store: Store,
  record: { readonly hostName?: string | undefined; readonly ip: string },
  identity?: DeviceIdentity,
): AssetMatch {
  const byId = (id: ClientId | undefined): Client | undefined => (id === undefined ? undefined : store.clients.get(id));
  if (identity?.kind === 'storage' && identity.stored.state === 'stored') {
    const client = byId(store.hostIds.clientByHostId(identity.stored.hostId));
    if (client) return { client, via: 'host-id' };
  }
  if (identity !== undefined && identity.kind !== 'storage' && identity.platformUuid !== null) {
    const client = byId(store.hostIds.clientByPlatformUuid(identity.platformUuid));
    if (client) return { client, via: 'platform-uuid' };
  }
  const byName = record.hostName !== undefined ? store.clients.getByHostName(record.hostName) : undefined;
  if (byName) return { client: byName, via: 'host-name' };
  const byIp = store.clients.findByIp(record.ip)[0];
  return byIp ? { client: byIp, via: 'address' } : { client: undefined, via: 'none' };
}

export interface AttachResult {
  readonly client: Client;
  /** The asset was found by its hardware identity and its OS record changed: a re-install. */
  readonly reinstalled: boolean;
  /** Set when the new host name is taken by another client, so the asset kept its old name. */
  readonly conflict?: string;
}

/**
 * Puts the new OS record on the matched asset (inside the caller's transaction). When the asset was found by its
 * host ID or platform UUID and its host name or OS install date differ, the previous record is closed as a period.
 */
export function attachOsRecord(
  store: Store,
  match: AssetMatch & { readonly client: Client },
  record: OsRecord,
  at: string,
): AttachResult {
  const { client } = match;
  const identity = store.hostIds.get(client.id);
  const nameChanged = client.hostName.toLowerCase() !== record.hostName.toLowerCase();
  const dateChanged =
    record.osInstalledAt != null && identity?.osInstalledAt != null && record.osInstalledAt !== identity.osInstalledAt;
  const byHardware = match.via === 'host-id' || match.via === 'platform-uuid';
  if (!byHardware || (!nameChanged && !dateChanged)) return { client, reinstalled: false };
  const taken = nameChanged ? store.clients.getByHostName(record.hostName) : undefined;
  if (taken && taken.id !== client.id) {
    return {
      client,
      reinstalled: false,
      conflict: `the new host name ${record.hostName} is already used by client #${taken.id}; the asset keeps the name ${client.hostName}`,
    };
  }
  const what = [
    nameChanged ? `host name ${client.hostName} → ${record.hostName}` : '',
    dateChanged ? `OS installed ${record.osInstalledAt}` : '',
  ]
    .filter((w) => w !== '')
    .join(', ');
  store.hostIds.addHistory(client.id, {
    hostName: client.hostName,
    ip: client.ip,
    os: client.os,
    osInstalledAt: identity?.osInstalledAt ?? null,
    reason: `re-installed (${what}); recognised by its ${match.via === 'host-id' ? 'host ID in AMT storage' : 'platform UUID'}`,
    to: at,
  });
  const updated = store.clients.update(client.id, {
    hostName: record.hostName,
    ip: record.ip,
    ...(record.os !== undefined ? { os: record.os } : {}),
  });
  if (identity)
    store.hostIds.set(client.id, { ...identity, osInstalledAt: record.osInstalledAt ?? identity.osInstalledAt });
  return { client: updated, reinstalled: true };
}

export function newHostId(): HostId {
  return parseHostId(randomUUID()) as HostId;
}

interface Settled {
  readonly hostId: HostId;
  readonly kept: HostIdKept;
  readonly note: string | null;
  readonly words: string;
  readonly generated: boolean;
  /** The host ID was written to the device now. */
  readonly wrote?: boolean;
}

/**
 * Makes the client's host ID and the device agree, writing to AMT when needed, and records where it is kept.
 * `write` is absent when AMT cannot be reached for writing (the ID is then kept in the console only).
 */
export async function settleHostId(
  store: Store,
  client: Client,
  identity: DeviceIdentity,
  write: HostIdWriter | undefined,
  context: { readonly created: boolean; readonly reinstalled: boolean; readonly osInstalledAt?: string | null },
): Promise<RegistrationOutcome> {
  const current = store.hostIds.get(client.id);
  const settled = await settle(store, client, current?.hostId, identity, write);
  store.hostIds.set(client.id, {
    hostId: settled.hostId,
    kept: settled.kept,
    note: settled.note,
    platformUuid: identity.platformUuid ?? current?.platformUuid ?? null,
    osInstalledAt: context.osInstalledAt ?? current?.osInstalledAt ?? null,
  });
  const kind: RegistrationKind = context.reinstalled
    ? 'reattached'
    : settled.generated && !context.created
      ? 'new-host-id'
      : context.created
        ? 'new-asset'
        : 'same-record';
  const lead =
    kind === 'reattached'
      ? `Re-installed client recognised: attached to its existing asset (host ID ${settled.hostId}), history kept.`
      : kind === 'new-asset'
        ? `New asset with host ID ${settled.hostId}.`
        : kind === 'new-host-id'
          ? `Nothing could be restored: new host ID ${settled.hostId}.`
          : `Host ID ${settled.hostId}.`;
  return {
    clientId: client.id,
    kind,
    hostId: settled.hostId,
    kept: settled.kept,
    words: `${lead} ${settled.words}`.trim(),
    wrote: settled.wrote === true,
  };
}

async function settle(
  store: Store,
  client: Client,
  currentId: HostId | undefined,
  identity: DeviceIdentity,
  write: HostIdWriter | undefined,
): Promise<Settled> {
  const consoleOnly = (hostId: HostId, why: string, generated: boolean): Settled => ({
    hostId,
    kept: 'console',
    note: `Kept in the console only: ${why}.`,
    words: `Kept in the console only (${why}).`,
    generated,
  });
  if (identity.kind === 'no-storage') {
    const uuid = identity.platformUuid === null ? undefined : parseHostId(identity.platformUuid);
    const owner = uuid === undefined ? undefined : store.hostIds.clientByHostId(uuid);
    if (
      uuid !== undefined &&
      (owner === undefined || owner === client.id) &&
      (currentId === undefined || currentId === uuid)
    ) {
      const note = 'This device has no Third Party Data Storage: its platform UUID serves as the host ID.';
      return { hostId: uuid, kept: 'platform-uuid', note, words: note, generated: false };
    }
    const id = currentId ?? newHostId();
    return consoleOnly(
      id,
      'the device has no Third Party Data Storage and its platform UUID is not usable as host ID',
      currentId === undefined,
    );
  }
  if (identity.kind === 'unread')
    return consoleOnly(
      currentId ?? newHostId(),
      `AMT storage could not be read: ${identity.why}`,
      currentId === undefined,
    );

  const stored = identity.stored;
  // A stored ID no other asset has is adopted by a client that has none yet (it was written by amtctl, or the
  // console's database is new): that is exactly what restoring means.
  if (stored.state === 'stored') {
    const owner = store.hostIds.clientByHostId(stored.hostId);
    if (stored.hostId === currentId)
      return {
        hostId: stored.hostId,
        kept: 'amt-storage',
        note: null,
        words: 'Read back from AMT storage.',
        generated: false,
      };
    if (currentId === undefined && (owner === undefined || owner === client.id)) {
      return {
        hostId: stored.hostId,
        kept: 'amt-storage',
        note: null,
        words: 'Restored from AMT storage.',
        generated: false,
      };
    }
  }
  const hostId = currentId ?? newHostId();
  const generated = currentId === undefined;
  const before =
    stored.state === 'stored'
      ? `AMT storage held host ID ${stored.hostId}, which belongs to no asset of this client; replaced`
      : stored.state === 'unusable'
        ? `AMT storage held unusable data (${stored.error.message}); overwritten`
        : 'written to AMT storage';
  if (stored.state === 'unusable' && stored.error.reason === 'wrong-block-size')
    return consoleOnly(hostId, stored.error.message, generated);
  if (!write) return consoleOnly(hostId, 'AMT could not be reached to write it', generated);
  try {
    await write(hostId, { replaceOther: true, replaceUnreadable: true });
  } catch (error) {
    if (!isAmtError(error)) throw error;
    return consoleOnly(hostId, `writing it to AMT storage failed: ${error.message}`, generated);
  }
  return {
    hostId,
    kept: 'amt-storage',
    note: null,
    words: `${before.charAt(0).toUpperCase()}${before.slice(1)}.`,
    generated,
    wrote: true,
  };
}

/** A writer bound to one WS-Man client. */
export function writerFor(wsman: WsmanClient): HostIdWriter {
  return (hostId, options) => writeHostId(wsman, hostId, options);
}

export interface RegisterInput extends OsRecord {
  readonly amtPort?: number | null;
  readonly relayId?: RelayId | null;
}

export interface RegisterResult {
  readonly client: Client;
  readonly outcome: RegistrationOutcome;
}

/**
 * The whole registration: read the device's identity, find or create the asset, attach the OS record, settle
 * the host ID, audit what happened. `identity` and `write` talk to this client's AMT (bound by the caller).
 */
export async function registerOsRecord(
  store: Store,
  input: RegisterInput,
  identity: DeviceIdentity,
  write: HostIdWriter | undefined,
  options: { readonly actor: string; readonly now?: () => Date },
): Promise<RegisterResult> {
  const at = (options.now?.() ?? new Date()).toISOString();
  const placed = store.transaction(() => {
    const match = findAsset(store, input, identity);
    const relay = input.relayId != null ? { relayId: input.relayId } : {};
    if (!match.client) {
      const client = store.clients.add({
        hostName: input.hostName,
        ip: input.ip,
        os: input.os ?? null,
        amtPort: input.amtPort ?? null,
        ...relay,
      });
      return { client, created: true, reinstalled: false, conflict: undefined };
    }
    const attached = attachOsRecord(store, { ...match, client: match.client }, input, at);
    const client = attached.reinstalled
      ? attached.client
      : store.clients.update(match.client.id, { ip: input.ip, ...relay });
    return { client, created: false, reinstalled: attached.reinstalled, conflict: attached.conflict };
  });
  const outcome = await settleHostId(store, placed.client, identity, write, {
    ...placed,
    osInstalledAt: input.osInstalledAt ?? null,
  });
  const words = placed.conflict ? `${outcome.words} Not renamed: ${placed.conflict}.` : outcome.words;
  const client = store.clients.get(placed.client.id) ?? placed.client;
  if (outcome.kind !== 'same-record' || outcome.wrote || placed.conflict) {
    store.audit.record({
      actor: options.actor,
      action: 'host-id:register',
      target: client.hostName,
      result: placed.conflict ? 'failed' : 'ok',
      detail: words,
    });
  }
  return { client, outcome: { ...outcome, words } };
}
