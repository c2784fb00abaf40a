// Byte encoders (console → firmware) and decoders (firmware → console) of the IDE-R messages (amt-protocols.md §3.4).
// Framing is FrameReader's (frames.ts); offsets and register values are named in constants.ts.

import { AmtError } from '../../shared/domain';
import type { Sense } from './atapi-constants';
import {
  ATA_DRIVE_SELECT_SLAVE,
  ATA_FEATURE_DMA,
  ATAPI_CDB_LENGTH,
  ATAPI_INTERRUPT_REASON,
  ATA_STATUS,
  IDER_ATTRIBUTE,
  IDER_COMMAND_END_RESPONSE_LENGTH,
  IDER_COMMAND_OFFSET,
  IDER_DATA_FROM_HOST_HEADER_LENGTH,
  IDER_DATA_FROM_HOST_LENGTH_OFFSET,
  IDER_DATA_TO_HOST_HEADER_LENGTH,
  IDER_DATA_TO_HOST_LENGTH_OFFSET,
  IDER_DRIVE,
  IDER_ERROR_CODE_OFFSET,
  IDER_FEATURES_LENGTH,
  IDER_FEATURES_SUBCOMMAND_OFFSET,
  IDER_FEATURES_VALUE_OFFSET,
  IDER_INPUT_REGISTERS_OFFSET,
  IDER_MASK_CHECK_CONDITION,
  IDER_MASK_DATA_COMPLETE,
  IDER_MASK_DATA_DMA,
  IDER_MASK_DATA_PIO,
  IDER_MASK_GOOD,
  IDER_OUTPUT_REGISTERS_OFFSET,
  IDER_SENSE_OFFSET,
  IDER_SHORT_LENGTH,
  type IderSettings,
  MSG_IDER_COMMAND_END_RESPONSE,
  MSG_IDER_COMMAND_WRITTEN,
  MSG_IDER_DATA_FROM_HOST,
  MSG_IDER_DATA_TO_HOST,
  MSG_IDER_DISABLE_ENABLE_FEATURES,
  MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY,
  MSG_IDER_ERROR_OCCURRED,
  MSG_IDER_RESET_OCCURRED,
  MSG_START_IDER,
  MSG_START_IDER_REPLY,
  SEQUENCE_OFFSET,
  START_IDER_LENGTH,
  START_IDER_REPLY_MIN_LENGTH,
  START_IDER_REPLY_OFFSET,
} from './constants';
import { checkSequence, malformed, readU16, readU32, U16_MAX, writeU16, writeU32 } from './wire-bytes';

/** The drive an ATAPI command addresses, as 0x50 [14] names it: master = floppy, slave = CD. */
export type IderDrive = 'floppy' | 'cd';

function header(type: number, length: number, seq: number, attributes = 0): Uint8Array {
  checkSequence(seq);
  const out = new Uint8Array(length);
  out[0] = type;
  out[3] = attributes;
  writeU32(out, SEQUENCE_OFFSET, seq);
  return out;
}

function expectType(message: Uint8Array, type: number, name: string): void {
  if (message[0] !== type)
    throw malformed(`Expected ${name} (0x${type.toString(16)}), got type 0x${(message[0] ?? 0).toString(16)}.`);
}

function u16Setting(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > U16_MAX)
    throw new AmtError('bad-input', `IDE-R ${what} ${value} is not a u16.`);
  return value;
}

// ---------------------------------------------------------------- console → firmware

/** 0x40 | [4..7] seq [8..9] RxTimeout [10..11] TxTimeout [12..13] Heartbeat [14..17] version. */
export function encodeStartIder(seq: number, settings: IderSettings): Uint8Array {
  const out = header(MSG_START_IDER, START_IDER_LENGTH, seq);
  writeU16(out, 8, u16Setting(settings.rxTimeoutMs, 'RxTimeout'));
  writeU16(out, 10, u16Setting(settings.txTimeoutMs, 'TxTimeout'));
  writeU16(out, 12, u16Setting(settings.heartbeatIntervalMs, 'heartbeat interval'));
  writeU32(out, 14, settings.version >>> 0);
  return out;
}

/** 8-byte `[0] type [3] 0 [4..7] seq` (0x42 EndIDER, 0x44 ping, 0x45 pong, 0x47 ResetOccurredResponse). */
export function encodeIderShort(type: number, seq: number): Uint8Array {
  return header(type, IDER_SHORT_LENGTH, seq);
}

/** 0x48 | [8] subcommand [9..12] LE u32 value. */
export function encodeDisableEnableFeatures(seq: number, subcommand: number, value: number): Uint8Array {
  const out = header(MSG_IDER_DISABLE_ENABLE_FEATURES, IDER_FEATURES_LENGTH, seq);
  out[IDER_FEATURES_SUBCOMMAND_OFFSET] = subcommand;
  writeU32(out, IDER_FEATURES_VALUE_OFFSET, value >>> 0);
  return out;
}

function driveByte(drive: IderDrive): number {
  return drive === 'cd' ? IDER_DRIVE.cd : IDER_DRIVE.floppy;
}

/** Output registers of a completed command: GOOD or CHECK CONDITION with the sense key in the error register. */
function writeCompletion(out: Uint8Array, drive: IderDrive, sense: Sense | undefined, dataChunk: boolean): void {
  const at = IDER_OUTPUT_REGISTERS_OFFSET;
  const ok = sense === undefined || sense.key === 0;
  out[at] = ok ? (dataChunk ? IDER_MASK_DATA_COMPLETE : IDER_MASK_GOOD) : IDER_MASK_CHECK_CONDITION;
  out[at + 1] = ok ? 0 : (sense.key << 4) & 0xff;
  out[at + 2] = ATAPI_INTERRUPT_REASON.commandComplete;
  out[at + 6] = driveByte(drive);
  out[at + 7] = ATA_STATUS.ready | ATA_STATUS.seekComplete | (ok ? 0 : ATA_STATUS.error);
  if (!ok) {
    out[IDER_SENSE_OFFSET] = sense.key;
    out[IDER_SENSE_OFFSET + 1] = sense.asc;
    out[IDER_SENSE_OFFSET + 2] = sense.ascq;
  }
}

/** 0x51 | [3] completed [8..19] 0 [20..27] output registers [28..30] sense: GOOD (sense absent/0) or CHECK CONDITION. */
export function encodeCommandEndResponse(seq: number, drive: IderDrive, sense?: Sense): Uint8Array {
  const out = header(MSG_IDER_COMMAND_END_RESPONSE, IDER_COMMAND_END_RESPONSE_LENGTH, seq, IDER_ATTRIBUTE.completed);
  writeCompletion(out, drive, sense, false);
  return out;
}

/**
 * 0x54 | [3] attributes [9..10] LE n [12..19] input registers (data offered) [20..27] output registers on the last
 * chunk (the command's completion, so no 0x51 follows a good read) [34..] n data bytes.
 */
export function encodeDataToHost(
  seq: number,
  drive: IderDrive,
  data: Uint8Array,
  last: boolean,
  dma: boolean,
): Uint8Array {
  if (data.length > U16_MAX) throw new AmtError('bad-input', `One DataToHost carries at most ${U16_MAX} bytes.`);
  const attributes = (last ? IDER_ATTRIBUTE.completed : 0) | (dma ? IDER_ATTRIBUTE.dma : 0);
  const out = header(MSG_IDER_DATA_TO_HOST, IDER_DATA_TO_HOST_HEADER_LENGTH + data.length, seq, attributes);
  writeU16(out, IDER_DATA_TO_HOST_LENGTH_OFFSET, data.length);
  const at = IDER_INPUT_REGISTERS_OFFSET;
  out[at] = dma ? IDER_MASK_DATA_DMA : IDER_MASK_DATA_PIO;
  out[at + 2] = ATAPI_INTERRUPT_REASON.dataToHost;
  if (!dma) writeU16(out, at + 4, data.length);
  out[at + 6] = driveByte(drive);
  out[at + 7] = ATA_STATUS.ready | ATA_STATUS.seekComplete | ATA_STATUS.dataRequest;
  if (last) writeCompletion(out, drive, undefined, true);
  out.set(data, IDER_DATA_TO_HOST_HEADER_LENGTH);
  return out;
}

// ---------------------------------------------------------------- firmware → console

export interface StartIderReply {
  readonly status: number;
  readonly protocolMajor: number;
  readonly protocolMinor: number;
  readonly firmwareMajor: number;
  readonly firmwareMinor: number;
  /** Largest payload per 0x54. */
  readonly readBufferBytes: number;
  readonly writeBufferBytes: number;
  readonly featureByte: number;
  readonly iana: number;
}

/** 0x41, 30 + n bytes (layout in constants.ts). */
export function decodeStartIderReply(message: Uint8Array): StartIderReply {
  expectType(message, MSG_START_IDER_REPLY, 'StartIDERedirectionReply');
  if (message.length < START_IDER_REPLY_MIN_LENGTH)
    throw malformed(
      `StartIDERedirectionReply is ${message.length} bytes, at least ${START_IDER_REPLY_MIN_LENGTH} expected.`,
    );
  const o = START_IDER_REPLY_OFFSET;
  return {
    status: message[1] as number,
    protocolMajor: message[o.protocolMajor] as number,
    protocolMinor: message[o.protocolMinor] as number,
    firmwareMajor: message[o.firmwareMajor] as number,
    firmwareMinor: message[o.firmwareMinor] as number,
    readBufferBytes: readU16(message, o.readBuffer),
    writeBufferBytes: readU16(message, o.writeBuffer),
    featureByte: message[o.featureByte] as number,
    iana: readU32(message, o.iana),
  };
}

/** 0x49 | [8] subcommand [9..12] LE u32 value. */
export function decodeFeaturesReply(message: Uint8Array): { readonly subcommand: number; readonly value: number } {
  expectType(message, MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY, 'DisableEnableFeaturesReply');
  return {
    subcommand: message[IDER_FEATURES_SUBCOMMAND_OFFSET] ?? 0,
    value: readU32(message, IDER_FEATURES_VALUE_OFFSET),
  };
}

export interface AtapiCommand {
  readonly drive: IderDrive;
  /** 12-byte CDB (SCSI fields big-endian). */
  readonly cdb: Uint8Array;
  /** The host asked for DMA (feature register bit 0). */
  readonly dma: boolean;
  /** ATA command register; only PACKET (0xA0) carries a CDB. */
  readonly ataCommand: number;
  /** Byte count limit the host programmed for PIO transfers. */
  readonly byteCountLimit: number;
}

/** 0x50 CommandWritten (28 bytes). */
export function decodeCommandWritten(message: Uint8Array): AtapiCommand {
  expectType(message, MSG_IDER_COMMAND_WRITTEN, 'CommandWritten');
  const o = IDER_COMMAND_OFFSET;
  return {
    drive: ((message[o.driveSelect] ?? 0) & ATA_DRIVE_SELECT_SLAVE) !== 0 ? 'cd' : 'floppy',
    cdb: message.slice(o.cdb, o.cdb + ATAPI_CDB_LENGTH),
    dma: ((message[o.feature] ?? 0) & ATA_FEATURE_DMA) !== 0,
    ataCommand: message[o.ataCommand] ?? 0,
    byteCountLimit: readU16(message, o.byteCount),
  };
}

/** 0x46 [8] reset mask. */
export function decodeResetOccurred(message: Uint8Array): { readonly mask: number } {
  expectType(message, MSG_IDER_RESET_OCCURRED, 'ResetOccurred');
  return { mask: message[8] ?? 0 };
}

/** 0x4A [8] error code. */
export function decodeErrorOccurred(message: Uint8Array): { readonly code: number } {
  expectType(message, MSG_IDER_ERROR_OCCURRED, 'ErrorOccurred');
  return { code: message[IDER_ERROR_CODE_OFFSET] ?? 0 };
}

/** 0x53 payload length ([9..10]); the data itself is refused (read-only media). */
export function decodeDataFromHostLength(message: Uint8Array): number {
  expectType(message, MSG_IDER_DATA_FROM_HOST, 'DataFromHost');
  return Math.max(
    0,
    Math.min(readU16(message, IDER_DATA_FROM_HOST_LENGTH_OFFSET), message.length - IDER_DATA_FROM_HOST_HEADER_LENGTH),
  );
}
