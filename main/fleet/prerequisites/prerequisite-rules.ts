// The prerequisites of seed §2.7.6 ("Using AMT to control clients") as one table (mission M3): each row
// says whom it applies to, for which facilities, the condition as data and the words. The evaluator
// (evaluate-prerequisites.ts) has no rule of its own; adding a prerequisite is adding a row.

import type { PrerequisiteFacility } from '../../../shared/domain';
import type { OsFamily } from './os-family';

export type PrerequisiteRole = 'client' | 'relay';

/** What a condition can look at: the client's or relay's stored fields, and the console's own side. */
export type PrerequisiteField = 'amtVersion' | 'dhcp' | 'idKey' | 'agentVersion' | 'managingVersion';

export type PrerequisiteCondition =
  /** Has a value; empty and "N/A" count as no value (the seed: "no value, or N/A"). */
  | { readonly field: PrerequisiteField; readonly op: 'present' }
  | { readonly field: PrerequisiteField; readonly op: 'is'; readonly value: boolean | string }
  /** An agent version ("VV-RR") at or above value. */
  | { readonly field: PrerequisiteField; readonly op: 'atLeast'; readonly value: string };

export interface PrerequisiteRule {
  readonly id: string;
  readonly appliesTo: PrerequisiteRole;
  readonly facilities: readonly PrerequisiteFacility[];
  /** The row applies only on these OS families; without it, on every OS. */
  readonly when?: { readonly osIn: readonly OsFamily[] };
  readonly condition: PrerequisiteCondition;
  /** What is required, as a sentence fragment; the evaluator adds what it found. */
  readonly required: string;
  /** Why it matters when the check fails. */
  readonly whyFailed: string;
  /** What an administrator does about a failed or unknown check (the prerequisites report's last column). */
  readonly remedy: string;
}

const BOTH: readonly PrerequisiteFacility[] = ['amt-linkage', 'remote-control'];
const REMOTE: readonly PrerequisiteFacility[] = ['remote-control'];
/** The console keys clients by host name; other ID keys of the product are not modelled. */
export const HOST_NAME_ID_KEY = 'host-name';

export const PREREQUISITE_RULES: readonly PrerequisiteRule[] = [
  // Client (seed §2.7.6, "Client" list and (1)).
  {
    id: 'client-amt-firmware',
    appliesTo: 'client',
    facilities: BOTH,
    condition: { field: 'amtVersion', op: 'present' },
    required: 'AMT firmware version present in the system information',
    whyFailed: 'no AMT firmware version (empty or N/A): AMT linkage cannot be used on this PC',
    remedy:
      'Provision Intel AMT on this PC (or accept Wake-on-LAN only); then refresh its system information so the firmware version is reported',
  },
  {
    id: 'client-dhcp',
    appliesTo: 'client',
    facilities: BOTH,
    condition: { field: 'dhcp', op: 'is', value: true },
    required: 'DHCP in use on the client',
    whyFailed: 'the client does not use DHCP',
    remedy:
      'Let the client take its address from DHCP (AMT shares the address with the OS), or keep using Wake-on-LAN for it',
  },
  {
    id: 'client-host-name-id-key',
    appliesTo: 'client',
    facilities: BOTH,
    condition: { field: 'idKey', op: 'is', value: HOST_NAME_ID_KEY },
    required: "the host name is the client's ID key",
    whyFailed: 'operations do not use the host name as the ID key',
    remedy: "Set the product's ID key to the host name for the operations that use AMT",
  },
  {
    id: 'client-agent-version',
    appliesTo: 'client',
    facilities: BOTH,
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-10' },
    required: 'client agent version 08-10 or later',
    whyFailed: 'the client agent is older than 08-10',
    remedy: 'Update the client agent to 08-10 or later (or record its version if it is already newer)',
  },
  {
    id: 'client-agent-version-vista-2008',
    appliesTo: 'client',
    facilities: BOTH,
    when: { osIn: ['windows-vista', 'windows-server-2008'] },
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-51' },
    required: 'client agent version 08-51 or later on Windows Vista / Server 2008',
    whyFailed: 'on Windows Vista / Server 2008 the client agent must be 08-51 or later',
    remedy: 'Update the client agent on this Windows Vista / Server 2008 PC to 08-51 or later',
  },
  {
    id: 'client-agent-version-windows-7',
    appliesTo: 'client',
    facilities: BOTH,
    when: { osIn: ['windows-7'] },
    condition: { field: 'agentVersion', op: 'atLeast', value: '09-50' },
    required: 'client agent version 09-50 or later on Windows 7',
    whyFailed: 'on Windows 7 the client agent must be 09-50 or later',
    remedy: 'Update the client agent on this Windows 7 PC to 09-50 or later',
  },
  // Remote control facility (seed §2.7.6 (3)): 08-51 on both sides.
  {
    id: 'client-remote-control-version',
    appliesTo: 'client',
    facilities: REMOTE,
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-51' },
    required: 'client agent version 08-51 or later for remote control',
    whyFailed: 'remote control needs the client at 08-51 or later',
    remedy: 'Update the client agent to 08-51 or later to use remote control',
  },
  {
    id: 'managing-remote-control-version',
    appliesTo: 'client',
    facilities: REMOTE,
    condition: { field: 'managingVersion', op: 'atLeast', value: '08-51' },
    required: 'managing side at 08-51 or later for remote control',
    whyFailed: 'remote control needs the managing side at 08-51 or later',
    remedy: 'Update the managing server to 08-51 or later to use remote control',
  },
  // Relay manager/system: for clients below it, what the managing server needs (08-10 or later)…
  {
    id: 'relay-managing-version',
    appliesTo: 'relay',
    facilities: BOTH,
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-10' },
    required: 'relay version 08-10 or later (as for the managing server)',
    whyFailed: 'a relay below which clients are controlled needs what the managing server needs: 08-10 or later',
    remedy: 'Update the relay to 08-10 or later (or record its version if it is already newer)',
  },
  // …and for its client role on these OSes, 08-51 or later.
  {
    id: 'relay-version-newer-windows',
    appliesTo: 'relay',
    facilities: BOTH,
    when: { osIn: ['windows-8', 'windows-server-2012', 'windows-7', 'windows-server-2008', 'windows-vista'] },
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-51' },
    required: 'relay version 08-51 or later on Windows 8 / Server 2012 / 7 / Server 2008 / Vista',
    whyFailed: 'a relay on Windows 8 / Server 2012 / 7 / Server 2008 / Vista must be 08-51 or later',
    remedy: 'Update the relay on this Windows version to 08-51 or later',
  },
  {
    id: 'relay-remote-control-version',
    appliesTo: 'relay',
    facilities: REMOTE,
    condition: { field: 'agentVersion', op: 'atLeast', value: '08-51' },
    required: 'relay version 08-51 or later for remote control (as the managing side)',
    whyFailed: 'remote control through a relay needs the relay at 08-51 or later',
    remedy: 'Update the relay to 08-51 or later to use remote control through it',
  },
];
