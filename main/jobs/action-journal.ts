// The action journal: how a non-idempotent action (power-on, power-off, graceful off, reset, boot to BIOS)
// is sent at most once per target attempt, whatever moment the process is killed at.
//
//   1. an intent row is written (and committed) BEFORE the request goes out;
//   2. the request is sent;
//   3. the row is marked 'sent' (or 'failed' with the device's error) AFTER.
//
// On a restart the step looks at the journal first:
//   - 'sent': not sent again; the step goes on as if it had just sent it ('already-sent');
//   - 'failed': not sent again; the recorded error is thrown again, so the step takes the same path;
//   - 'intent' without outcome: the process died between 1 and 3, so nobody knows whether the device got it.
//     It is NEVER sent again blindly ('uncertain'). The caller re-reads the power state and decides:
//     power-on: wait the job's wait time for S0 (it arrived: go on; it did not: the target fails, no retry);
//     power-off / shutdown: off already (it arrived) or wait for off, else fail without retry;
//     reset / boot to BIOS: the state cannot tell, so the target fails, no automatic retry, with that reason
//     ("Retry failed" is then the person's deliberate choice to send it again).
// The magic packet is idempotent (a second one wakes nobody twice): it is journalled the same way for the
// record, but a restart sends it again.

import { AmtError, isAmtError, type AmtErrorCode } from '../../shared/domain';
import type { ControlClock } from '../control/index';
import type { JobActionName, JobRepository, TargetKey } from './job-repository';
import type { OnceResult } from './types/job-type';

export interface Journal {
  readonly repo: JobRepository;
  readonly key: TargetKey;
  readonly attempt: number;
  readonly clock: ControlClock;
}

function iso(journal: Journal): string {
  return new Date(journal.clock.nowMs()).toISOString();
}

/** "code: message" of a recorded failure, read back into the same AmtError. */
function encodeFailure(error: unknown): string {
  if (isAmtError(error)) return `${error.code}: ${error.message}`;
  return `internal: ${error instanceof Error ? error.message : String(error)}`;
}

function decodeFailure(detail: string): Error {
  const at = detail.indexOf(': ');
  const code = detail.slice(0, at);
  const message = detail.slice(at + 2);
  return code === 'internal' || at < 0 ? new Error(message || detail) : new AmtError(code as AmtErrorCode, message);
}

/** Sends a non-idempotent action at most once for this target attempt (see the rule above). */
export async function once(journal: Journal, action: JobActionName, send: () => Promise<void>): Promise<OnceResult> {
  const previous = (await journal.repo.actions(journal.key, journal.attempt)).filter((a) => a.action === action).at(-1);
  if (previous?.status === 'sent') return 'already-sent';
  if (previous?.status === 'failed') throw decodeFailure(previous.detail);
  if (previous?.status === 'intent') return 'uncertain';
  const id = await journal.repo.recordIntent(journal.key, journal.attempt, action, iso(journal));
  try {
    await send();
  } catch (error) {
    await journal.repo.recordOutcome(id, 'failed', iso(journal), encodeFailure(error));
    throw error;
  }
  await journal.repo.recordOutcome(id, 'sent', iso(journal), '');
  return 'sent';
}

/** An idempotent action (the magic packet): journalled for the record, sent again after a restart. */
export async function recorded<T>(
  journal: Journal,
  action: JobActionName,
  send: () => Promise<T>,
  describe: (result: T) => string,
): Promise<T> {
  const id = await journal.repo.recordIntent(journal.key, journal.attempt, action, iso(journal));
  try {
    const result = await send();
    await journal.repo.recordOutcome(id, 'sent', iso(journal), describe(result));
    return result;
  } catch (error) {
    await journal.repo.recordOutcome(id, 'failed', iso(journal), encodeFailure(error));
    throw error;
  }
}
