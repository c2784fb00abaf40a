// Options of one client-control power-on (mission M1, M7): the wait time for a woken client (the product's
// 0–1800 s job option, 180 s default), the AMT poll interval, and AMT retries. Validated to AmtError 'bad-input'.

import { AmtError } from '../../shared/domain';
import type { WolDestination } from '../wol/index';

export const DEFAULT_WAIT_SEC = 180;
export const MAX_WAIT_SEC = 1_800;
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const MIN_POLL_INTERVAL_MS = 10;
export const MAX_POLL_INTERVAL_MS = 60_000;
/**
 * Extra AMT attempts after one that found no answer. Default 0: the job scheduler (a later issue) owns
 * retries of a whole target, and a retry here would hold the target's concurrency slot for minutes; the
 * WoL fallback already covers "AMT did not answer". The comparable console's 3 tries 2 minutes apart is
 * MAX_RETRIES/DEFAULT_RETRY_GAP_MS territory for a caller that wants it.
 */
export const DEFAULT_RETRIES = 0;
export const MAX_RETRIES = 5;
export const DEFAULT_RETRY_GAP_MS = 120_000;
export const MAX_RETRY_GAP_MS = 600_000;

export interface PowerOnOptions {
  /** How long to wait for the client to come up after the power-on or wake-up was sent (0–1800 s). */
  readonly waitSec?: number;
  /** Pause between two readings of the power state or the isUp probe. */
  readonly pollIntervalMs?: number;
  /** Extra AMT attempts when AMT did not answer (never after a wrong password: AMT locks the account). */
  readonly retries?: number;
  readonly retryGapMs?: number;
  /** Where the magic packet goes instead of the subnet-directed broadcast of ip/mask (a relay's subnet, loopback tests). */
  readonly wolDestination?: WolDestination;
  /** UDP port of the magic packet (default: main/wol's, 9). */
  readonly wolPort?: number;
}

export interface ResolvedPowerOnOptions {
  readonly waitMs: number;
  readonly pollIntervalMs: number;
  readonly retries: number;
  readonly retryGapMs: number;
  readonly wolDestination: WolDestination | undefined;
  readonly wolPort: number | undefined;
}

function wholeNumber(name: string, value: number, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AmtError(
      'bad-input',
      `${name} must be a whole number of ${unit} from ${min} to ${max} (got ${String(value)})`,
    );
  }
  return value;
}

/** Checks every option and fills the defaults; throws AmtError 'bad-input' naming the option. */
export function resolvePowerOnOptions(options: PowerOnOptions = {}): ResolvedPowerOnOptions {
  const waitSec = wholeNumber('the wait time', options.waitSec ?? DEFAULT_WAIT_SEC, 0, MAX_WAIT_SEC, 'seconds');
  return {
    waitMs: waitSec * 1_000,
    pollIntervalMs: wholeNumber(
      'the poll interval',
      options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      MIN_POLL_INTERVAL_MS,
      MAX_POLL_INTERVAL_MS,
      'milliseconds',
    ),
    retries: wholeNumber('the AMT retry count', options.retries ?? DEFAULT_RETRIES, 0, MAX_RETRIES, 'retries'),
    retryGapMs: wholeNumber(
      'the gap between AMT retries',
      options.retryGapMs ?? DEFAULT_RETRY_GAP_MS,
      0,
      MAX_RETRY_GAP_MS,
      'milliseconds',
    ),
    wolDestination: options.wolDestination,
    wolPort: options.wolPort,
  };
}
