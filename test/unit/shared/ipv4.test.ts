// shared/domain/ipv4.ts: subnet masks (range expansion is covered by test/unit/main/cli/host-sources.test.ts).

import { describe, expect, it } from 'vitest';
import { isSubnetMask } from '../../../shared/domain';

describe('isSubnetMask', () => {
  it('accepts contiguous masks and refuses the rest', () => {
    for (const mask of ['255.255.255.0', '255.255.252.0', '255.255.255.255', '0.0.0.0', '255.128.0.0'])
      expect(isSubnetMask(mask)).toBe(true);
    for (const mask of ['255.0.255.0', '255.255.255.1', '255.255.256.0', '255.255.255', 'mask', '010.0.0.0'])
      expect(isSubnetMask(mask)).toBe(false);
  });
});
