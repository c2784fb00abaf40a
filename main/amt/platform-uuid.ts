// System UUID from CIM_ComputerSystemPackage.PlatformGUID (amt-protocols.md §2.9): the value is raw SMBIOS
// byte order, so the first three groups are byte-reversed to get the usual UUID text.

import { AmtError } from '../../shared/domain';

const HEX32 = /^[0-9a-f]{32}$/i;

function reversedBytes(hex: string): string {
  return (hex.match(/../g) ?? []).reverse().join('');
}

/** `44454C4C4B0010428033B6C04F504633` → `4c4c4544-004b-4210-8033-b6c04f504633`. */
export function platformGuidToUuid(platformGuid: string): string {
  const hex = platformGuid.trim().replace(/-/g, '');
  if (!HEX32.test(hex))
    throw new AmtError('malformed-xml', `PlatformGUID "${platformGuid.slice(0, 40)}" is not 32 hex digits`);
  const lower = hex.toLowerCase();
  return [
    reversedBytes(lower.slice(0, 8)),
    reversedBytes(lower.slice(8, 12)),
    reversedBytes(lower.slice(12, 16)),
    lower.slice(16, 20),
    lower.slice(20, 32),
  ].join('-');
}
