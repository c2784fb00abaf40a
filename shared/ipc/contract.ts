// The one IPC contract between the untrusted renderer and main: every channel with its request schema
// (applied by main to every request) and its response type, and every event main pushes.
// Electron's ipcMain and the headless host's WebSocket are two transports over this same list.

import { z } from 'zod';
import type {
  AuditEntry,
  AuditRetention,
  Client,
  ClientHistoryEntry,
  ClientId,
  CredentialProfileView,
  EffectiveProfile,
  EligibilityFilter,
  FacilityPrerequisites,
  HostId,
  HostIdentity,
  HostIdKept,
  PrerequisitesReport,
  JobOptions,
  JobProgress,
  JobSummary,
  JobTargetPage,
  PowerAction,
  PowerState,
  Relay,
  RelayEnrolmentCode,
  RelayLink,
  RelayListener,
  SolSessionId,
  IderSessionId,
} from '../domain';
import { normaliseClientAddress } from '../domain/ipv6';

// The limits live in a zod-free file so the renderer can show them without bundling zod.
import { IPC_LIMITS } from './limits';
import { auditRetentionSchema, jobOptionsSchema, jobSpecSchema, jobTargetsQuerySchema } from './job-schemas';
export { IPC_LIMITS };

const text = z.string().max(IPC_LIMITS.maxTextLength);
/** A client's IPv4 or IPv6 address; refused here, at the field 'ip', with the words of shared/domain/ipv6.ts. */
const clientAddress = text.min(1).superRefine((value, ctx) => {
  try {
    normaliseClientAddress(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});
const optionalText = text.nullable().optional();
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ids = z.array(id).min(1).max(IPC_LIMITS.maxIdsPerRequest);
const BOOT_TARGET_NAMES = ['bios', 'pxe', 'ider-floppy', 'ider-cd'] as const;
const solSessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) as unknown as z.ZodType<SolSessionId>;
/**
 * Any Uint8Array (TextEncoder output, a subarray, Node's Buffer): z.instanceof(Uint8Array) would type the field
 * as Uint8Array<ArrayBuffer> and refuse the renderer's plain Uint8Array at compile time.
 */
const solBytes = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected bytes (a Uint8Array)' })
  .refine((d) => d.length >= 1 && d.length <= IPC_LIMITS.maxSolSendBytes, {
    message: `expected 1 to ${IPC_LIMITS.maxSolSendBytes} bytes`,
  });
const iderSessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) as unknown as z.ZodType<IderSessionId>;
export const IDER_MEDIA_NAMES = ['floppy', 'cd'] as const;
export type IderMedia = (typeof IDER_MEDIA_NAMES)[number];
/** AMT's IDE-R start modes (amt-protocols.md §3.6): now, after a graceful OS shutdown, on the next reboot. */
export const IDER_START_MODE_NAMES = ['now', 'graceful', 'reboot'] as const;
export type IderStartModeName = (typeof IDER_START_MODE_NAMES)[number];
/** What AMT_RedirectionService can switch on for the console (amt-protocols.md §2.7). */
export const REDIRECTION_FEATURE_NAMES = ['sol', 'ider'] as const;
export type RedirectionFeatureName = (typeof REDIRECTION_FEATURE_NAMES)[number];
/** The code AMT shows on the PC's screen in client control mode: six digits (§2.8). */
const consentCode = z.string().regex(/^\d{6}$/, { message: "the 6 digits shown on the PC's screen" });
const POWER_ACTION_NAMES = [
  'on',
  'off',
  'soft-off',
  'reset',
  'graceful-reset',
  'cycle',
  'sleep',
  'hibernate',
] as const satisfies readonly PowerAction[];

/** Errors cross IPC as data: a code tests branch on and words a helpdesk person reads. */
export interface IpcError {
  readonly code: string;
  readonly message: string;
  /**
   * The request field the error is about, as a path ('options.waitSec', 'targets.clientIds[3]',
   * 'schedule.at'), so a form can show the words at that field; absent when no one field is to blame.
   */
  readonly field?: string;
}

export type IpcReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** Outcome for one client of an action on many: each client gets its own line. */
export interface PerClientResult {
  readonly id: ClientId;
  readonly ok: boolean;
  readonly power?: PowerState;
  readonly error?: IpcError;
}

/** One client's outcome of "Store host ID" (M4): what was kept where, in words. */
export interface HostIdStoreResult {
  readonly id: ClientId;
  /** True when the host ID is now kept on the device (AMT storage, or the platform UUID without 3PDS). */
  readonly ok: boolean;
  readonly hostId?: HostId;
  readonly kept?: HostIdKept;
  readonly words: string;
  readonly error?: IpcError;
}

export interface FleetSnapshot {
  readonly server: { readonly name: string };
  readonly relays: readonly Relay[];
  readonly clients: readonly Client[];
}

export interface ClientDetails {
  readonly client: Client;
  /** Read from AMT on request; null when the client could not be reached (see client.problem). */
  readonly system: {
    readonly amtVersion: string;
    readonly hostName: string;
    readonly domainName: string;
    readonly uuid: string | null;
  } | null;
  readonly network: ReadonlyArray<{
    readonly kind: 'wired' | 'wireless';
    readonly mac: string | null;
    readonly dhcpEnabled: boolean | null;
    readonly ipAddress: string | null;
    readonly linkUp: boolean | null;
  }>;
  readonly inventory: {
    readonly bios: string | null;
    readonly processors: readonly string[];
    readonly memory: readonly string[];
    readonly chassis: string | null;
  } | null;
  /** Audit entries of the asset, under its current and earlier host names (M4). */
  readonly audit: readonly AuditEntry[];
  /** Mission M4: the host ID, where it is kept (with a note when not in AMT storage), and the earlier periods. */
  readonly hostId: { readonly identity: HostIdentity | null; readonly history: readonly ClientHistoryEntry[] };
  /**
   * Mission M3: per facility (AMT linkage, remote control) whether the seed's prerequisites are met and
   * which check fails or is unknown; computed by main from the stored client (after this read).
   */
  readonly prerequisites: readonly FacilityPrerequisites[];
  /** M7: which credential profile reaches this client (its own, a relay subtree's, the default), never the password. */
  readonly credentials: EffectiveProfile;
}

/** A CSV file main made for the user to save (job results, the audit log). */
export interface CsvExport {
  readonly fileName: string;
  readonly csv: string;
  readonly rows: number;
}

export interface CsvImportResult {
  readonly added: number;
  readonly updated: number;
  /** Bad rows, by their 1-based line in the file; good rows are kept. */
  readonly errors: ReadonlyArray<{ readonly line: number; readonly message: string }>;
}

/**
 * Channels, named `area:verb`. Each has the zod schema main applies to the request and, as a type
 * only, the response. Add a channel here and the router, the preload and `window.amt` follow.
 */
export const CHANNELS = {
  'fleet:snapshot': { request: z.object({}).strict(), response: {} as FleetSnapshot },
  'clients:add': {
    request: z
      .object({
        hostName: text.min(1),
        ip: clientAddress,
        amtPort: z.number().int().min(1).max(65535).nullable().optional(),
        mac: optionalText,
        subnetMask: optionalText,
        relayId: id.nullable().optional(),
        os: optionalText,
        agentVersion: optionalText,
        dhcp: z.boolean().nullable().optional(),
        amtVersion: optionalText,
      })
      .strict(),
    response: {} as Client,
  },
  'clients:remove': { request: z.object({ ids }).strict(), response: {} as { readonly removed: number } },
  'clients:import-csv': {
    request: z.object({ csv: z.string().max(IPC_LIMITS.maxCsvBytes), relayId: id.nullable().optional() }).strict(),
    response: {} as CsvImportResult,
  },
  'clients:discover': {
    request: z.object({ range: text.min(1), relayId: id.nullable().optional() }).strict(),
    response: {} as { readonly scanned: number; readonly found: readonly Client[] },
  },
  'clients:refresh': {
    request: z.object({ ids }).strict(),
    response: {} as { readonly results: readonly PerClientResult[] },
  },
  'clients:details': { request: z.object({ id }).strict(), response: {} as ClientDetails },
  /** M4: write each client's host ID into its AMT storage (restoring or regenerating it as registration does). */
  'clients:store-host-id': {
    request: z.object({ ids }).strict(),
    response: {} as { readonly results: readonly HostIdStoreResult[] },
  },
  /** M2/M3: client ids under each of the tree's eligibility filters. */
  'fleet:eligibility': {
    request: z.object({}).strict(),
    response: {} as Readonly<Record<EligibilityFilter, readonly ClientId[]>>,
  },
  /** M2/M3: the prerequisites report of the whole fleet (relayId null) or of one relay's subtree, with its CSV. */
  'fleet:prerequisites-report': {
    request: z.object({ relayId: id.nullable() }).strict(),
    response: {} as { readonly report: PrerequisitesReport; readonly csv: string },
  },
  /**
   * Issue 12 item 7: turn the old-TLS setting (TLS 1.0/1.1 and RSA key exchange, for AMT 11 and older) on or
   * off for these clients; audited per client. Every id must exist, or nothing changes.
   */
  'clients:set-legacy-tls': {
    request: z.object({ ids, enabled: z.boolean() }).strict(),
    response: {} as { readonly clients: readonly Client[] },
  },
  'power:action': {
    request: z
      .object({
        ids,
        action: z.enum(POWER_ACTION_NAMES),
        /** Destructive actions are refused unless the user confirmed them. */
        confirmed: z.boolean(),
      })
      .strict(),
    response: {} as { readonly results: readonly PerClientResult[] },
  },
  'relays:add': {
    request: z
      .object({
        name: text.min(1),
        kind: z.enum(['relay-manager', 'relay-system']),
        host: text.min(1),
        parentId: id.nullable().optional(),
        os: optionalText,
        agentVersion: optionalText,
      })
      .strict(),
    response: {} as Relay,
  },
  /** Issue 8: every relay's link (online, offline, revoked, not enrolled) and where relays connect (null: nowhere). */
  'relays:links': {
    request: z.object({}).strict(),
    response: {} as { readonly listener: RelayListener | null; readonly relays: readonly RelayLink[] },
  },
  /** Issue 8: a one-time code that enrols this relay (single use, expires); audited without the code. */
  'relays:enrol-code': { request: z.object({ relayId: id }).strict(), response: {} as RelayEnrolmentCode },
  /** Issue 8: a relay's new name in the tree (unique, case-insensitive); audited. */
  'relays:rename': { request: z.object({ relayId: id, name: text.min(1) }).strict(), response: {} as Relay },
  /** Issue 8: refuses the relay from now on (its connection closes, its work in hand fails); audited. */
  'relays:revoke': { request: z.object({ relayId: id }).strict(), response: {} as RelayLink },
  'profiles:list': { request: z.object({}).strict(), response: {} as readonly CredentialProfileView[] },
  'profiles:set': {
    request: z
      .object({
        scope: z.enum(['default', 'relay', 'client']),
        targetId: id.nullable(),
        user: z.string().min(1).max(16),
        password: z.string().min(1).max(IPC_LIMITS.maxPasswordLength),
      })
      .strict(),
    response: {} as CredentialProfileView,
  },
  /** Removes a relay's or a client's own credentials: the profile above it applies again. Audited. */
  'profiles:remove': {
    request: z.object({ scope: z.enum(['relay', 'client']), targetId: id }).strict(),
    response: {} as { readonly removed: boolean },
  },
  'audit:list': {
    request: z
      .object({ target: text.optional(), jobId: id.optional(), limit: z.number().int().min(1).max(1000) })
      .strict(),
    response: {} as readonly AuditEntry[],
  },
  /** The audit log (or one target's, or one job's) as CSV, oldest first, every row the filter matches. */
  'audit:export-csv': {
    request: z.object({ target: text.optional(), jobId: id.optional() }).strict(),
    response: {} as CsvExport,
  },
  'audit:retention': { request: z.object({}).strict(), response: {} as AuditRetention },
  /** Stores the retention and prunes at once; `pruned` rows went. */
  'audit:set-retention': {
    request: auditRetentionSchema,
    response: {} as AuditRetention & { readonly pruned: number },
  },
  /** Validates the whole spec first; nothing is written when a field is wrong (the error names it). */
  'jobs:create': { request: jobSpecSchema, response: {} as JobSummary },
  'jobs:list': { request: z.object({}).strict(), response: {} as readonly JobSummary[] },
  'jobs:get': { request: z.object({ id }).strict(), response: {} as JobSummary },
  /** One page of a run's targets, filtered and sorted by main (a run may have thousands). */
  'jobs:targets': { request: jobTargetsQuerySchema, response: {} as JobTargetPage },
  'jobs:cancel': { request: z.object({ id }).strict(), response: {} as JobSummary },
  /** A new attempt for the failed targets of the job's latest run. */
  'jobs:retry-failed': { request: z.object({ id }).strict(), response: {} as JobSummary },
  /** The latest run's targets as CSV. */
  'jobs:export-csv': { request: z.object({ id }).strict(), response: {} as CsvExport },
  /** The options a new job starts from (settings, mission M7). */
  'jobs:defaults': { request: z.object({}).strict(), response: {} as JobOptions },
  'jobs:set-defaults': {
    request: z.object({ options: jobOptionsSchema.partial() }).strict(),
    response: {} as JobOptions,
  },
  /** Sets the next boot (one-shot) and powers the clients on, or resets the running ones (mission M5). */
  'clients:boot': {
    request: z
      .object({
        ids,
        target: z.enum(BOOT_TARGET_NAMES),
        /** Redirect the BIOS console to Serial-over-LAN for this boot. */
        useSol: z.boolean(),
        /** A reset loses unsaved work: refused unless the user confirmed. */
        confirmed: z.boolean(),
      })
      .strict(),
    response: {} as { readonly results: readonly PerClientResult[] },
  },
  /** Opens a Serial-over-LAN session to one client; output arrives as `sol:data` events. */
  'sol:open': { request: z.object({ id }).strict(), response: {} as { readonly sessionId: SolSessionId } },
  /** Keys typed in the terminal, as bytes: one key sequence per call (BIOSes time out split sequences). */
  'sol:send': {
    request: z.object({ sessionId: solSessionId, data: solBytes }).strict(),
    response: {} as { readonly sent: number },
  },
  'sol:close': {
    request: z.object({ sessionId: solSessionId }).strict(),
    response: {} as { readonly closed: boolean },
  },
  /**
   * Issue 9: serve an image on the console's disk to one client as its redirected floppy or CD. The image is
   * checked first (exists, readable, whole sectors, a sane size; errors name the field 'path'); state and
   * progress arrive as `ider:state` and `ider:progress` events. One session per client.
   */
  'ider:start': {
    request: z
      .object({
        id,
        media: z.enum(IDER_MEDIA_NAMES),
        path: z.string().min(1).max(IPC_LIMITS.maxImagePathLength),
        startMode: z.enum(IDER_START_MODE_NAMES),
      })
      .strict(),
    response: {} as { readonly sessionId: IderSessionId },
  },
  /** Ends the session cleanly (EndIDER); false when it is not open (any more) or not this connection's. */
  'ider:stop': {
    request: z.object({ sessionId: iderSessionId }).strict(),
    response: {} as { readonly stopped: boolean },
  },
  /**
   * Issue 9, client control mode: AMT shows a consent code on the client's screen (a code still shown is replaced).
   * `needed` false: no consent is needed now (nothing shown). Audited.
   */
  'consent:start': {
    request: z.object({ id }).strict(),
    response: {} as { readonly needed: boolean; readonly codeTimeoutSec: number | null },
  },
  /** The code the user read out; 'consent-wrong-code' (try again) or 'consent-expired' (start again). Audited. */
  'consent:send-code': {
    request: z.object({ id, code: consentCode }).strict(),
    response: {} as { readonly accepted: true },
  },
  /** Takes the code off the client's screen (the helpdesk gave up). */
  'consent:cancel': { request: z.object({ id }).strict(), response: {} as { readonly cancelled: true } },
  /**
   * Issue 9: switches SOL and/or IDE-R and the redirection listener on in AMT_RedirectionService (never off);
   * `changes` says what was changed, one sentence each (empty: all was on). Audited.
   */
  'redirection:enable': {
    request: z.object({ id, features: z.array(z.enum(REDIRECTION_FEATURE_NAMES)).min(1).max(2) }).strict(),
    response: {} as { readonly changes: readonly string[] },
  },
} as const;

export type Channel = keyof typeof CHANNELS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CHANNELS)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof CHANNELS)[C]['response'];

/** Events main pushes, named `area:noun`. */
/** A Serial-over-LAN session's state, as the terminal view shows it. */
export type SolState = 'connecting' | 'open' | 'closed' | 'failed';

/** An IDE-R session's state: starting (connecting, enabling the drives), active (serving), stopped, failed. */
export type IderState = 'starting' | 'active' | 'stopped' | 'failed';

/** What the IDE-R panel shows while an image is served. */
export interface IderProgressView {
  readonly bytesSent: number;
  readonly sectorsRead: number;
  /** Over the last completed read command. */
  readonly sectorsPerSecond: number;
  /** Image bytes per second of the last completed read (sectorsPerSecond × the sector size). */
  readonly bytesPerSecond: number;
  readonly commands: number;
  /** e.g. "READ(10) floppy LBA 1 × 17". */
  readonly lastCommand: string;
  readonly imageBytes: number;
}

export interface EventPayloads {
  /** Bytes the client's BIOS or OS wrote to its serial console, batched for a few ms. */
  'sol:data': { readonly sessionId: SolSessionId; readonly data: Uint8Array };
  /** The session opened, closed or failed (words say why), and the host's power as SOL reports it. */
  'sol:state': {
    readonly sessionId: SolSessionId;
    readonly clientId: ClientId;
    readonly state: SolState;
    readonly words?: string;
    /** Why it failed, as an error code ('consent-required', 'redirection-disabled', 'auth-failed', …). */
    readonly code?: string;
    readonly hostPoweredOn?: boolean;
  };
  /** An IDE-R session started, became active, stopped or failed (words say why). */
  'ider:state': {
    readonly sessionId: IderSessionId;
    readonly clientId: ClientId;
    readonly media: IderMedia;
    readonly state: IderState;
    readonly words?: string;
    /** Why it failed, as an error code ('consent-required', 'redirection-disabled', 'auth-failed', …). */
    readonly code?: string;
  };
  /** Bytes served so far, at most a few times a second per session, and once more when it ends. */
  'ider:progress': {
    readonly sessionId: IderSessionId;
    readonly clientId: ClientId;
    readonly progress: IderProgressView;
  };
  /**
   * Clients whose state changed (power, problem, details) since the last tick, each once with its latest
   * copy: one message per tick however many clients a sweep touched; the renderer replaces its copies.
   */
  'clients:changed': { readonly clients: readonly Client[] };
  'clients:removed': { readonly ids: readonly ClientId[] };
  /** Relays or the tree's shape changed: the renderer reloads the snapshot. */
  'fleet:changed': { readonly reason: string };
  /** Every job and target that changed since the last tick (at most one message per tick). */
  'jobs:progress': JobProgress;
}
export type EventName = keyof EventPayloads;
// The names as zod-free data (for the preload and the bridge) live in names.ts.
export { EVENT_NAMES } from './names';

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}
