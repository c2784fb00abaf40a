// One job type = one module behind this interface (mission M1: later types such as IDE-R diagnostic boot,
// store host ID or install a package add a file and a registry row, not a branch in the scheduler).

import type { AmtErrorCode, JobOptions, JobType, PowerState } from '../../../shared/domain';
import type { DeviceChannel, JobDevice, CollectedInfo } from '../device-channel';
import type { JobActionName } from '../job-repository';

/**
 * How a non-idempotent action went: sent now; sent before a restart (the journal says so); or left as an
 * intent without outcome by a crash, in which case it is NOT sent again and the module decides from the
 * device's state (see action-journal.ts for the rule).
 */
export type OnceResult = 'sent' | 'already-sent' | 'uncertain';

export interface JobTypeContext {
  readonly device: JobDevice;
  readonly channel: DeviceChannel;
  readonly options: JobOptions;
  /** This job powered the client on (AMT or Wake-on-LAN) in this or an earlier attempt. */
  readonly wokenByJob: boolean;
  /** Sends `action` at most once per attempt: an intent is written before, the outcome after. Throws what `send` throws. */
  once(action: JobActionName, send: () => Promise<void>): Promise<OnceResult>;
  /** Polls `check` until true or `waitMs` is over (bounded, cancellable). */
  waitFor(check: () => Promise<boolean>, waitMs: number): Promise<boolean>;
  /** Stores what collect-info read on the client (its details show it). */
  storeInfo(info: CollectedInfo): Promise<void>;
  /** Reads the power state, undefined when AMT does not answer. */
  powerState(): Promise<PowerState | undefined>;
  nowMs(): number;
}

export type JobTypeResult =
  | { readonly ok: true; readonly words: string }
  | { readonly ok: false; readonly words: string; readonly retry: boolean; readonly amtError?: AmtErrorCode };

export interface JobTypeModule {
  readonly type: JobType;
  /** Client control applies: the client is powered on (AMT, then Wake-on-LAN) before `run`. */
  readonly wakesFirst: boolean;
  /** "Shut down afterwards" applies to this type (not to power off, restart or boot to BIOS setup). */
  readonly shutdownAfterApplies: boolean;
  run(context: JobTypeContext): Promise<JobTypeResult>;
}
