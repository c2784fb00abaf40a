// The fleet as main/api sees it: one object over the store and discovery, whose methods match the IPC
// channels' needs. Calls that talk to AMT for details or power stay in main/api with main/amt.

import type {
  AuditEntry,
  AuditRetention,
  Client,
  ClientHistoryEntry,
  ClientId,
  HostIdentity,
  CredentialProfileView,
  EffectiveProfile,
  ProfileScope,
  Relay,
  RelayId,
} from '../../shared/domain';
import type { PinStore, TlsPolicy, TransportPool } from '../amt/index';
import type {
  AuditFilter,
  AuditQuery,
  ClientFields,
  ClientPatch,
  NewAuditEntry,
  NewRelay,
  Store,
} from '../store/index';
import { auditCsv } from './audit-csv';
import { validateClientChange, validateClientFields } from './client-validation';
import { effectiveProfile, resolveCredentials, type ResolvedCredentials } from './credentials';
import { importClientsCsv, type CsvImportOptions, type CsvImportSummary } from './csv-import';
import { discoverClients, type DiscoveryOptions, type DiscoveryResult } from './discovery';

export interface FleetSnapshotData {
  readonly server: { readonly name: string };
  readonly relays: readonly Relay[];
  readonly clients: readonly Client[];
}

export interface FleetServiceOptions {
  readonly store: Store;
  /** Transports for discovery (shared with main/api so later calls reuse the digest state). */
  readonly pool: TransportPool;
  readonly pins: PinStore;
  /** The managing server's name at the tree's root. */
  readonly serverName: string;
  readonly tlsPolicy?: TlsPolicy;
  readonly discoveryTimeoutMs?: number;
  readonly discoveryConcurrency?: number;
}

export interface FleetService {
  snapshot(): FleetSnapshotData;
  /** Validates like the CSV import (AmtError 'bad-input' with the words to show), then adds; StoreError 'duplicate' for a taken host name. */
  addClient(fields: ClientFields): Client;
  /** Validates the fields the patch names (like addClient), then writes only those keys. */
  updateClient(id: ClientId, patch: ClientPatch): Client;
  removeClients(ids: readonly ClientId[]): number;
  getClient(id: ClientId): Client | undefined;
  addRelay(input: NewRelay): Relay;
  /** Throws StoreError 'bad-input', 'duplicate' or 'not-found'. */
  renameRelay(id: RelayId, name: string): Relay;
  importCsv(csv: string, options?: Pick<CsvImportOptions, 'relayId'>): CsvImportSummary;
  discover(
    range: string,
    options?: Pick<DiscoveryOptions, 'relayId' | 'signal' | 'onClient' | 'httpPort' | 'tlsPort'>,
  ): Promise<DiscoveryResult>;
  listProfiles(): CredentialProfileView[];
  setProfile(input: {
    scope: ProfileScope;
    targetId: number | null;
    user: string;
    password?: string;
  }): CredentialProfileView;
  /** Removes a relay's or a client's own profile (the one above it applies again); false when there was none. */
  removeProfile(scope: Exclude<ProfileScope, 'default'>, targetId: number): boolean;
  /** Where the client's credentials come from (no password); undefined for an unknown client. */
  effectiveProfile(id: ClientId): EffectiveProfile | undefined;
  /** Decrypted credentials for a client (client → relay → default). For main only; never into a reply. */
  credentialsFor(id: ClientId): ResolvedCredentials | undefined;
  recordAudit(entry: NewAuditEntry): AuditEntry;
  listAudit(query: AuditQuery): AuditEntry[];
  /** Every entry the filter matches as CSV, oldest first, and how many rows it has. */
  exportAuditCsv(filter: AuditFilter): { readonly csv: string; readonly rows: number };
  auditRetention(): AuditRetention;
  setAuditRetention(retention: AuditRetention): AuditRetention;
  /** Deletes what the retention no longer keeps; returns how many entries went. */
  pruneAudit(): number;
  /** The client's host ID and where it is kept (M4), or null before its first registration. */
  hostIdentity(id: ClientId): HostIdentity | null;
  /** The asset's earlier OS records, oldest first. */
  clientHistory(id: ClientId): ClientHistoryEntry[];
  /** Audit entries of the asset under its current and every earlier host name, newest first. */
  assetAudit(id: ClientId, limit: number): AuditEntry[];
  /** The store, for the host-ID registration steps that run beside an AMT session (main/api). */
  readonly store: Store;
}

export function createFleetService(options: FleetServiceOptions): FleetService {
  const { store } = options;
  return {
    snapshot: () => ({
      server: { name: options.serverName },
      relays: store.relays.list(),
      clients: store.clients.list(),
    }),
    addClient: (fields) => store.clients.add(validateClientFields(fields)),
    updateClient: (id, patch) => store.clients.update(id, validateClientChange(patch)),
    removeClients: (ids) => store.clients.remove(ids),
    getClient: (id) => store.clients.get(id),
    addRelay: (input) => store.relays.add(input),
    renameRelay: (id, name) => store.relays.rename(id, name),
    importCsv: (csv, importOptions = {}) => importClientsCsv(store, csv, importOptions),
    discover: (range, discoverOptions = {}) =>
      discoverClients(store, {
        range,
        pool: options.pool,
        pins: options.pins,
        ...(options.tlsPolicy ? { tlsPolicy: options.tlsPolicy } : {}),
        ...(options.discoveryTimeoutMs ? { timeoutMs: options.discoveryTimeoutMs } : {}),
        ...(options.discoveryConcurrency ? { concurrency: options.discoveryConcurrency } : {}),
        ...discoverOptions,
      }),
    listProfiles: () => store.profiles.list(),
    setProfile: (input) => store.profiles.set(input),
    removeProfile: (scope, targetId) => {
      const found = store.profiles.find(scope, targetId);
      return found !== undefined && store.profiles.remove(found.id);
    },
    effectiveProfile: (id) => effectiveProfile(store, id),
    credentialsFor: (id) => resolveCredentials(store, id),
    recordAudit: (entry) => store.audit.record(entry),
    listAudit: (query) => store.audit.list(query),
    exportAuditCsv: (filter) => {
      let rows = 0;
      const counted = function* () {
        for (const entry of store.audit.iterate(filter)) {
          rows += 1;
          yield entry;
        }
      };
      const csv = auditCsv(counted());
      return { csv, rows };
    },
    auditRetention: () => store.audit.retention(),
    setAuditRetention: (retention) => store.audit.setRetention(retention),
    pruneAudit: () => store.audit.prune(),
    hostIdentity: (id) => store.hostIds.get(id) ?? null,
    clientHistory: (id) => store.hostIds.history(id),
    assetAudit: (id, limit) => {
      const client = store.clients.get(id);
      if (!client) return [];
      return store.audit.list({
        targets: [client.hostName, ...store.hostIds.history(id).map((h) => h.hostName)],
        limit,
      });
    },
    store,
  };
}
