// After a power action is accepted, the PC takes seconds to reach its new state (amt-protocols.md §2.5):
// this re-reads the state in the background, bounded in time, and reports each change through the store
// and a batched 'clients:changed' event, so the tree follows without the renderer polling.

import { isAmtError, type ClientId, type PowerState } from '../../shared/domain';
import { getPowerState } from '../amt/index';
import type { FleetService } from '../fleet/index';
import type { ApiEvents } from './api-events';
import type { ClientAmt } from './client-amt';
import type { ApiLog } from './error-reply';

export interface PowerWatchOptions {
  readonly pollIntervalMs: number;
  /** Give up after this long; the state then stays as last read. */
  readonly timeoutMs: number;
}

export const DEFAULT_POWER_WATCH: PowerWatchOptions = { pollIntervalMs: 1000, timeoutMs: 90_000 };

/** The device is busy with the transition, not refusing us: poll again. */
const TRANSIENT_CODES = new Set(['timeout', 'connection-closed', 'busy']);

export class PowerWatch {
  private readonly running = new Map<ClientId, AbortController>();

  constructor(
    private readonly fleet: FleetService,
    private readonly amt: ClientAmt,
    private readonly events: ApiEvents,
    private readonly log: ApiLog,
    private readonly options: PowerWatchOptions = DEFAULT_POWER_WATCH,
  ) {}

  /** Watches until the client reports `expected`; a newer watch on the same client replaces this one. */
  watch(id: ClientId, expected: PowerState): void {
    this.running.get(id)?.abort();
    const controller = new AbortController();
    this.running.set(id, controller);
    void this.poll(id, expected, controller.signal)
      .catch((error: unknown) =>
        this.log(`power watch for client #${id}: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        if (this.running.get(id) === controller) this.running.delete(id);
      });
  }

  get activeCount(): number {
    return this.running.size;
  }

  stopAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private async poll(id: ClientId, expected: PowerState, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    // Bounded by the deadline: at most timeoutMs / pollIntervalMs reads.
    while (!signal.aborted && Date.now() < deadline) {
      await sleep(this.options.pollIntervalMs, signal);
      if (signal.aborted) return;
      const client = this.fleet.getClient(id);
      const credentials = client ? this.fleet.credentialsFor(id) : undefined;
      if (!client || !credentials) return;
      let state: PowerState;
      try {
        state = (await this.amt.run(client, credentials, (wsman) => getPowerState(wsman))).state;
      } catch (error) {
        if (isAmtError(error) && TRANSIENT_CODES.has(error.code)) continue;
        throw error;
      }
      if (signal.aborted) return;
      const current = this.fleet.getClient(id);
      if (!current) return;
      if (current.power !== state) {
        this.events.clientChanged(this.fleet.updateClient(id, { power: state, lastSeenAt: new Date().toISOString() }));
      }
      if (state === expected) return;
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
