// Builds the API layer from the fleet service and the AMT pool: events, per-client AMT access, the power
// watcher, the SOL and IDE-R sessions, the handlers and the router. main/core.ts calls this; tests may too. The pool
// (shared with discovery) holds the per-device gate, so its fleet-wide bound is set where the pool is made.

import { isAmtError, type AmtErrorCode, type Client } from '../../shared/domain';
import type { PinStore, TlsPolicy, TransportPool } from '../amt/index';
import type { FleetService } from '../fleet/index';
import type { JobService } from '../jobs/index';
import type { RunningRelayService } from '../relay/index';
import { ApiEvents, DEFAULT_CLIENT_CHANGE_TICK_MS } from './api-events';
import { AuditPruner, DEFAULT_AUDIT_PRUNE_INTERVAL_MS } from './audit-pruner';
import { bridgeJobProgress } from './job-progress-bridge';
import { ClientAmt } from './client-amt';
import type { ApiLog } from './error-reply';
import type { ApiDeps } from './handlers/api-deps';
import { failClient } from './handlers/client-preflight';
import { createHandlers } from './handlers/create-handlers';
import { IderSessions } from './ider-sessions';
import { DEFAULT_POWER_WATCH, PowerWatch, type PowerWatchOptions } from './power-watch';
import { createRouter, type Router } from './router';
import { SolSessions } from './sol-sessions';
import type { SolOutputOptions } from './sol-output-buffer';

export interface ApiOptions {
  readonly fleet: FleetService;
  /** Started and stopped by the core; the API only calls it and forwards its progress. */
  readonly jobs: JobService;
  /** The relay service (issue 8), when the core listens for relays. */
  readonly relays?: RunningRelayService;
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly actor: string;
  readonly log?: ApiLog;
  readonly tlsPolicy?: TlsPolicy;
  /** Per connect and per read to one device. Default 5 s. */
  readonly amtTimeoutMs?: number;
  readonly powerWatch?: PowerWatchOptions;
  readonly now?: () => Date;
  /** SOL output batching and its bound. Default 5 ms, 1 MiB. */
  readonly solOutput?: SolOutputOptions;
  /** How long client changes gather into one `clients:changed`. Default 100 ms. */
  readonly clientChangeTickMs?: number;
  /** How often the audit log is pruned in the background. Default hourly. */
  readonly auditPruneIntervalMs?: number;
}

export interface Api {
  readonly router: Router;
  readonly events: ApiEvents;
  /** Stops background work (power watches) and ends every SOL and IDE-R session. */
  stop(): Promise<void>;
  /** A transport's connection or window went away: what it owned (SOL and IDE-R sessions) ends. */
  connectionClosed(peer: string): void;
}

export const DEFAULT_AMT_TIMEOUT_MS = 5000;
/** Redirection failures that say something about the client itself (shown in the tree and its details). */
const REDIRECTION_PROBLEM_CODES: ReadonlySet<AmtErrorCode> = new Set<AmtErrorCode>([
  'auth-failed',
  'tls-pin-mismatch',
  'redirection-disabled',
]);

export function createApi(options: ApiOptions): Api {
  const log = options.log ?? (() => undefined);
  const events = new ApiEvents(
    (error) => log(`event listener failed: ${error instanceof Error ? error.message : String(error)}`),
    options.clientChangeTickMs ?? DEFAULT_CLIENT_CHANGE_TICK_MS,
  );
  const amt = new ClientAmt({
    pool: options.pool,
    pins: options.pins,
    tlsPolicy: options.tlsPolicy ?? 'tls-then-http',
    timeoutMs: options.amtTimeoutMs ?? DEFAULT_AMT_TIMEOUT_MS,
  });
  const powerWatch = new PowerWatch(options.fleet, amt, events, log, options.powerWatch ?? DEFAULT_POWER_WATCH);
  // A redirection session refused for the client's own credentials or certificate becomes its problem as a
  // WS-Man call's does; an unreachable redirection port is not (SOL or IDE-R may just be off while WS-Man works).
  const markProblem = (client: Client, error: unknown): void => {
    if (isAmtError(error) && REDIRECTION_PROBLEM_CODES.has(error.code)) failClient(deps, client, error);
  };
  const sol = new SolSessions({
    fleet: options.fleet,
    amt,
    events,
    actor: options.actor,
    log,
    markProblem,
    ...(options.solOutput ? { output: options.solOutput } : {}),
  });
  const ider = new IderSessions({ fleet: options.fleet, amt, events, actor: options.actor, log, markProblem });
  const auditPruner = new AuditPruner(
    options.fleet,
    log,
    options.auditPruneIntervalMs ?? DEFAULT_AUDIT_PRUNE_INTERVAL_MS,
  );
  auditPruner.start();
  const stopProgress = bridgeJobProgress(options.jobs, options.fleet, events);
  const deps: ApiDeps = {
    fleet: options.fleet,
    amt,
    events,
    powerWatch,
    sol,
    ider,
    jobs: options.jobs,
    ...(options.relays ? { relays: options.relays } : {}),
    auditPruner,
    actor: options.actor,
    log,
    now: options.now ?? (() => new Date()),
  };
  const handlers = createHandlers(deps);
  return {
    router: createRouter(handlers, { log }),
    events,
    async stop() {
      powerWatch.stopAll();
      auditPruner.stop();
      stopProgress();
      events.flushClientChanges();
      await Promise.all([sol.closeAll(), ider.closeAll()]);
    },
    connectionClosed(peer) {
      void sol
        .closeOwnedBy(peer)
        .catch((error: unknown) =>
          log(`closing the SOL sessions of ${peer}: ${error instanceof Error ? error.message : String(error)}`),
        );
      void ider
        .closeOwnedBy(peer)
        .catch((error: unknown) =>
          log(`closing the IDE-R sessions of ${peer}: ${error instanceof Error ? error.message : String(error)}`),
        );
    },
  };
}
