// The ATAPI device behind IDE-R (amt-protocols.md §3.5): answers each command the host's BIOS/OS sends for the
// redirected floppy (master, 512-byte sectors) or CD (slave, 2048) from the image's shape alone. Pure and
// synchronous: reads come back as a byte range for the channel (ider.ts) to stream from disk. Media are
// read-only; anything not in the command table is CHECK CONDITION ILLEGAL REQUEST / INVALID COMMAND (05/20/00).

import {
  ATAPI_OPCODE as OP,
  READ6_LBA_MASK,
  READ6_ZERO_COUNT,
  SECTOR_BYTES,
  SENSE,
  type IderMediaKind,
  type Sense,
} from './atapi-constants';
import {
  configurationData,
  eventStatusData,
  fixedSenseData,
  formatCapacitiesData,
  inquiryData,
  modePages,
  modeSense10Data,
  modeSense6Data,
  readCapacityData,
  sessionInfoData,
  tocData,
  type MediumShape,
} from './atapi-pages';
import { ATA_COMMAND_PACKET } from './constants';
import type { AtapiCommand, IderDrive } from './ider-frames';
import { readBe16, readBe32 } from './wire-bytes';

/** What the channel sends for one command. */
export type AtapiAnswer =
  /** 0x51: GOOD when `sense` is SENSE.ok, else CHECK CONDITION. */
  | { readonly kind: 'status'; readonly sense: Sense }
  /** 0x54 chunk(s) of reply data, the last one carrying GOOD. */
  | { readonly kind: 'data'; readonly bytes: Uint8Array }
  /** 0x54 chunks of image bytes [offset, offset + length), then GOOD. */
  | {
      readonly kind: 'read';
      readonly offset: number;
      readonly length: number;
      readonly lba: number;
      readonly sectors: number;
    };

/** The medium in a drive as the responder sees it: its kind and size in bytes (a multiple of its sector size). */
export interface MediumInfo {
  readonly kind: IderMediaKind;
  readonly sizeBytes: number;
}

interface DriveState {
  medium: MediumInfo | undefined;
  /** UNIT ATTENTION 06/28/00 is owed: a medium was inserted or changed. */
  attention: boolean;
  /** The sense of the last CHECK CONDITION, for REQUEST SENSE. */
  lastSense: Sense;
}

/** Commands that never report a pending unit attention (SPC: they must work while one is pending). */
const ATTENTION_EXEMPT = new Set<number>([
  OP.inquiry,
  OP.requestSense,
  OP.getEventStatusNotification,
  OP.getConfiguration,
]);
/** Commands that work without a medium. */
const NO_MEDIUM_NEEDED = new Set<number>([
  OP.inquiry,
  OP.requestSense,
  OP.getEventStatusNotification,
  OP.getConfiguration,
  OP.startStopUnit,
]);
const WRITES = new Set<number>([OP.write6, OP.write10, OP.writeAndVerify10, OP.write12]);

const status = (sense: Sense): AtapiAnswer => ({ kind: 'status', sense });
const GOOD = status(SENSE.ok);

/** Reply data cut to the allocation length the host gave (0 = status only). */
function data(bytes: Uint8Array, allocation: number): AtapiAnswer {
  if (allocation === 0) return GOOD;
  return { kind: 'data', bytes: bytes.length > allocation ? bytes.subarray(0, allocation) : bytes };
}

export class AtapiResponder {
  private readonly drives: Record<IderDrive, DriveState> = {
    floppy: { medium: undefined, attention: false, lastSense: SENSE.ok },
    cd: { medium: undefined, attention: false, lastSense: SENSE.ok },
  };

  constructor(media: { readonly floppy?: MediumInfo; readonly cd?: MediumInfo }) {
    if (media.floppy) this.changeMedium('floppy', media.floppy);
    if (media.cd) this.changeMedium('cd', media.cd);
  }

  /** Inserts, replaces or (undefined) removes a medium; the host is told by UNIT ATTENTION 06/28/00. */
  changeMedium(drive: IderDrive, medium: MediumInfo | undefined): void {
    if (medium && medium.kind !== drive) throw new Error(`a ${medium.kind} image cannot go into the ${drive} drive`);
    const state = this.drives[drive];
    state.medium = medium;
    state.attention = medium !== undefined;
  }

  medium(drive: IderDrive): MediumInfo | undefined {
    return this.drives[drive].medium;
  }

  /** Answers one command; records CHECK CONDITION sense for a later REQUEST SENSE. */
  answer(command: AtapiCommand): AtapiAnswer {
    const state = this.drives[command.drive];
    const result = this.decide(command, state);
    if (result.kind === 'status' && result.sense.key !== SENSE.ok.key) state.lastSense = result.sense;
    else if (command.cdb[0] !== OP.requestSense) state.lastSense = SENSE.ok;
    return result;
  }

  private decide(command: AtapiCommand, state: DriveState): AtapiAnswer {
    if (command.ataCommand !== ATA_COMMAND_PACKET) return status(SENSE.invalidCommand);
    const cdb = command.cdb;
    const op = cdb[0] as number;
    if (op === OP.requestSense) return this.requestSense(state, cdb[4] ?? 0);
    if (op === OP.inquiry)
      return (cdb[1] ?? 0) & 0x01 ? status(SENSE.invalidFieldInCdb) : data(inquiryData(command.drive), cdb[4] ?? 0);
    const medium = state.medium;
    if (!medium && !NO_MEDIUM_NEEDED.has(op)) return status(SENSE.mediumNotPresent);
    if (state.attention && medium && !ATTENTION_EXEMPT.has(op)) {
      state.attention = false;
      return status(SENSE.mediumMayHaveChanged);
    }
    if (WRITES.has(op)) return status(SENSE.writeProtected);
    const shape: MediumShape | undefined = medium && {
      kind: medium.kind,
      sectors: medium.sizeBytes / SECTOR_BYTES[medium.kind],
    };
    switch (op) {
      case OP.testUnitReady:
      case OP.startStopUnit:
      case OP.preventAllowMediumRemoval:
        return GOOD;
      case OP.read6: {
        const count = cdb[4] === 0 ? READ6_ZERO_COUNT : (cdb[4] as number);
        return this.read(shape, (((cdb[1] ?? 0) & READ6_LBA_MASK) << 16) | ((cdb[2] ?? 0) << 8) | (cdb[3] ?? 0), count);
      }
      case OP.read10:
        return this.read(shape, readBe32(cdb, 2), readBe16(cdb, 7));
      case OP.read12:
        return this.read(shape, readBe32(cdb, 2), readBe32(cdb, 6));
      case OP.readCapacity:
        return shape
          ? { kind: 'data', bytes: readCapacityData(shape.sectors, SECTOR_BYTES[shape.kind]) }
          : status(SENSE.mediumNotPresent);
      case OP.readFormatCapacities:
        if (!shape || shape.kind !== 'floppy') return status(SENSE.invalidCommand);
        return data(formatCapacitiesData(shape.sectors, SECTOR_BYTES.floppy), readBe16(cdb, 7));
      case OP.modeSense6:
      case OP.modeSense10:
        return this.modeSense(shape, cdb, op === OP.modeSense6);
      case OP.readToc:
        return this.readToc(shape, cdb);
      case OP.getConfiguration:
        if (command.drive !== 'cd') return status(SENSE.invalidCommand);
        return data(configurationData(medium !== undefined, (cdb[1] ?? 0) & 0x03, readBe16(cdb, 2)), readBe16(cdb, 7));
      case OP.getEventStatusNotification: {
        if (((cdb[1] ?? 0) & 0x01) === 0) return status(SENSE.invalidFieldInCdb); // asynchronous mode is not offered
        const newMedia = state.attention;
        return data(eventStatusData(cdb[4] ?? 0, medium !== undefined, newMedia), readBe16(cdb, 7));
      }
      default:
        return status(SENSE.invalidCommand);
    }
  }

  private requestSense(state: DriveState, allocation: number): AtapiAnswer {
    let sense = state.lastSense;
    if (state.attention && state.medium) {
      sense = SENSE.mediumMayHaveChanged;
      state.attention = false;
    }
    state.lastSense = SENSE.ok; // reported once, as a real drive does
    return data(fixedSenseData(sense), allocation);
  }

  private read(shape: MediumShape | undefined, lba: number, sectors: number): AtapiAnswer {
    if (!shape) return status(SENSE.mediumNotPresent);
    if (sectors === 0) return GOOD;
    if (lba + sectors > shape.sectors) return status(SENSE.lbaOutOfRange);
    const bytes = SECTOR_BYTES[shape.kind];
    return { kind: 'read', offset: lba * bytes, length: sectors * bytes, lba, sectors };
  }

  private modeSense(shape: MediumShape | undefined, cdb: Uint8Array, six: boolean): AtapiAnswer {
    if (!shape) return status(SENSE.mediumNotPresent);
    const pages = modePages(shape, (cdb[2] ?? 0) & 0x3f);
    if (!pages) return status(SENSE.invalidFieldInCdb);
    return six
      ? data(modeSense6Data(shape, pages), cdb[4] ?? 0)
      : data(modeSense10Data(shape, pages), readBe16(cdb, 7));
  }

  private readToc(shape: MediumShape | undefined, cdb: Uint8Array): AtapiAnswer {
    if (!shape) return status(SENSE.mediumNotPresent);
    if (shape.kind !== 'cd') return status(SENSE.invalidCommand);
    const msf = ((cdb[1] ?? 0) & 0x02) !== 0;
    // MMC's format field, or SFF-8020's older one in the top bits of the control byte when it is 0.
    let format = (cdb[2] ?? 0) & 0x0f;
    if (format === 0) format = (cdb[9] ?? 0) >> 6;
    const allocation = readBe16(cdb, 7);
    if (format === 0) {
      const track = cdb[6] ?? 0;
      if (track > 1 && track !== 0xaa) return status(SENSE.invalidFieldInCdb);
      return data(tocData(shape.sectors, msf), allocation);
    }
    if (format === 1) return data(sessionInfoData(msf), allocation);
    return status(SENSE.invalidFieldInCdb);
  }
}
