// A relay's link to the console (issue 8): whether it is enrolled and connected, what the console last saw of it,
// and the one-time code that enrols it. Shown in the relay details view; built by main/relay.

import type { RelayId } from './fleet';
import type { CertFingerprint } from './ids';

export type RelayLinkStatus = 'online' | 'offline' | 'revoked' | 'not-enrolled';

export interface RelayLink {
  readonly relayId: RelayId;
  readonly name: string;
  readonly status: RelayLinkStatus;
  /** The relay's pinned certificate; null before its first enrolment. */
  readonly fingerprint: CertFingerprint | null;
  readonly enrolledAt: string | null;
  readonly revokedAt: string | null;
  readonly lastSeenAt: string | null;
  readonly lastAddress: string | null;
  readonly version: string | null;
  readonly subnets: readonly string[];
  readonly lastError: string | null;
  /** Requests sent to it, or held for it while it is offline, and not answered yet. */
  readonly workInHand: number;
}

/** Where relays connect to this console, and the certificate they pin. */
export interface RelayListener {
  readonly host: string;
  readonly port: number;
  readonly fingerprint: CertFingerprint;
}

export interface RelayEnrolmentCode {
  readonly relayId: RelayId;
  /** "ABCD-EFGH-JKMN-PQRS": single use; typed into `amtctl relay --code` on the relay's machine. */
  readonly code: string;
  readonly expiresAt: string;
  readonly listener: RelayListener;
}
