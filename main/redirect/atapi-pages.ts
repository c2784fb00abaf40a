// Reply data of the ATAPI commands the IDE-R responder answers itself (amt-protocols.md §3.5), built from the
// field layouts of SPC (INQUIRY, REQUEST SENSE, mode parameter headers), SFF-8070i (READ FORMAT CAPACITIES,
// flexible disk page) and MMC (READ TOC, GET CONFIGURATION, GET EVENT STATUS NOTIFICATION, CD pages).

import {
  FLOPPY_144_SECTORS,
  FLOPPY_GEOMETRY_144,
  FLOPPY_GEOMETRY_LS120,
  type IderMediaKind,
  type Sense,
} from './atapi-constants';
import { be } from './wire-bytes';

/** Mode parameter header byte 2/3: device-specific parameter, bit 7 = write-protected (all redirected media). */
const WRITE_PROTECTED = 0x80;
/** Medium type codes in the mode parameter header (§3.5). */
export const MEDIUM_TYPE = { floppy144: 0x24, ls120: 0x31, cd: 0x01 } as const;
const PERIPHERAL_TYPE = { directAccess: 0x00, cdrom: 0x05 } as const;
const REMOVABLE_MEDIUM = 0x80;
const INQUIRY_RESPONSE_FORMAT_ATAPI = 0x21;
const INQUIRY_LENGTH = 36;
const INQUIRY_IDENTITY = { vendor: 'AMTCONS', floppy: 'IDE-R Floppy', cd: 'IDE-R CD-ROM', revision: '1.0' } as const;
const FIXED_SENSE_CURRENT = 0x70;
const FIXED_SENSE_LENGTH = 18;
const FIXED_SENSE_ADDITIONAL_LENGTH = 10;
/** ADR 1 (current position), CONTROL 4 (data track): 0x14. */
const ADR_CONTROL_DATA_TRACK = 0x14;
const LEAD_OUT_TRACK = 0xaa;
/** MSF addresses count from 00:02:00 (150 frames of pre-gap). */
const MSF_PREGAP_FRAMES = 150;
const FRAMES_PER_SECOND = 75;
const SECONDS_PER_MINUTE = 60;
const PROFILE_CD_ROM = 0x0008;
const PHYSICAL_INTERFACE_ATAPI = 2;
const FEATURE_PERSISTENT = 0x02;
const FEATURE_CURRENT = 0x01;
/** Removable medium feature / CD capabilities: tray loading mechanism (001b << 5), eject, lock. */
const TRAY_EJECT_LOCK = (0x01 << 5) | 0x08 | 0x01;
const FORMATTED_MEDIA = 0x02;
const EVENT_CLASS_MEDIA = 0x04;
const EVENT_CLASS_MEDIA_BIT = 0x10;
const NO_EVENT_AVAILABLE = 0x80;
const MEDIA_EVENT_NEW_MEDIA = 0x02;
const MEDIA_STATUS_PRESENT = 0x02;

export interface MediumShape {
  readonly kind: IderMediaKind;
  readonly sectors: number;
}

function ascii(text: string, width: number): number[] {
  return Array.from({ length: width }, (_, i) => (i < text.length ? text.charCodeAt(i) : 0x20));
}

export function inquiryData(kind: IderMediaKind): Uint8Array {
  const identity = kind === 'cd' ? INQUIRY_IDENTITY.cd : INQUIRY_IDENTITY.floppy;
  const out = [
    kind === 'cd' ? PERIPHERAL_TYPE.cdrom : PERIPHERAL_TYPE.directAccess,
    REMOVABLE_MEDIUM,
    0x00,
    INQUIRY_RESPONSE_FORMAT_ATAPI,
    INQUIRY_LENGTH - 5,
    0,
    0,
    0,
    ...ascii(INQUIRY_IDENTITY.vendor, 8),
    ...ascii(identity, 16),
    ...ascii(INQUIRY_IDENTITY.revision, 4),
  ];
  return Uint8Array.from(out);
}

export function fixedSenseData(sense: Sense): Uint8Array {
  const out = new Uint8Array(FIXED_SENSE_LENGTH);
  out[0] = FIXED_SENSE_CURRENT;
  out[2] = sense.key & 0x0f;
  out[7] = FIXED_SENSE_ADDITIONAL_LENGTH;
  out[12] = sense.asc;
  out[13] = sense.ascq;
  return out;
}

/** READ CAPACITY: last LBA and block length, both BE32. */
export function readCapacityData(sectors: number, sectorBytes: number): Uint8Array {
  return Uint8Array.from([...be(sectors - 1, 4), ...be(sectorBytes, 4)]);
}

/** READ FORMAT CAPACITIES: list header (length 8) and one "formatted media" descriptor. */
export function formatCapacitiesData(sectors: number, sectorBytes: number): Uint8Array {
  return Uint8Array.from([0, 0, 0, 8, ...be(sectors, 4), FORMATTED_MEDIA, ...be(sectorBytes, 3)]);
}

function isLs120(medium: MediumShape): boolean {
  return medium.kind === 'floppy' && medium.sectors > FLOPPY_144_SECTORS;
}

function mediumType(medium: MediumShape): number {
  if (medium.kind === 'cd') return MEDIUM_TYPE.cd;
  return isLs120(medium) ? MEDIUM_TYPE.ls120 : MEDIUM_TYPE.floppy144;
}

/** Page 0x01, read-write error recovery: one retry (floppy: 10-byte SFF-8070i page; CD: 6-byte MMC page). */
function errorRecoveryPage(kind: IderMediaKind): number[] {
  return kind === 'cd' ? [0x01, 0x06, 0x00, 0x01, 0, 0, 0, 0] : [0x01, 0x0a, 0x00, 0x01, 0, 0, 0, 0, 0x01, 0, 0, 0];
}

/** Page 0x05, flexible disk: transfer rate (kbit/s), heads, sectors per track, bytes per sector, cylinders, rpm. */
function flexibleDiskPage(medium: MediumShape): number[] {
  const ls120 = isLs120(medium);
  const g = ls120 ? FLOPPY_GEOMETRY_LS120 : FLOPPY_GEOMETRY_144;
  const rateKbit = ls120 ? 1000 : 500;
  const rpm = ls120 ? 720 : 300;
  const page = new Array<number>(32).fill(0);
  page[0] = 0x05;
  page[1] = 0x1e;
  page.splice(2, 2, ...be(rateKbit, 2));
  page[4] = g.heads;
  page[5] = g.sectorsPerTrack;
  page.splice(6, 2, ...be(512, 2));
  page.splice(8, 2, ...be(g.cylinders, 2));
  page.splice(28, 2, ...be(rpm, 2));
  return page;
}

/** Pages 0x1A (power condition) and 0x1D (timeout and protect): no timers, nothing protected beyond write. */
function zeroPage(code: number): number[] {
  return [code, 0x0a, ...new Array<number>(10).fill(0)];
}

/** Page 0x2A, CD capabilities: reads CD-ROM only, tray with lock and eject, 4x. */
function cdCapabilitiesPage(): number[] {
  const page = new Array<number>(26).fill(0);
  page[0] = 0x2a;
  page[1] = 0x18;
  page[6] = TRAY_EJECT_LOCK;
  page.splice(8, 2, ...be(706, 2)); // maximum read speed, kB/s (4x)
  page.splice(14, 2, ...be(706, 2)); // current read speed
  return page;
}

const ALL_PAGES = 0x3f;

/** The mode page(s) asked for, or undefined when the page does not exist for this medium. */
export function modePages(medium: MediumShape, pageCode: number): number[] | undefined {
  const floppy = medium.kind === 'floppy';
  switch (pageCode) {
    case 0x01:
      return errorRecoveryPage(medium.kind);
    case 0x05:
      return floppy ? flexibleDiskPage(medium) : undefined;
    case 0x1a:
    case 0x1d:
      return floppy ? undefined : zeroPage(pageCode);
    case 0x2a:
      return floppy ? undefined : cdCapabilitiesPage();
    case ALL_PAGES:
      return floppy
        ? [...errorRecoveryPage('floppy'), ...flexibleDiskPage(medium)]
        : [...errorRecoveryPage('cd'), ...zeroPage(0x1a), ...zeroPage(0x1d), ...cdCapabilitiesPage()];
    default:
      return undefined;
  }
}

/** MODE SENSE(10): 8-byte header (data length excludes its own 2 bytes, no block descriptors) + pages. */
export function modeSense10Data(medium: MediumShape, pages: readonly number[]): Uint8Array {
  return Uint8Array.from([...be(6 + pages.length, 2), mediumType(medium), WRITE_PROTECTED, 0, 0, 0, 0, ...pages]);
}

/** MODE SENSE(6): 4-byte header + pages. */
export function modeSense6Data(medium: MediumShape, pages: readonly number[]): Uint8Array {
  return Uint8Array.from([(3 + pages.length) & 0xff, mediumType(medium), WRITE_PROTECTED, 0, ...pages]);
}

function tocAddress(lba: number, msf: boolean): number[] {
  if (!msf) return be(lba, 4);
  const frames = lba + MSF_PREGAP_FRAMES;
  const minutes = Math.floor(frames / (FRAMES_PER_SECOND * SECONDS_PER_MINUTE));
  const seconds = Math.floor(frames / FRAMES_PER_SECOND) % SECONDS_PER_MINUTE;
  return [0, minutes & 0xff, seconds, frames % FRAMES_PER_SECOND];
}

/** READ TOC format 0: one data track from LBA 0 and the lead-out at the end of the image. */
export function tocData(sectors: number, msf: boolean): Uint8Array {
  const track = [0, ADR_CONTROL_DATA_TRACK, 1, 0, ...tocAddress(0, msf)];
  const leadOut = [0, ADR_CONTROL_DATA_TRACK, LEAD_OUT_TRACK, 0, ...tocAddress(sectors, msf)];
  return Uint8Array.from([...be(2 + track.length + leadOut.length, 2), 1, 1, ...track, ...leadOut]);
}

/** READ TOC format 1 (session info): one session whose first track is 1 at LBA 0. */
export function sessionInfoData(msf: boolean): Uint8Array {
  return Uint8Array.from([0, 0x0a, 1, 1, 0, ADR_CONTROL_DATA_TRACK, 1, 0, ...tocAddress(0, msf)]);
}

function feature(code: number, current: boolean, body: readonly number[]): { code: number; bytes: number[] } {
  return { code, bytes: [...be(code, 2), FEATURE_PERSISTENT | (current ? FEATURE_CURRENT : 0), body.length, ...body] };
}

/**
 * GET CONFIGURATION for a CD-ROM drive. `requestType` 0 = all features from `start`, 1 = current ones from
 * `start`, 2 = exactly `start`.
 */
export function configurationData(hasMedium: boolean, requestType: number, start: number): Uint8Array {
  const features = [
    feature(0x0000, true, [...be(PROFILE_CD_ROM, 2), hasMedium ? 1 : 0, 0]),
    feature(0x0001, true, be(PHYSICAL_INTERFACE_ATAPI, 4)),
    feature(0x0002, true, [0, 0, 0, 0]),
    feature(0x0003, true, [TRAY_EJECT_LOCK, 0, 0, 0]),
    feature(0x0010, hasMedium, [...be(2048, 4), ...be(1, 2), 0, 0]),
    feature(0x001e, hasMedium, [0, 0, 0, 0]),
    feature(0x0100, true, []),
    feature(0x0105, true, []),
  ];
  const chosen = features.filter((f) => {
    if (requestType === 2) return f.code === start;
    if (f.code < start) return false;
    return requestType !== 1 || ((f.bytes[2] ?? 0) & FEATURE_CURRENT) !== 0;
  });
  const body = chosen.flatMap((f) => f.bytes);
  return Uint8Array.from([...be(4 + body.length, 4), 0, 0, ...be(hasMedium ? PROFILE_CD_ROM : 0, 2), ...body]);
}

/** GET EVENT STATUS NOTIFICATION (polled): the media class when asked for, else "no event available". */
export function eventStatusData(classRequest: number, hasMedium: boolean, newMedia: boolean): Uint8Array {
  if ((classRequest & EVENT_CLASS_MEDIA_BIT) === 0)
    return Uint8Array.from([0, 2, NO_EVENT_AVAILABLE, EVENT_CLASS_MEDIA_BIT]);
  return Uint8Array.from([
    0,
    6,
    EVENT_CLASS_MEDIA,
    EVENT_CLASS_MEDIA_BIT,
    newMedia ? MEDIA_EVENT_NEW_MEDIA : 0,
    hasMedium ? MEDIA_STATUS_PRESENT : 0,
    0,
    0,
  ]);
}
