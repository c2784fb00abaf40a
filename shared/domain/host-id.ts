// Host IDs (mission M4): where a client's asset key is kept, its history across re-installs, and what a
// registration did with it. Plain data shared by main, the CLI and the renderer.

import type { ClientId } from './fleet';
import type { HostId } from './ids';

/** Where the host ID lives besides the console's database. */
export type HostIdKept = 'amt-storage' | 'platform-uuid' | 'console';

export const HOST_ID_KEPT_LABEL: Readonly<Record<HostIdKept, string>> = {
  'amt-storage': 'AMT storage (Third Party Data Storage)',
  'platform-uuid': 'platform UUID (this device has no Third Party Data Storage)',
  console: 'console only (not stored on the device)',
};

export interface HostIdentity {
  readonly hostId: HostId;
  readonly kept: HostIdKept;
  /** A sentence the details pane shows next to the host ID (why it is kept where it is), or null. */
  readonly note: string | null;
  /** SMBIOS UUID read from AMT, lower-case, or null when never read. */
  readonly platformUuid: string | null;
  /** OS install date of the current OS record (ISO), or null when unknown. */
  readonly osInstalledAt: string | null;
  readonly updatedAt: string;
}

/** One earlier period of an asset: the OS record it had until a re-install (or rename) replaced it. */
export interface ClientHistoryEntry {
  readonly hostName: string;
  readonly ip: string;
  readonly os: string | null;
  readonly osInstalledAt: string | null;
  /** When the console first saw this record (ISO). */
  readonly from: string;
  /** When a new record replaced it (ISO). */
  readonly to: string;
  /** Why the period ended, in words. */
  readonly reason: string;
}

/**
 * What a registration did: a new asset, the same record again, an existing asset re-attached after a
 * re-install, or a new host ID because nothing could be restored.
 */
export type RegistrationKind = 'new-asset' | 'same-record' | 'reattached' | 'new-host-id';

export interface RegistrationOutcome {
  readonly clientId: ClientId;
  readonly kind: RegistrationKind;
  readonly hostId: HostId;
  readonly kept: HostIdKept;
  /** What happened, in words (says so when an ID was regenerated or storage was unusable). */
  readonly words: string;
  /** The host ID was written to AMT storage by this registration. */
  readonly wrote: boolean;
}
