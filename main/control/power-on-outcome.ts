// What one client-control power-on ended with (mission M1: "which method woke it, how long it took, and a
// clear reason when it could not"), and the sentences its reasons are made of. Pure: no I/O.

import {
  amtErrorWords,
  AmtError,
  POWER_STATE_LABEL,
  type AmtErrorCode,
  type AmtErrorPlace,
  type PowerState,
} from '../../shared/domain';

/** How the client was brought up: it was on already, AMT powered it on, a magic packet woke it, or nothing did. */
export type PowerOnMethod = 'already-on' | 'amt' | 'wake-on-lan' | 'none';

export interface PowerOnOutcome {
  readonly hostName: string;
  /** The method that brought it up; when `up` is false, the method last tried ('none' when none could be). */
  readonly method: PowerOnMethod;
  /** True when the client was seen on/up within the wait time. */
  readonly up: boolean;
  /** From the start of the step to its end. */
  readonly tookMs: number;
  /** The last power state seen through AMT; 'on' after a successful wake-up seen by the probe; 'unknown' otherwise. */
  readonly reachedState: PowerState;
  /** Why the client is not up, or what failed before the method that worked (the AMT failure before WoL). */
  readonly reason?: string;
  /** The code of the AMT failure, when AMT was tried and failed. */
  readonly amtError?: AmtErrorCode;
}

/** Why AMT could not even be tried. */
export type AmtUnusable = 'no-amt' | 'no-credentials';

export function amtUnusableWords(why: AmtUnusable): string {
  return why === 'no-amt'
    ? 'AMT cannot be used for this client (its AMT firmware version is empty or N/A)'
    : 'no AMT user name and password are set for this client, its relay or the console';
}

/** One AMT failure as a sentence that starts with what was being done; `place` is the client's AMT host and ports. */
export function amtFailureWords(error: unknown, place: AmtErrorPlace): string {
  if (error instanceof AmtError)
    return `AMT power-on failed: ${amtErrorWords(error.code, error.message, error.detail, place)}`;
  return `AMT power-on failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Why Wake-on-LAN could not be tried: what it lacks. */
export function wolUnavailableWords(mac: boolean, subnet: boolean): string {
  const missing = [mac ? undefined : 'MAC address', subnet ? undefined : 'IP address and subnet mask'].filter(
    (w) => w !== undefined,
  );
  return `Wake-on-LAN is not possible (the client's ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not known)`;
}

export function wolSendFailureWords(error: unknown): string {
  return `the Wake-on-LAN packet could not be sent: ${error instanceof Error ? error.message : String(error)}`;
}

export function waitSeconds(waitMs: number): string {
  return `${Math.round(waitMs / 1_000)} s`;
}

/** AMT accepted the power-on but the client did not reach S0 in time. */
export function amtWaitTimeoutWords(waitMs: number, last: PowerState): string {
  return `AMT accepted the power-on, but the client's power state was still ${POWER_STATE_LABEL[last]} when the ${waitSeconds(waitMs)} wait time ended`;
}

/** The magic packet went out but the client did not come up in time. */
export function wolWaitTimeoutWords(waitMs: number, address: string): string {
  return `the Wake-on-LAN packet was sent to ${address}, but the client did not come up within the ${waitSeconds(waitMs)} wait time`;
}

/** Joins the failures of every method tried, in order, into one reason. */
export function joinReasons(reasons: readonly string[]): string {
  return reasons.join('; then ');
}
