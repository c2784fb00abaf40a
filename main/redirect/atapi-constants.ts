// ATAPI/SCSI facts the IDE-R responder needs (amt-protocols.md §3.5; SPC/MMC/SFF-8070i): opcodes, sense codes,
// sector sizes and the limits a sane image lies within. Byte layouts of the replies are built in atapi-pages.ts.

export const ATAPI_OPCODE = {
  testUnitReady: 0x00,
  requestSense: 0x03,
  read6: 0x08,
  write6: 0x0a,
  inquiry: 0x12,
  modeSense6: 0x1a,
  startStopUnit: 0x1b,
  preventAllowMediumRemoval: 0x1e,
  readFormatCapacities: 0x23,
  readCapacity: 0x25,
  read10: 0x28,
  write10: 0x2a,
  writeAndVerify10: 0x2e,
  readToc: 0x43,
  getConfiguration: 0x46,
  getEventStatusNotification: 0x4a,
  modeSelect10: 0x55,
  modeSense10: 0x5a,
  read12: 0xa8,
  write12: 0xaa,
} as const;

/** Names for progress events and logs ("last command"). */
export const ATAPI_OPCODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries({
    testUnitReady: 'TEST UNIT READY',
    requestSense: 'REQUEST SENSE',
    read6: 'READ(6)',
    write6: 'WRITE(6)',
    inquiry: 'INQUIRY',
    modeSense6: 'MODE SENSE(6)',
    startStopUnit: 'START STOP UNIT',
    preventAllowMediumRemoval: 'PREVENT ALLOW MEDIUM REMOVAL',
    readFormatCapacities: 'READ FORMAT CAPACITIES',
    readCapacity: 'READ CAPACITY',
    read10: 'READ(10)',
    write10: 'WRITE(10)',
    writeAndVerify10: 'WRITE AND VERIFY(10)',
    readToc: 'READ TOC',
    getConfiguration: 'GET CONFIGURATION',
    getEventStatusNotification: 'GET EVENT STATUS NOTIFICATION',
    modeSelect10: 'MODE SELECT(10)',
    modeSense10: 'MODE SENSE(10)',
    read12: 'READ(12)',
    write12: 'WRITE(12)',
  }).map(([key, name]) => [ATAPI_OPCODE[key as keyof typeof ATAPI_OPCODE], name]),
);

export function atapiOpcodeName(opcode: number): string {
  return ATAPI_OPCODE_NAMES[opcode] ?? `opcode 0x${opcode.toString(16).padStart(2, '0')}`;
}

/** Sense key, additional sense code, qualifier. */
export interface Sense {
  readonly key: number;
  readonly asc: number;
  readonly ascq: number;
}
export const SENSE_KEY = {
  noSense: 0x00,
  notReady: 0x02,
  illegalRequest: 0x05,
  unitAttention: 0x06,
  dataProtect: 0x07,
} as const;
export const SENSE = {
  ok: { key: SENSE_KEY.noSense, asc: 0x00, ascq: 0x00 },
  mediumNotPresent: { key: SENSE_KEY.notReady, asc: 0x3a, ascq: 0x00 },
  invalidCommand: { key: SENSE_KEY.illegalRequest, asc: 0x20, ascq: 0x00 },
  lbaOutOfRange: { key: SENSE_KEY.illegalRequest, asc: 0x21, ascq: 0x00 },
  invalidFieldInCdb: { key: SENSE_KEY.illegalRequest, asc: 0x24, ascq: 0x00 },
  parameterNotSupported: { key: SENSE_KEY.illegalRequest, asc: 0x26, ascq: 0x01 },
  mediumMayHaveChanged: { key: SENSE_KEY.unitAttention, asc: 0x28, ascq: 0x00 },
  writeProtected: { key: SENSE_KEY.dataProtect, asc: 0x27, ascq: 0x00 },
} as const satisfies Record<string, Sense>;

export type IderMediaKind = 'floppy' | 'cd';
export const SECTOR_BYTES: Readonly<Record<IderMediaKind, number>> = { floppy: 512, cd: 2048 };
/** 1.44 MB floppy: 80 cylinders × 2 heads × 18 sectors; larger floppy images are presented as LS-120. */
export const FLOPPY_144_SECTORS = 2880;
export const FLOPPY_GEOMETRY_144 = { cylinders: 80, heads: 2, sectorsPerTrack: 18 } as const;
export const FLOPPY_GEOMETRY_LS120 = { cylinders: 963, heads: 8, sectorsPerTrack: 32 } as const;
/**
 * Sane image sizes: a floppy image is at most an LS-240 disk (we allow 256 MiB), a CD/DVD image at most a
 * dual-layer DVD (8.5 GB, we allow 9 GiB). Bigger files are almost certainly the wrong file.
 */
export const MAX_IMAGE_BYTES: Readonly<Record<IderMediaKind, number>> = {
  floppy: 256 * 1024 * 1024,
  cd: 9 * 1024 * 1024 * 1024,
};
/** READ(6) LBA is 21 bits; its count 0 means 256. */
export const READ6_LBA_MASK = 0x1f;
export const READ6_ZERO_COUNT = 256;
