// Power state and power actions (amt-protocols.md §2.4, §2.5). The action table is POWER_ACTIONS in
// shared/domain/power.ts; this file only turns it into WS-Man calls.

import { AmtError, POWER_ACTIONS, powerStateFromValue, type PowerAction, type PowerState } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { requestPowerStateChangeEnvelope } from './envelope';
import { readNumber, readStrings, type WsmanRecord } from './wsman-record';

export const CLASS_ASSOCIATED_POWER_MANAGEMENT_SERVICE = 'CIM_AssociatedPowerManagementService';
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

/**
 * Reads the power state in one WS-Man round trip: a Get of CIM_AssociatedPowerManagementService (as the
 * real-firmware capture in test/fixtures and the Ironic and MAAS AMT drivers do). Firmware that refuses
 * that Get with a fault is read the way MC and DMT do, by enumerating CIM_ServiceAvailableToElement
 * (Enumerate + Pull), which costs a second round trip.
 */
export async function getPowerState(client: WsmanClient): Promise<PowerStateReading> {
  let record: WsmanRecord;
  let source: string = CLASS_ASSOCIATED_POWER_MANAGEMENT_SERVICE;
  try {
    record = await client.get(CLASS_ASSOCIATED_POWER_MANAGEMENT_SERVICE);
  } catch (error) {
    if (!(error instanceof AmtError) || error.code !== 'wsman-fault') throw error;
    source = CLASS_SERVICE_AVAILABLE_TO_ELEMENT;
    const items = await client.enumerate(CLASS_SERVICE_AVAILABLE_TO_ELEMENT);
    const first = items[0];
    if (!first)
      throw new AmtError('malformed-xml', `${CLASS_SERVICE_AVAILABLE_TO_ELEMENT} enumeration returned no instance`);
    record = first;
  }
  const value = readNumber(record, 'PowerState', source);
  const availableRequests = readStrings(record, 'AvailableRequestedPowerStates')
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
