// `amtctl power status|<action> HOST…` (issue spec "amtctl", power): reads the state, or requests an action
// and reports it accepted; with --wait polls until the action's expected state (POWER_ACTIONS) is reached.

import {
  isAmtError,
  POWER_ACTIONS,
  POWER_STATE_LABEL,
  type PowerAction,
  type PowerState,
} from '../../../shared/domain';
import { getPowerState, requestPowerAction, type WsmanClient } from '../../amt/index';
import type { HostCommand } from '../host-command';
import { formatSeconds } from '../output';
import { WordedAmtError } from '../error-words';

export interface PowerStatusResult {
  readonly state: PowerState;
  readonly via: string | undefined;
}

export function powerStatusCommand(): HostCommand<PowerStatusResult> {
  return {
    headers: ['POWER', 'VIA'],
    async run(session) {
      const reading = await getPowerState(session.client);
      return { state: reading.state, via: session.via() };
    },
    toJson: (r) => ({ powerState: r.state, powerStateLabel: POWER_STATE_LABEL[r.state], via: r.via }),
    toCells: (r) => [POWER_STATE_LABEL[r.state], r.via ?? ''],
  };
}

export interface WaitSettings {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** Injected so unit tests need no real clock. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PowerActionOutcome {
  readonly action: PowerAction;
  readonly via: string | undefined;
  /** Set only with --wait: the state reached and how long it took. */
  readonly reached?: { readonly state: PowerState; readonly afterMs: number };
}

export function powerActionCommand(
  action: PowerAction,
  wait: WaitSettings | undefined,
): HostCommand<PowerActionOutcome> {
  const spec = POWER_ACTIONS[action];
  return {
    headers: ['ACTION', 'RESULT', 'VIA'],
    async run(session) {
      const started = (wait?.now ?? Date.now)();
      await requestPowerAction(session.client, action);
      if (!wait) return { action, via: session.via() };
      const reached = await waitForState(session.client, spec.expectedState, wait, started);
      return { action, via: session.via(), reached };
    },
    toJson: (r) => ({
      action: r.action,
      result: r.reached ? 'reached' : 'accepted',
      powerState: r.reached?.state,
      powerStateLabel: r.reached ? POWER_STATE_LABEL[r.reached.state] : undefined,
      waitedMs: r.reached?.afterMs,
      via: r.via,
    }),
    toCells: (r) => [
      spec.label,
      r.reached
        ? `reached ${POWER_STATE_LABEL[r.reached.state]} after ${formatSeconds(r.reached.afterMs)}`
        : 'accepted',
      r.via ?? '',
    ],
  };
}

/** Errors worth another poll: the device is busy with the transition, not refusing us. */
const TRANSIENT_CODES = new Set(['timeout', 'connection-closed', 'busy']);

/**
 * Polls the power state until `expected`, at most until `timeoutMs` after `startedMs`. Bounded in time
 * and therefore in count (timeoutMs / pollIntervalMs + 1 reads). A timeout names the last state seen.
 */
export async function waitForState(
  client: WsmanClient,
  expected: PowerState,
  wait: WaitSettings,
  startedMs: number,
): Promise<{ state: PowerState; afterMs: number }> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = startedMs + wait.timeoutMs;
  let last: PowerState | undefined;
  for (;;) {
    try {
      last = (await getPowerState(client)).state;
      if (last === expected) return { state: last, afterMs: now() - startedMs };
    } catch (error) {
      if (!isAmtError(error) || !TRANSIENT_CODES.has(error.code)) throw error;
    }
    const remaining = deadline - now();
    if (remaining <= 0) break;
    await sleep(Math.min(wait.pollIntervalMs, remaining));
  }
  const lastWords = last === undefined ? 'no state could be read' : `last state ${POWER_STATE_LABEL[last]}`;
  throw new WordedAmtError(
    'timeout',
    `the request was accepted but the device did not reach ${POWER_STATE_LABEL[expected]} within ${formatSeconds(wait.timeoutMs)} (${lastWords})`,
  );
}
