// IDE-R frame bytes (amt-protocols.md §3.4) against hand-written golden values from the reference layouts, and
// the FrameReader framing firmware IDE-R messages split at every byte.
import { describe, expect, it } from 'vitest';
import {
  decodeCommandWritten,
  decodeFeaturesReply,
  decodeStartIderReply,
  encodeCommandEndResponse,
  encodeDataToHost,
  encodeDisableEnableFeatures,
  encodeIderShort,
  encodeStartIder,
  FrameReader,
  MSG_END_IDER,
  SENSE,
} from '../../../../main/redirect/index';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('IDE-R encoders', () => {
  it('0x40 StartIDER carries RxTimeout, TxTimeout, heartbeat and version after the sequence number', () => {
    const m = encodeStartIder(0, { rxTimeoutMs: 30000, txTimeoutMs: 0, heartbeatIntervalMs: 20000, version: 1 });
    expect(hex(m)).toBe('40000000' + '00000000' + '3075' + '0000' + '204e' + '01000000');
  });

  it('0x48 set-register-state "enable now" is 01 | 18', () => {
    expect(hex(encodeDisableEnableFeatures(1, 3, 0x19))).toBe('48000000' + '01000000' + '03' + '19000000');
  });

  it('0x51 GOOD and CHECK CONDITION carry the register values of the reference consoles', () => {
    const good = encodeCommandEndResponse(5, 'cd', SENSE.ok);
    expect(good.length).toBe(31);
    expect(hex(good)).toBe('51000002' + '05000000' + '00'.repeat(12) + 'c50003000000b050' + '000000');
    const check = encodeCommandEndResponse(6, 'floppy', SENSE.invalidCommand);
    expect(hex(check)).toBe('51000002' + '06000000' + '00'.repeat(12) + '875003000000a051' + '052000');
  });

  it('0x54 DataToHost: PIO byte count in the input registers, completion only on the last chunk, DMA bit', () => {
    const data = Uint8Array.of(1, 2, 3, 4);
    const mid = encodeDataToHost(7, 'floppy', data, false, false);
    expect(hex(mid)).toBe(
      '54000000' +
        '07000000' +
        '00' +
        '0400' +
        '00' +
        'b500020004 00a058'.replace(' ', '') +
        '00'.repeat(8) +
        '000000' +
        '000000' +
        '01020304',
    );
    const last = encodeDataToHost(8, 'cd', data, true, true);
    expect(hex(last)).toBe(
      '54000003' +
        '08000000' +
        '00' +
        '0400' +
        '00' +
        'b40002000000b058' +
        '850003000000b050' +
        '000000' +
        '000000' +
        '01020304',
    );
  });

  it('8-byte messages carry only type and sequence', () => {
    expect(hex(encodeIderShort(MSG_END_IDER, 0x01020304))).toBe('4200000004030201');
  });
});

describe('IDE-R decoders', () => {
  it('0x41 reply fields at their offsets', () => {
    const m = new Uint8Array(30);
    m[0] = 0x41;
    m[8] = 1;
    m[10] = 11;
    m[11] = 8;
    m[16] = 0x00;
    m[17] = 0x20; // 8192
    m[18] = 0x00;
    m[19] = 0x10;
    m[25] = 0x57;
    m[26] = 0x01; // 343
    const r = decodeStartIderReply(m);
    expect(r).toMatchObject({
      status: 0,
      protocolMajor: 1,
      firmwareMajor: 11,
      firmwareMinor: 8,
      readBufferBytes: 8192,
      writeBufferBytes: 4096,
      featureByte: 0,
      iana: 343,
    });
  });

  it('0x50 CommandWritten: master is the floppy, slave the CD; DMA from the feature register; the CDB at 16', () => {
    const m = new Uint8Array(28);
    m[0] = 0x50;
    m[9] = 0x01;
    m[12] = 0xfe;
    m[13] = 0xff;
    m[14] = 0xb0;
    m[15] = 0xa0;
    m.set([0x28, 0, 0, 0, 0, 16, 0, 0, 4], 16);
    const c = decodeCommandWritten(m);
    expect(c.drive).toBe('cd');
    expect(c.dma).toBe(true);
    expect(c.byteCountLimit).toBe(0xfffe);
    expect([...c.cdb.subarray(0, 9)]).toEqual([0x28, 0, 0, 0, 0, 16, 0, 0, 4]);
    m[14] = 0xa0;
    expect(decodeCommandWritten(m).drive).toBe('floppy');
  });

  it('0x49 subcommand and value', () => {
    const m = Uint8Array.of(0x49, 0, 0, 0, 1, 0, 0, 0, 3, 1, 0, 0, 0);
    expect(decodeFeaturesReply(m)).toEqual({ subcommand: 3, value: 1 });
  });
});

describe('FrameReader with IDE-R messages', () => {
  const reply = new Uint8Array(32);
  reply[0] = 0x41;
  reply[29] = 2; // two OEM bytes
  const command = new Uint8Array(28);
  command[0] = 0x50;
  const heartbeat = Uint8Array.of(0x4b, 0, 0, 0, 2, 0, 0, 0);
  const dataFromHost = new Uint8Array(14 + 3);
  dataFromHost[0] = 0x53;
  dataFromHost[9] = 3;
  const stream = Buffer.concat([reply, command, heartbeat, dataFromHost]);

  it('yields the same four messages wherever the stream is split', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new FrameReader();
      const got = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(got.map((m) => m.length)).toEqual([32, 28, 8, 17]);
      expect(reader.pendingBytes).toBe(0);
    }
  });
});
