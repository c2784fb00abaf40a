// Power state and power actions (amt-protocols.md §2.4, §2.5). The action table is POWER_ACTIONS in
// shared/domain/power.ts; this file only turns it into WS-Man calls.

import { AmtError, POWER_ACTIONS, powerStateFromValue, type PowerAction, type PowerState } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { requestPowerStateChangeEnvelope } from './envelope';
import { readNumber, readStrings } from './wsman-record';

export const CLASS_SERVICE_AVAILABLE_TO_ELEMENT = 'CIM_ServiceAvailableToElement';
export const CLASS_POWER_MANAGEMENT_SERVICE = 'CIM_PowerManagementService';
const METHOD_REQUEST_POWER_STATE_CHANGE = 'RequestPowerStateChange';

export interface PowerStateReading {
  readonly state: PowerState;
  /** The DMTF number as reported, kept for logs and for values the console has no name for. */
  readonly value: number;
  /** AvailableRequestedPowerStates, when the device lists them. */
  readonly availableRequests: readonly number[];
}

/** Reads the power state the way MC and DMT do: PowerState of the first CIM_ServiceAvailableToElement item. */
export async function getPowerState(client: WsmanClient): Promise<PowerStateReading> {
  const items = await client.enumerate(CLASS_SERVICE_AVAILABLE_TO_ELEMENT);
  const first = items[0];
  if (!first) throw new AmtError('malformed-xml', `${CLASS_SERVICE_AVAILABLE_TO_ELEMENT} enumeration returned no instance`);
  const value = readNumber(first, 'PowerState', CLASS_SERVICE_AVAILABLE_TO_ELEMENT);
  const availableRequests = readStrings(first, 'AvailableRequestedPowerStates')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n));
  return { state: powerStateFromValue(value), value, availableRequests };
}

export interface PowerActionResult {
  readonly action: PowerAction;
  /** The value sent as RequestPowerStateChange's PowerState. */
  readonly requestValue: number;
  readonly returnValue: number;
}

/**
 * RequestPowerStateChange with ManagedElement = CIM_ComputerSystem/ManagedSystem (§2.5). The device may
 * reset before it answers; callers re-read the state rather than trust the reply (§2.5 note c).
 */
export async function requestPowerAction(client: WsmanClient, action: PowerAction): Promise<PowerActionResult> {
  const spec = POWER_ACTIONS[action];
  if (!spec) throw new AmtError('bad-input', `unknown power action: ${String(action)}`);
  const result = await client.invokeWith(CLASS_POWER_MANAGEMENT_SERVICE, METHOD_REQUEST_POWER_STATE_CHANGE, (id) =>
    requestPowerStateChangeEnvelope(id, spec.requestValue),
  );
  return { action, requestValue: spec.requestValue, returnValue: result.returnValue };
}

