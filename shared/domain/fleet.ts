// The fleet as the console models it (mission M2, M6, M7): one managing server, relay managers/systems
// below it, clients below those. Plain data shared by main and the renderer.

import type { JobId } from './jobs';
import type { AmtErrorCode } from './errors';
import type { Brand } from './ids';
import type { PowerState } from './power';

export type ClientId = Brand<number, 'ClientId'>;
export type RelayId = Brand<number, 'RelayId'>;
export type ProfileId = Brand<number, 'ProfileId'>;
export type AuditId = Brand<number, 'AuditId'>;

/** A relay manager forwards jobs to relay systems; both can have clients below them (mission M6). */
export type RelayKind = 'relay-manager' | 'relay-system';

export interface Relay {
  readonly id: RelayId;
  readonly name: string;
  readonly kind: RelayKind;
  /** Address the console reaches it at. */
  readonly host: string;
  readonly parentId: RelayId | null;
  readonly os: string | null;
  readonly agentVersion: string | null;
}

/** A problem shown on a client, in the words the UI shows, with the code tests and logic branch on. */
export interface ClientProblem {
  readonly code: AmtErrorCode | 'no-amt' | 'no-credentials';
  readonly words: string;
  readonly at: string;
}

export interface Client {
  readonly id: ClientId;
  /** The client's ID key (mission M3). */
  readonly hostName: string;
  readonly ip: string;
  /** Where AMT answers when it is not at ip:16992/16993 (simulated fleets on one address). */
  readonly amtPort: number | null;
  readonly mac: string | null;
  readonly subnetMask: string | null;
  readonly relayId: RelayId | null;
  readonly os: string | null;
  readonly agentVersion: string | null;
  readonly dhcp: boolean | null;
  /** "AMT firmware version" of the system information; null means N/A: AMT linkage cannot be used (M2). */
  readonly amtVersion: string | null;
  readonly power: PowerState;
  /** ISO time of the last successful contact with AMT. */
  readonly lastSeenAt: string | null;
  readonly problem: ClientProblem | null;
  /**
   * Old-TLS device (AMT 11.x and older): TLS 1.0/1.1 and RSA key-exchange suites allowed for this client only.
   * Off unless a person turns it on; the UI shows it with a warning.
   */
  readonly legacyTls: boolean;
}

/** Where a credential profile applies; the most specific one wins: client, then relay, then default (M7). */
export type ProfileScope = 'default' | 'relay' | 'client';

/** What leaves main about a credential profile: never the password itself. */
export interface CredentialProfileView {
  readonly id: ProfileId;
  readonly scope: ProfileScope;
  /** Relay or client id for the relay and client scopes; null for the default. */
  readonly targetId: number | null;
  readonly user: string;
  readonly hasPassword: boolean;
  readonly updatedAt: string;
}

/**
 * Which credentials reach a client, and from where (M7): its own override, the profile of the nearest relay above
 * it that has one (a relay's profile covers its whole subtree), or the managing server's default. Never the password.
 */
export interface EffectiveProfile {
  readonly source: ProfileScope | 'none';
  /** The relay whose profile applies, for source 'relay'. */
  readonly relayId: RelayId | null;
  readonly user: string | null;
}

export type AuditResult = 'ok' | 'failed';

/** One out-of-band action: who did what to which target, when, and how it ended. */
export interface AuditEntry {
  readonly id: AuditId;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly result: AuditResult;
  readonly detail: string;
  /** The client-control job the entry belongs to, when a job did it (audit:list filters by it). */
  readonly jobId?: JobId;
}

/** One Serial-over-LAN session opened by main for the renderer; an opaque random string. */
export type SolSessionId = Brand<string, 'SolSessionId'>;

/** One IDE redirection session (a floppy or CD image served to a client) opened by main; opaque like SolSessionId. */
export type IderSessionId = Brand<string, 'IderSessionId'>;
