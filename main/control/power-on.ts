// Client control's power-on step for one job target (mission M1, M2, M7): AMT first when the client has
// AMT, Wake-on-LAN to its subnet-directed broadcast when AMT cannot be used or fails, then wait until up.

import { AmtError, isPoweredDown, type MacAddress, type PowerState } from '../../shared/domain';
import type { AmtCredentials, AmtEndpoint } from '../amt/index';
import { type WakeRequest, type WakeResult, type WolDestination } from '../wol/index';
import type { ControlClock } from './control-clock';
import {
  amtFailureWords,
  amtUnusableWords,
  amtWaitTimeoutWords,
  joinReasons,
  wolSendFailureWords,
  wolUnavailableWords,
  wolWaitTimeoutWords,
  type PowerOnMethod,
  type PowerOnOutcome,
} from './power-on-outcome';
import { resolvePowerOnOptions, type PowerOnOptions, type ResolvedPowerOnOptions } from './power-on-options';

export interface PowerOnTarget {
  readonly hostName: string;
  /** null: AMT is N/A for this client (empty or N/A firmware version, M2). */
  readonly amtEndpoint: AmtEndpoint | null;
  readonly credentials: AmtCredentials | undefined;
  readonly mac: MacAddress | null;
  readonly ip: string | null;
  readonly subnetMask: string | null;
}

/** The AMT calls the step needs; createAmtPowerOps builds them on the AMT core. */
export interface AmtPowerOps {
  readPowerState(endpoint: AmtEndpoint, credentials: AmtCredentials): Promise<PowerState>;
  /** Sends RequestPowerStateChange(on); throws AmtError when the device refuses. */
  requestPowerOn(endpoint: AmtEndpoint, credentials: AmtCredentials): Promise<void>;
}

export interface PowerOnDeps {
  readonly amt: AmtPowerOps;
  readonly wake: (request: WakeRequest) => Promise<WakeResult>;
  readonly clock: ControlClock;
  /** Is the client up (its OS answers)? Used after Wake-on-LAN, where AMT cannot tell. Must not throw. */
  readonly isUp: (target: PowerOnTarget) => Promise<boolean>;
}

/** AMT errors after which another attempt may help; a wrong password never is one (AMT locks out after 10). */
const RETRYABLE_AMT_CODES: ReadonlySet<string> = new Set(['unreachable', 'timeout', 'connection-closed', 'busy']);

type AmtStep =
  | { readonly kind: 'up'; readonly method: PowerOnMethod }
  | { readonly kind: 'not-up'; readonly last: PowerState }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Powers one target on for a job and waits until it is up. Never throws for device trouble: every
 * failure ends in the outcome's reason. Throws AmtError 'bad-input' for invalid options only.
 */
export async function powerOnForJob(
  target: PowerOnTarget,
  deps: PowerOnDeps,
  options: PowerOnOptions = {},
): Promise<PowerOnOutcome> {
  const resolved = resolvePowerOnOptions(options);
  const { clock } = deps;
  const startMs = clock.nowMs();
  const done = (
    method: PowerOnMethod,
    up: boolean,
    reachedState: PowerState,
    extra: { reason?: string; amtError?: AmtError['code'] } = {},
  ): PowerOnOutcome => ({
    hostName: target.hostName,
    method,
    up,
    tookMs: Math.max(0, clock.nowMs() - startMs),
    reachedState,
    ...extra,
  });

  const reasons: string[] = [];
  let amtError: AmtError['code'] | undefined;
  if (target.amtEndpoint === null) reasons.push(amtUnusableWords('no-amt'));
  else if (target.credentials === undefined) reasons.push(amtUnusableWords('no-credentials'));
  else {
    const step = await viaAmt(target.amtEndpoint, target.credentials, deps, resolved);
    if (step.kind === 'up') return done(step.method, true, 'on');
    if (step.kind === 'not-up')
      return done('amt', false, step.last, { reason: amtWaitTimeoutWords(resolved.waitMs, step.last) });
    const { host, httpPort, tlsPort } = target.amtEndpoint;
    reasons.push(amtFailureWords(step.error, { host, ports: [httpPort, tlsPort] }));
    if (step.error instanceof AmtError) amtError = step.error.code;
  }
  const withCode = amtError === undefined ? {} : { amtError };

  const destination = wolDestinationOf(target, resolved);
  if (target.mac === null || destination === undefined) {
    reasons.push(wolUnavailableWords(target.mac !== null, destination !== undefined));
    return done('none', false, 'unknown', { reason: joinReasons(reasons), ...withCode });
  }
  let address: string;
  try {
    const sent = await deps.wake({
      mac: target.mac,
      destination,
      ...(resolved.wolPort === undefined ? {} : { port: resolved.wolPort }),
    });
    address = `${sent.address}:${sent.port}`;
  } catch (error) {
    reasons.push(wolSendFailureWords(error));
    return done('none', false, 'unknown', { reason: joinReasons(reasons), ...withCode });
  }
  // The AMT failure stays in the reason even when the wake-up works: the console shows why AMT was not used.
  const before = reasons.length > 0 ? joinReasons(reasons) : undefined;
  if (await waitUntil(() => deps.isUp(target), clock, resolved)) {
    return done('wake-on-lan', true, 'on', { ...(before === undefined ? {} : { reason: before }), ...withCode });
  }
  reasons.push(wolWaitTimeoutWords(resolved.waitMs, address));
  return done('wake-on-lan', false, 'unknown', { reason: joinReasons(reasons), ...withCode });
}

function wolDestinationOf(target: PowerOnTarget, options: ResolvedPowerOnOptions): WolDestination | undefined {
  if (options.wolDestination !== undefined) return options.wolDestination;
  if (target.ip === null || target.subnetMask === null) return undefined;
  return { kind: 'subnet', ip: target.ip, mask: target.subnetMask };
}

async function viaAmt(
  endpoint: AmtEndpoint,
  credentials: AmtCredentials,
  deps: PowerOnDeps,
  options: ResolvedPowerOnOptions,
): Promise<AmtStep> {
  for (let attempt = 0; ; attempt++) {
    try {
      const state = await deps.amt.readPowerState(endpoint, credentials);
      if (state === 'on') return { kind: 'up', method: 'already-on' };
      // A device in a transition (reset, cycle) is on its way up already; only a powered-down one is told to.
      if (isPoweredDown(state) || state === 'unknown') await deps.amt.requestPowerOn(endpoint, credentials);
      let last: PowerState = state;
      const up = await waitUntil(
        async () => {
          try {
            last = await deps.amt.readPowerState(endpoint, credentials);
          } catch {
            return false; // a booting device may drop a connection; the wait bound still holds
          }
          return last === 'on';
        },
        deps.clock,
        options,
      );
      return up ? { kind: 'up', method: 'amt' } : { kind: 'not-up', last };
    } catch (error) {
      const retryable = error instanceof AmtError && RETRYABLE_AMT_CODES.has(error.code);
      if (!retryable || attempt >= options.retries) return { kind: 'failed', error };
      await deps.clock.sleep(options.retryGapMs);
    }
  }
}

/** Polls `check` until it says yes or the wait time is over; one last check at the end, none after. */
async function waitUntil(
  check: () => Promise<boolean>,
  clock: ControlClock,
  options: ResolvedPowerOnOptions,
): Promise<boolean> {
  const deadlineMs = clock.nowMs() + options.waitMs;
  // Bounded in count as well as time, in case an injected clock does not advance.
  const maxPolls = Math.ceil(options.waitMs / options.pollIntervalMs) + 1;
  for (let poll = 0; poll < maxPolls; poll++) {
    if (await check()) return true;
    const leftMs = deadlineMs - clock.nowMs();
    if (leftMs <= 0) return false;
    await clock.sleep(Math.min(options.pollIntervalMs, leftMs));
  }
  return check();
}
