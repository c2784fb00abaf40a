// Checks a whole JobSpec before anything is written (bad input: "each a clear error naming the field, nothing
// half-created") and resolves its targets to clients: picked ids, host names, whole relay subtrees, the filter.

import {
  JOB_TYPES,
  MAX_JOB_NAME_LENGTH,
  MAX_JOB_TARGETS,
  WEEKDAYS,
  type Client,
  type ClientId,
  type JobOptions,
  type JobSchedule,
  type JobSpec,
  type JobTargetSelection,
  type JobType,
  type Relay,
  type RelayId,
} from '../../shared/domain';
import { JobSpecError } from './job-errors';
import type { JobClient } from './job-repository';
import { checkOptions, withDefaults } from './job-options';
import { firstOccurrence, parseTimeOfDay } from './job-schedule';

/** What target resolution reads of the fleet. */
export interface JobFleet {
  getClient(id: ClientId): Client | undefined;
  getClientByHostName(hostName: string): Client | undefined;
  listClients(): readonly Client[];
  listRelays(): readonly Relay[];
}

export interface CheckedSpec {
  readonly name: string;
  readonly type: JobType;
  readonly schedule: JobSchedule;
  readonly options: JobOptions;
  readonly selection: JobTargetSelection;
  readonly clients: readonly JobClient[];
  readonly firstRunMs: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSchedule(given: unknown, nowMs: number): JobSchedule {
  if (!isObject(given))
    throw new JobSpecError('schedule', 'The schedule is missing: now, at a date and time, daily or weekly.');
  switch (given['kind']) {
    case 'now':
      return { kind: 'now' };
    case 'at': {
      const at = given['at'];
      const ms = typeof at === 'string' ? Date.parse(at) : NaN;
      if (typeof at !== 'string' || Number.isNaN(ms))
        throw new JobSpecError('schedule.at', `The start time must be a date and time (got ${JSON.stringify(at)}).`);
      if (ms <= nowMs)
        throw new JobSpecError(
          'schedule.at',
          `The start time ${new Date(ms).toISOString()} is in the past; pick a later time or "now".`,
        );
      return { kind: 'at', at: new Date(ms).toISOString() };
    }
    case 'daily':
    case 'weekly': {
      const time = given['time'];
      if (typeof time !== 'string' || parseTimeOfDay(time) === undefined) {
        throw new JobSpecError('schedule.time', `The time of day must be HH:MM, 24 h (got ${JSON.stringify(time)}).`);
      }
      if (given['kind'] === 'daily') return { kind: 'daily', time };
      const days = given['days'];
      if (!Array.isArray(days) || days.length === 0)
        throw new JobSpecError('schedule.days', 'A weekly job needs at least one day of the week.');
      days.forEach((day, i) => {
        if (!(WEEKDAYS as readonly unknown[]).includes(day)) {
          throw new JobSpecError(
            `schedule.days[${i}]`,
            `'${String(day)}' is not a day of the week (${WEEKDAYS.join(', ')}).`,
          );
        }
      });
      const unique = WEEKDAYS.filter((d) => days.includes(d));
      return { kind: 'weekly', days: unique, time };
    }
    default:
      throw new JobSpecError(
        'schedule.kind',
        `The schedule is now, at, daily or weekly (got ${JSON.stringify(given['kind'])}).`,
      );
  }
}

function idList(given: unknown, field: string): number[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) throw new JobSpecError(field, 'This must be a list of ids.');
  return given.map((id, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
      throw new JobSpecError(`${field}[${i}]`, `${JSON.stringify(id)} is not an id.`);
    return id;
  });
}

/** Every relay below (and including) the given ones. */
function subtreeOf(roots: ReadonlySet<number>, relays: readonly Relay[]): Set<number> {
  const out = new Set<number>(roots);
  // Bounded: each pass adds at least one relay or ends.
  for (let pass = 0; pass <= relays.length; pass++) {
    let added = false;
    for (const relay of relays) {
      if (relay.parentId !== null && out.has(relay.parentId) && !out.has(relay.id)) {
        out.add(relay.id);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

/** The tree's search rule (renderer/model/client-filter.ts): every word in host name, IP, MAC, OS or AMT version. */
function matchesFilter(client: Client, words: readonly string[]): boolean {
  const mac = client.mac ?? '';
  const haystack = [
    client.hostName,
    client.ip,
    mac,
    mac.replace(/[^0-9a-fA-F]/g, ''),
    client.os ?? '',
    client.amtVersion ?? 'n/a',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

function resolveTargets(given: unknown, fleet: JobFleet): { selection: JobTargetSelection; clients: JobClient[] } {
  if (!isObject(given)) throw new JobSpecError('targets', 'Pick the clients: ids, relays, host names or a filter.');
  for (const key of Object.keys(given)) {
    if (!['clientIds', 'relayIds', 'filter', 'hostNames'].includes(key))
      throw new JobSpecError(`targets.${key}`, `There is no target selection '${key}'.`);
  }
  const picked = new Map<number, Client>();
  idList(given['clientIds'], 'targets.clientIds').forEach((id, i) => {
    const client = fleet.getClient(id as ClientId);
    if (!client)
      throw new JobSpecError(`targets.clientIds[${i}]`, `There is no client with id ${id} (it may have been removed).`);
    picked.set(client.id, client);
  });
  const hostNames = given['hostNames'];
  if (hostNames !== undefined && !Array.isArray(hostNames))
    throw new JobSpecError('targets.hostNames', 'This must be a list of host names.');
  (hostNames ?? []).forEach((name: unknown, i: number) => {
    const client = typeof name === 'string' ? fleet.getClientByHostName(name.trim()) : undefined;
    if (!client) throw new JobSpecError(`targets.hostNames[${i}]`, `There is no client named ${JSON.stringify(name)}.`);
    picked.set(client.id, client);
  });
  const relayIds = idList(given['relayIds'], 'targets.relayIds');
  if (relayIds.length > 0) {
    const relays = fleet.listRelays();
    relayIds.forEach((id, i) => {
      if (!relays.some((r) => r.id === id))
        throw new JobSpecError(`targets.relayIds[${i}]`, `There is no relay with id ${id}.`);
    });
    const below = subtreeOf(new Set(relayIds), relays);
    for (const client of fleet.listClients())
      if (client.relayId !== null && below.has(client.relayId)) picked.set(client.id, client);
  }
  const filter = given['filter'];
  if (filter !== undefined) {
    if (typeof filter !== 'string' || filter.trim().length === 0)
      throw new JobSpecError('targets.filter', 'The filter text is empty.');
    const words = filter
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 0);
    for (const client of fleet.listClients()) if (matchesFilter(client, words)) picked.set(client.id, client);
  }
  if (picked.size === 0) throw new JobSpecError('targets', 'The selection holds no clients.');
  if (picked.size > MAX_JOB_TARGETS)
    throw new JobSpecError(
      'targets',
      `A job can target at most ${MAX_JOB_TARGETS} clients (the selection holds ${picked.size}).`,
    );
  const selection: JobTargetSelection = {
    ...(given['clientIds'] !== undefined ? { clientIds: given['clientIds'] as ClientId[] } : {}),
    ...(relayIds.length > 0 ? { relayIds: relayIds as RelayId[] } : {}),
    ...(typeof filter === 'string' ? { filter } : {}),
    ...(hostNames !== undefined ? { hostNames: hostNames as string[] } : {}),
  };
  const clients = [...picked.values()].map((c) => ({ clientId: c.id, hostName: c.hostName, relayId: c.relayId }));
  return { selection, clients };
}

/** Checks the spec field by field (first mistake wins) and resolves it; throws JobSpecError. */
export function checkJobSpec(spec: JobSpec, fleet: JobFleet, defaults: JobOptions, nowMs: number): CheckedSpec {
  const given = spec as unknown;
  if (!isObject(given)) throw new JobSpecError('spec', 'A job needs a name, a type, targets and a schedule.');
  const name = typeof given['name'] === 'string' ? given['name'].trim() : '';
  if (name.length === 0) throw new JobSpecError('name', 'The job needs a name.');
  if (name.length > MAX_JOB_NAME_LENGTH)
    throw new JobSpecError('name', `The name is longer than ${MAX_JOB_NAME_LENGTH} characters.`);
  const type = given['type'];
  if (!(JOB_TYPES as readonly unknown[]).includes(type)) {
    throw new JobSpecError('type', `The job type is one of ${JOB_TYPES.join(', ')} (got ${JSON.stringify(type)}).`);
  }
  const options = withDefaults(checkOptions(given['options'], 'options.'), defaults);
  const schedule = checkSchedule(given['schedule'], nowMs);
  const { selection, clients } = resolveTargets(given['targets'], fleet);
  const firstRunMs = firstOccurrence(schedule, nowMs);
  if (firstRunMs === null) throw new JobSpecError('schedule', 'The schedule has no occurrence.');
  return { name, type: type as JobType, schedule, options, selection, clients, firstRunMs };
}
