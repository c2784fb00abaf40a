// Background pruning of the audit log (mission M7): at start, after the retention changes, and then at
// a fixed interval, rows older than the retention's age or beyond its row count are deleted. One timer,
// stopped with the API; a failed prune is logged and tried again at the next interval.

import type { FleetService } from '../fleet/index';
import type { ApiLog } from './error-reply';

/** Hourly: the log grows by a night's jobs, not by the second. */
export const DEFAULT_AUDIT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export class AuditPruner {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly fleet: FleetService,
    private readonly log: ApiLog,
    private readonly intervalMs: number = DEFAULT_AUDIT_PRUNE_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.pruneNow();
    this.timer = setInterval(() => this.pruneNow(), this.intervalMs);
    // Pruning never keeps a shell (the CLI, a test) alive on its own.
    this.timer.unref?.();
  }

  /** Rows deleted; 0 when the prune failed (logged). */
  pruneNow(): number {
    try {
      const pruned = this.fleet.pruneAudit();
      if (pruned > 0) this.log(`audit log: pruned ${pruned} entries past the retention`);
      return pruned;
    } catch (error) {
      this.log(`audit log prune failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
