// Method return values: AMT PT_STATUS codes and the generic DMTF method codes (amt-protocols.md §1.5).
// ReturnValue 0 is success; anything else becomes an AmtError 'amt-status' carrying name and number.

import { AmtError } from '../../shared/domain';

export const PT_STATUS = {
  SUCCESS: 0x0000,
  INTERNAL_ERROR: 0x0001,
  NOT_READY: 0x0002,
  INVALID_PT_MODE: 0x0003,
  APPLICATION_NOT_REGISTERED: 0x0008,
  INVALID_REGISTRATION_DATA: 0x0009,
  APPLICATION_DOES_NOT_EXIST: 0x000a,
  NOT_ENOUGH_STORAGE: 0x000b,
  INVALID_NAME: 0x000c,
  BLOCK_DOES_NOT_EXIST: 0x000d,
  INVALID_BYTE_OFFSET: 0x000e,
  INVALID_BYTE_COUNT: 0x000f,
  NOT_PERMITTED: 0x0010,
  NOT_OWNER: 0x0011,
  BLOCK_LOCKED_BY_OTHER: 0x0012,
  BLOCK_NOT_LOCKED: 0x0013,
  MAX_LIMIT_REACHED: 0x0017,
  INVALID_PARAMETER: 0x0024,
  FLASH_WRITE_LIMIT_EXCEEDED: 0x0026,
  DISABLED_BY_POLICY: 0x0400,
  INVALID_HANDLE: 0x0805,
  UNSUPPORTED: 0x0812,
  NOT_FOUND: 0x0814,
  USER_CONSENT_REQUIRED: 0x0821,
} as const;

/** Generic DMTF CIM method return codes; CIM_* methods may use these instead [unconfirmed for AMT]. */
export const DMTF_METHOD_STATUS = {
  COMPLETED: 0,
  NOT_SUPPORTED: 1,
  UNKNOWN_ERROR: 2,
  TIMEOUT: 3,
  FAILED: 4,
  INVALID_PARAMETER: 5,
  JOB_STARTED: 4096,
} as const;

const PT_NAME_BY_VALUE = invert(PT_STATUS);
const DMTF_NAME_BY_VALUE = invert(DMTF_METHOD_STATUS);

function invert(table: Readonly<Record<string, number>>): ReadonlyMap<number, string> {
  return new Map(Object.entries(table).map(([name, value]) => [value, name]));
}

/**
 * Name of a return value. The two tables overlap (2 is NOT_READY in PT_STATUS, UNKNOWN_ERROR in DMTF),
 * so the class decides: CIM_* methods are read with the DMTF table, AMT_* and IPS_* with PT_STATUS.
 */
export function returnValueName(value: number, className: string): string {
  const primary = className.startsWith('CIM_') ? DMTF_NAME_BY_VALUE : PT_NAME_BY_VALUE;
  return primary.get(value) ?? PT_NAME_BY_VALUE.get(value) ?? 'UNKNOWN_STATUS';
}

/** Throws 'amt-status' for a non-zero ReturnValue (DMTF "job started" 4096 counts as accepted). */
export function checkReturnValue(value: number, className: string, method: string): void {
  if (value === PT_STATUS.SUCCESS) return;
  if (className.startsWith('CIM_') && value === DMTF_METHOD_STATUS.JOB_STARTED) return;
  const name = returnValueName(value, className);
  const hex = `0x${value.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new AmtError('amt-status', `${className}.${method} failed: ReturnValue ${value} (${hex}, ${name})`, {
    returnValue: value,
  });
}
