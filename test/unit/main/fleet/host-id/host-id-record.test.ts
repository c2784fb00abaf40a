// The console's host-ID record layout (main/fleet/host-id/host-id-record.ts): golden bytes, and every way a
// block can fail to be our record, each with its own words.
import { describe, expect, it } from 'vitest';
import { asHostId } from '../../../../../shared/domain';
import { decodeHostIdRecord, encodeHostIdRecord } from '../../../../../main/fleet/index';

const ID = asHostId('0b6f3c2e-8d41-4f7a-9e25-6c1d2a3b4c5d');

describe('host-ID record', () => {
  it('writes marker, version, length, ID and a checksum, then 0xFF to the end of the block', () => {
    const bytes = Buffer.from(encodeHostIdRecord(ID, 64));
    expect(bytes.length).toBe(64);
    expect(bytes.toString('latin1', 0, 8)).toBe('AMTC-HID');
    expect([bytes[8], bytes[9]]).toEqual([1, 36]);
    expect(bytes.toString('latin1', 10, 46)).toBe(ID);
    expect(bytes.subarray(50).every((b) => b === 0xff)).toBe(true);
    expect(decodeHostIdRecord(bytes)).toEqual({ kind: 'record', hostId: ID });
  });

  it('refuses a block too small for the record', () => {
    expect(() => encodeHostIdRecord(ID, 40)).toThrow(/needs 50 bytes/);
  });

  const good = Buffer.from(encodeHostIdRecord(ID, 128));
  const mutate = (f: (b: Buffer) => void): Buffer => {
    const copy = Buffer.from(good);
    f(copy);
    return copy;
  };
  it.each([
    ['blank flash', Buffer.alloc(128, 0xff), { kind: 'blank' }],
    ['garbage', Buffer.alloc(128, 0x5a), /marker/],
    ['zeros (another program cleared it)', Buffer.alloc(128, 0), /marker/],
    ['a newer record version', mutate((b) => (b[8] = 2)), /version 2/],
    ['a length beyond the block', mutate((b) => (b[9] = 250)), /claims 250 bytes/],
    ['a flipped ID byte (torn write)', mutate((b) => (b[20] = 0x30 ^ (b[20] as number))), /checksum/],
  ] as const)('reads %s as %s', (_name, bytes, expected) => {
    const decoded = decodeHostIdRecord(bytes);
    if (expected instanceof RegExp) {
      expect(decoded.kind).toBe('bad');
      if (decoded.kind === 'bad') expect(decoded.why).toMatch(expected);
    } else expect(decoded).toEqual(expected);
  });
});
