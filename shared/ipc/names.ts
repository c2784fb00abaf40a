// The channel and event names as plain data, free of zod, so the preload and the WebSocket bridge can
// build window.amt without bundling the schemas (they validate nothing; main does). The type checks
// below make this list equal to the contract's keys: a channel added there and not here fails to compile.

import type { Channel, EventName } from './contract';

export const CHANNEL_NAMES = [
  'fleet:snapshot',
  'clients:add',
  'clients:remove',
  'clients:import-csv',
  'clients:discover',
  'clients:refresh',
  'clients:details',
  'clients:store-host-id',
  'fleet:eligibility',
  'fleet:prerequisites-report',
  'clients:set-legacy-tls',
  'power:action',
  'relays:add',
  'relays:links',
  'relays:enrol-code',
  'relays:revoke',
  'relays:rename',
  'profiles:list',
  'profiles:set',
  'profiles:remove',
  'audit:list',
  'audit:export-csv',
  'audit:retention',
  'audit:set-retention',
  'jobs:create',
  'jobs:list',
  'jobs:get',
  'jobs:targets',
  'jobs:cancel',
  'jobs:retry-failed',
  'jobs:export-csv',
  'jobs:defaults',
  'jobs:set-defaults',
  'clients:boot',
  'sol:open',
  'sol:send',
  'sol:close',
  'ider:start',
  'ider:stop',
  'consent:start',
  'consent:send-code',
  'consent:cancel',
  'redirection:enable',
] as const satisfies readonly Channel[];

export const EVENT_NAMES = [
  'clients:changed',
  'clients:removed',
  'fleet:changed',
  'jobs:progress',
  'sol:data',
  'sol:state',
  'ider:state',
  'ider:progress',
] as const satisfies readonly EventName[];

type MissingChannel = Exclude<Channel, (typeof CHANNEL_NAMES)[number]>;
type MissingEvent = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
/** Compiles only while no contract channel or event is missing from the lists above. */
export const NAMES_COMPLETE: [MissingChannel, MissingEvent] extends [never, never]
  ? true
  : { missing: MissingChannel | MissingEvent } = true;
