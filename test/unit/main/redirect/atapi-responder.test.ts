// The ATAPI responder's command table (amt-protocols.md §3.5): each command's answer for a floppy and a CD, with
// golden bytes where the layout is fixed by SPC/MMC/SFF-8070i.
import { describe, expect, it } from 'vitest';
import {
  AtapiResponder,
  SENSE,
  type AtapiAnswer,
  type AtapiCommand,
  type IderDrive,
} from '../../../../main/redirect/index';

const FLOPPY = { kind: 'floppy', sizeBytes: 2880 * 512 } as const;
const CD = { kind: 'cd', sizeBytes: 1000 * 2048 } as const;

function cmd(drive: IderDrive, cdb: number[], ataCommand = 0xa0): AtapiCommand {
  const full = new Uint8Array(12);
  full.set(cdb);
  return { drive, cdb: full, dma: false, ataCommand, byteCountLimit: 0xfffe };
}

/** A responder whose pending unit attentions are already reported. */
function ready(): AtapiResponder {
  const r = new AtapiResponder({ floppy: FLOPPY, cd: CD });
  r.answer(cmd('floppy', [0x00]));
  r.answer(cmd('cd', [0x00]));
  return r;
}

function bytes(a: AtapiAnswer): number[] {
  if (a.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(a)}`);
  return [...a.bytes];
}

describe('ATAPI responder', () => {
  it('a fresh medium reports UNIT ATTENTION once, INQUIRY is exempt', () => {
    const r = new AtapiResponder({ floppy: FLOPPY });
    expect(r.answer(cmd('floppy', [0x12, 0, 0, 0, 36])).kind).toBe('data');
    expect(r.answer(cmd('floppy', [0x00]))).toEqual({ kind: 'status', sense: SENSE.mediumMayHaveChanged });
    expect(r.answer(cmd('floppy', [0x00]))).toEqual({ kind: 'status', sense: SENSE.ok });
  });

  it('no medium: TEST UNIT READY and reads are NOT READY 02/3A/00', () => {
    const r = new AtapiResponder({ floppy: FLOPPY });
    expect(r.answer(cmd('cd', [0x00]))).toEqual({ kind: 'status', sense: SENSE.mediumNotPresent });
    expect(r.answer(cmd('cd', [0x28, 0, 0, 0, 0, 0, 0, 0, 1]))).toEqual({
      kind: 'status',
      sense: SENSE.mediumNotPresent,
    });
  });

  it('READ(6), READ(10), READ(12) map to byte ranges; count 0 is GOOD except READ(6) where it means 256', () => {
    const r = ready();
    expect(r.answer(cmd('floppy', [0x08, 0x00, 0x00, 0x10, 2]))).toEqual({
      kind: 'read',
      offset: 16 * 512,
      length: 1024,
      lba: 16,
      sectors: 2,
    });
    expect(r.answer(cmd('floppy', [0x08, 0, 0, 0, 0]))).toMatchObject({ kind: 'read', sectors: 256 });
    expect(r.answer(cmd('cd', [0x28, 0, 0, 0, 0x01, 0x00, 0, 0x00, 0x03]))).toEqual({
      kind: 'read',
      offset: 256 * 2048,
      length: 3 * 2048,
      lba: 256,
      sectors: 3,
    });
    expect(r.answer(cmd('cd', [0x28, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ kind: 'status', sense: SENSE.ok });
    expect(r.answer(cmd('cd', [0xa8, 0, 0, 0, 0, 5, 0, 0, 0, 2]))).toMatchObject({ kind: 'read', lba: 5, sectors: 2 });
    expect(r.answer(cmd('cd', [0x28, 0, 0, 0, 0x03, 0xe7, 0, 0, 2]))).toEqual({
      kind: 'status',
      sense: SENSE.lbaOutOfRange,
    });
  });

  it('READ CAPACITY: last LBA and block length', () => {
    const r = ready();
    expect(bytes(r.answer(cmd('floppy', [0x25])))).toEqual([0, 0, 0x0b, 0x3f, 0, 0, 0x02, 0]);
    expect(bytes(r.answer(cmd('cd', [0x25])))).toEqual([0, 0, 0x03, 0xe7, 0, 0, 0x08, 0]);
  });

  it('READ FORMAT CAPACITIES for the floppy: 2880 formatted 512-byte blocks; the CD refuses it', () => {
    const r = ready();
    expect(bytes(r.answer(cmd('floppy', [0x23, 0, 0, 0, 0, 0, 0, 0, 12])))).toEqual([
      0, 0, 0, 8, 0, 0, 0x0b, 0x40, 0x02, 0, 0x02, 0,
    ]);
    expect(r.answer(cmd('cd', [0x23, 0, 0, 0, 0, 0, 0, 0, 12]))).toEqual({
      kind: 'status',
      sense: SENSE.invalidCommand,
    });
  });

  it('MODE SENSE: write-protected headers, medium types, page lengths; unknown pages are invalid fields', () => {
    const r = ready();
    const all6 = bytes(r.answer(cmd('floppy', [0x1a, 0, 0x3f, 0, 0xff])));
    expect(all6.slice(0, 4)).toEqual([all6.length - 1, 0x24, 0x80, 0]);
    const geometry = bytes(r.answer(cmd('floppy', [0x5a, 0, 0x05, 0, 0, 0, 0, 0, 0xff])));
    expect(geometry.slice(0, 4)).toEqual([0, 38, 0x24, 0x80]);
    expect(geometry.slice(8, 18)).toEqual([0x05, 0x1e, 0x01, 0xf4, 2, 18, 0x02, 0x00, 0, 80]);
    const caps = bytes(r.answer(cmd('cd', [0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 0xff])));
    expect(caps.slice(0, 4)).toEqual([0, 6 + 26, 0x01, 0x80]);
    expect(caps[8]).toBe(0x2a);
    expect(r.answer(cmd('cd', [0x5a, 0, 0x05, 0, 0, 0, 0, 0, 0xff]))).toEqual({
      kind: 'status',
      sense: SENSE.invalidFieldInCdb,
    });
    // Allocation length truncates.
    expect(bytes(r.answer(cmd('cd', [0x5a, 0, 0x3f, 0, 0, 0, 0, 0, 8]))).length).toBe(8);
  });

  it('READ TOC format 0 in LBA and MSF, format 1; the floppy has no TOC', () => {
    const r = ready();
    expect(bytes(r.answer(cmd('cd', [0x43, 0, 0, 0, 0, 0, 0, 0, 0xff])))).toEqual([
      0, 18, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0, 0, 0x14, 0xaa, 0, 0, 0, 0x03, 0xe8,
    ]);
    // 1000 sectors + 150 = 1150 frames = 00:15:25.
    expect(bytes(r.answer(cmd('cd', [0x43, 0x02, 0, 0, 0, 0, 0, 0, 0xff]))).slice(16)).toEqual([0, 0, 15, 25]);
    expect(bytes(r.answer(cmd('cd', [0x43, 0, 1, 0, 0, 0, 0, 0, 0xff])))).toEqual([
      0, 10, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0,
    ]);
    expect(r.answer(cmd('floppy', [0x43, 0, 0, 0, 0, 0, 0, 0, 0xff]))).toEqual({
      kind: 'status',
      sense: SENSE.invalidCommand,
    });
  });

  it('GET CONFIGURATION: CD-ROM profile current, features from the starting code, truncated to the allocation', () => {
    const r = ready();
    const all = bytes(r.answer(cmd('cd', [0x46, 0, 0, 0, 0, 0, 0, 0x01, 0x00])));
    expect(all.slice(4, 8)).toEqual([0, 0, 0x00, 0x08]);
    expect((all[0]! << 24) + (all[1]! << 16) + (all[2]! << 8) + all[3]!).toBe(all.length - 4);
    const one = bytes(r.answer(cmd('cd', [0x46, 0x02, 0x00, 0x10, 0, 0, 0, 0x01, 0x00])));
    expect(one.slice(8)).toEqual([0x00, 0x10, 0x03, 8, 0, 0, 0x08, 0, 0, 1, 0, 0]);
    expect(bytes(r.answer(cmd('cd', [0x46, 0, 0, 0, 0, 0, 0, 0, 6]))).length).toBe(6);
  });

  it('GET EVENT STATUS NOTIFICATION: media class when asked (polled), no event otherwise, async refused', () => {
    const r = ready();
    expect(bytes(r.answer(cmd('cd', [0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8])))).toEqual([0, 6, 0x04, 0x10, 0, 0x02, 0, 0]);
    expect(bytes(r.answer(cmd('cd', [0x4a, 0x01, 0, 0, 0x02, 0, 0, 0, 8])))).toEqual([0, 2, 0x80, 0x10]);
    expect(r.answer(cmd('cd', [0x4a, 0x00, 0, 0, 0x10, 0, 0, 0, 8]))).toEqual({
      kind: 'status',
      sense: SENSE.invalidFieldInCdb,
    });
  });

  it('INQUIRY names the device type, removable; REQUEST SENSE returns the last CHECK CONDITION once', () => {
    const r = ready();
    const cd = bytes(r.answer(cmd('cd', [0x12, 0, 0, 0, 36])));
    expect(cd.slice(0, 2)).toEqual([0x05, 0x80]);
    expect(Buffer.from(cd.slice(16, 32)).toString('latin1')).toBe('IDE-R CD-ROM    ');
    expect(bytes(r.answer(cmd('floppy', [0x12, 0, 0, 0, 36])))[0]).toBe(0x00);
    r.answer(cmd('floppy', [0xff]));
    const sense = bytes(r.answer(cmd('floppy', [0x03, 0, 0, 0, 18])));
    expect([sense[0], sense[2], sense[7], sense[12], sense[13]]).toEqual([0x70, 0x05, 10, 0x20, 0x00]);
    expect(bytes(r.answer(cmd('floppy', [0x03, 0, 0, 0, 18])))[2]).toBe(0x00);
  });

  it('writes are DATA PROTECT 07/27/00; MODE SELECT, unknown opcodes and non-PACKET ATA commands are 05/20/00', () => {
    const r = ready();
    for (const op of [0x0a, 0x2a, 0x2e, 0xaa])
      expect(r.answer(cmd('floppy', [op, 0, 0, 0, 0, 0, 0, 0, 1]))).toEqual({
        kind: 'status',
        sense: SENSE.writeProtected,
      });
    for (const op of [0x55, 0x51, 0x52, 0xac, 0xbb, 0xff])
      expect(r.answer(cmd('cd', [op]))).toEqual({ kind: 'status', sense: SENSE.invalidCommand });
    expect(r.answer(cmd('cd', [0x00], 0xec))).toEqual({ kind: 'status', sense: SENSE.invalidCommand });
  });

  it('START STOP UNIT and PREVENT ALLOW MEDIUM REMOVAL are GOOD; a disk change raises UNIT ATTENTION again', () => {
    const r = ready();
    expect(r.answer(cmd('cd', [0x1b, 0, 0, 0, 0x02]))).toEqual({ kind: 'status', sense: SENSE.ok });
    expect(r.answer(cmd('cd', [0x1e, 0, 0, 0, 1]))).toEqual({ kind: 'status', sense: SENSE.ok });
    r.changeMedium('cd', { kind: 'cd', sizeBytes: 10 * 2048 });
    expect(r.answer(cmd('cd', [0x00]))).toEqual({ kind: 'status', sense: SENSE.mediumMayHaveChanged });
    expect(bytes(r.answer(cmd('cd', [0x25])))).toEqual([0, 0, 0, 9, 0, 0, 0x08, 0]);
  });

  it('an LS-120-sized floppy is presented with its own medium type and geometry', () => {
    const r = new AtapiResponder({ floppy: { kind: 'floppy', sizeBytes: 963 * 8 * 32 * 512 } });
    r.answer(cmd('floppy', [0x00]));
    const page = bytes(r.answer(cmd('floppy', [0x5a, 0, 0x05, 0, 0, 0, 0, 0, 0xff])));
    expect(page[2]).toBe(0x31);
    expect(page.slice(12, 14)).toEqual([8, 32]);
  });
});
