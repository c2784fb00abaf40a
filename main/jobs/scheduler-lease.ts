// One scheduler per data folder: the console and `amtctl job run` may both open the same store, and two
// schedulers would work the same targets twice. The holder ("host:pid") and a heartbeat live in the
// settings; a holder whose heartbeat is stale, or whose process on this machine is gone (killed), is replaced.

import { JobError } from './job-errors';
import type { JobRepository } from './job-repository';

export const LEASE_SETTING = 'jobs.scheduler';
/** A heartbeat older than this means the holder is gone (it beats every scheduler tick). */
export const LEASE_STALE_MS = 30_000;

export interface LeaseOptions {
  /** Who holds it: "host:pid". */
  readonly holder: string;
  /** Whether another holder is still alive (same host: its pid exists); undefined: only the heartbeat decides. */
  readonly isAlive?: (holder: string) => boolean | undefined;
}

interface LeaseValue {
  readonly holder: string;
  readonly beatAt: string;
}

function parse(value: string | undefined): LeaseValue | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as Partial<LeaseValue>;
    return typeof v.holder === 'string' && typeof v.beatAt === 'string'
      ? { holder: v.holder, beatAt: v.beatAt }
      : undefined;
  } catch {
    return undefined;
  }
}

export class SchedulerLease {
  private current: string | undefined;

  constructor(
    private readonly repo: JobRepository,
    private readonly options: LeaseOptions,
    private readonly nowMs: () => number,
  ) {}

  /** Takes the lease or throws JobError 'bad-state' naming the scheduler that holds it. */
  async acquire(): Promise<void> {
    const stored = await this.repo.getSetting(LEASE_SETTING);
    const other = parse(stored);
    if (other && other.holder !== this.options.holder) {
      const fresh = this.nowMs() - Date.parse(other.beatAt) < LEASE_STALE_MS;
      const alive = this.options.isAlive?.(other.holder);
      if (fresh && alive !== false) {
        throw new JobError(
          'bad-state',
          `Another job scheduler (${other.holder}) is running on this data folder; stop it first, or let it run the jobs.`,
        );
      }
    }
    const mine = this.value();
    if (!(await this.repo.swapSetting(LEASE_SETTING, stored, mine, new Date(this.nowMs()).toISOString()))) {
      throw new JobError('bad-state', 'Another job scheduler started on this data folder at the same moment.');
    }
    this.current = mine;
  }

  /** Renews the heartbeat; false when someone else took the lease meanwhile (then this scheduler must stop). */
  async beat(): Promise<boolean> {
    if (this.current === undefined) return false;
    const next = this.value();
    const ok = await this.repo.swapSetting(LEASE_SETTING, this.current, next, new Date(this.nowMs()).toISOString());
    this.current = ok ? next : undefined;
    return ok;
  }

  async release(): Promise<void> {
    if (this.current === undefined) return;
    await this.repo.swapSetting(LEASE_SETTING, this.current, undefined, new Date(this.nowMs()).toISOString());
    this.current = undefined;
  }

  private value(): string {
    return JSON.stringify({
      holder: this.options.holder,
      beatAt: new Date(this.nowMs()).toISOString(),
    } satisfies LeaseValue);
  }
}

/** "host:pid" of this process, and a liveness check for holders on the same host. */
export function processLease(hostName: string, pid: number): LeaseOptions {
  return {
    holder: `${hostName}:${pid}`,
    isAlive: (holder) => {
      const at = holder.lastIndexOf(':');
      if (holder.slice(0, at) !== hostName) return undefined;
      const other = Number(holder.slice(at + 1));
      if (!Number.isInteger(other) || other <= 0) return undefined;
      try {
        process.kill(other, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}
