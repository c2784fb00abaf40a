// Seeded fuzz/property test of the IDE-R frame parser and the ATAPI responder (issue 9 must-show): 100,000 random,
// truncated and oversized firmware byte streams through FrameReader and 100,000 random commands through the
// responder. Properties: no exception but AmtError('malformed-frame'), a failed reader stays failed, buffered bytes
// stay bounded, valid streams come back message for message; every answer is well formed and inside the image.
// The session-level half (random bytes into a live IDE-R session ending with a clear error) is in
// test/integration/redirect/ider-fuzz-session.test.ts. Seed: IDER_FUZZ_SEED (printed on failure).
import { describe, expect, it } from 'vitest';
import { AmtError } from '../../../../shared/domain';
import {
  AtapiResponder,
  FrameReader,
  firmwareMessageLength,
  SENSE,
  type AtapiCommand,
  type IderDrive,
  type MediumInfo,
} from '../../../../main/redirect/index';
import { seededRandom, type SeededRandom } from '../../../sim/seeded-random';

const SEED = process.env.IDER_FUZZ_SEED ?? 'ider-fuzz-1';
const STREAM_CASES = 100_000;
const COMMAND_CASES = 100_000;
/** The longest firmware message: 0x53 with a u16 length (14 + 65535). */
const MAX_MESSAGE_BYTES = 14 + 0xffff;

/** Firmware→console IDE-R types with their fixed length, or a function of the random body. */
const FIXED: Readonly<Record<number, number>> = {
  0x43: 8,
  0x44: 8,
  0x45: 8,
  0x4b: 8,
  0x46: 9,
  0x49: 13,
  0x4a: 11,
  0x50: 28,
};

function validMessage(rng: SeededRandom): Uint8Array {
  const types = [0x41, 0x43, 0x44, 0x45, 0x46, 0x49, 0x4a, 0x4b, 0x50, 0x50, 0x50, 0x53];
  const type = rng.pick(types);
  let out: Uint8Array;
  if (type === 0x41) {
    const oem = rng.int(0, 20);
    out = new Uint8Array(30 + oem);
    out[29] = oem;
  } else if (type === 0x53) {
    const n = rng.int(0, 600);
    out = new Uint8Array(14 + n);
    out[9] = n & 0xff;
    out[10] = n >> 8;
  } else {
    out = new Uint8Array(FIXED[type] as number);
  }
  for (let i = 1; i < out.length; i++)
    if (!(type === 0x41 && i === 29) && !(type === 0x53 && (i === 9 || i === 10))) out[i] = rng.int(0, 255);
  out[0] = type;
  return out;
}

function randomBytes(rng: SeededRandom, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 255);
  return out;
}

/** A stream of one of five shapes: valid, valid then truncated, garbage, oversized lengths, valid with one byte flipped. */
function stream(rng: SeededRandom): { bytes: Uint8Array; valid: Uint8Array[] | undefined } {
  const messages = Array.from({ length: rng.int(1, 6) }, () => validMessage(rng));
  const joined = Buffer.concat(messages);
  switch (rng.int(0, 4)) {
    case 0:
      return { bytes: joined, valid: messages };
    case 1:
      return { bytes: joined.subarray(0, rng.int(0, joined.length)), valid: undefined };
    case 2:
      return { bytes: randomBytes(rng, rng.int(1, 200)), valid: undefined };
    case 3: {
      // An auth reply or SOL data that announces far more than it carries.
      const big = Uint8Array.of(
        rng.pick([0x14, 0x2a, 0x53]),
        0,
        0,
        0,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
      );
      return { bytes: Buffer.concat([joined, big]), valid: undefined };
    }
    default: {
      const copy = Uint8Array.from(joined);
      const at = rng.int(0, copy.length - 1);
      copy[at] = (copy[at] ?? 0) ^ (1 << rng.int(0, 7));
      return { bytes: copy, valid: undefined };
    }
  }
}

function split(rng: SeededRandom, bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const n = rng.int(1, Math.max(1, Math.min(bytes.length - at, rng.chance(0.5) ? 7 : 4096)));
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  return parts;
}

describe(`IDE-R fuzz (seed ${SEED})`, () => {
  it(`FrameReader: ${STREAM_CASES} random, truncated and oversized streams`, () => {
    const rng = seededRandom(`${SEED}/streams`);
    let failures = 0;
    let validCases = 0;
    for (let c = 0; c < STREAM_CASES; c++) {
      const { bytes, valid } = stream(rng);
      const reader = new FrameReader();
      const got: Uint8Array[] = [];
      let failed: AmtError | undefined;
      for (const part of split(rng, bytes)) {
        try {
          got.push(...reader.push(part));
        } catch (error) {
          if (!(error instanceof AmtError) || error.code !== 'malformed-frame')
            throw new Error(`case ${c}: ${String(error)}`);
          failed = error;
          break;
        }
        if (reader.pendingBytes > MAX_MESSAGE_BYTES)
          throw new Error(`case ${c}: ${reader.pendingBytes} bytes buffered`);
      }
      if (failed) {
        failures++;
        expect(() => reader.push(Uint8Array.of(0x4b))).toThrow(failed.message);
        continue;
      }
      for (const m of got) expect(firmwareMessageLength(m)).toBe(m.length);
      if (valid) {
        validCases++;
        expect(got.length).toBe(valid.length);
        expect(reader.pendingBytes).toBe(0);
        got.forEach((m, i) => expect(Buffer.compare(m, valid[i] as Uint8Array)).toBe(0));
      }
    }
    // The generator must actually reach both outcomes.
    expect(failures).toBeGreaterThan(STREAM_CASES / 10);
    expect(validCases).toBeGreaterThan(STREAM_CASES / 10);
  });

  it(`ATAPI responder: ${COMMAND_CASES} random commands on random media`, () => {
    const rng = seededRandom(`${SEED}/commands`);
    const table = [
      0x00, 0x03, 0x08, 0x0a, 0x12, 0x1a, 0x1b, 0x1e, 0x23, 0x25, 0x28, 0x2a, 0x2e, 0x43, 0x46, 0x4a, 0x55, 0x5a, 0xa8,
      0xaa,
    ];
    const senses = new Set(Object.values(SENSE).map((s) => `${s.key}/${s.asc}/${s.ascq}`));
    const kinds = { status: 0, data: 0, read: 0 };
    let responder = new AtapiResponder({});
    let media: Partial<Record<IderDrive, MediumInfo>> = {};
    for (let c = 0; c < COMMAND_CASES; c++) {
      if (c % 500 === 0) {
        media = {
          ...(rng.chance(0.8)
            ? { floppy: { kind: 'floppy', sizeBytes: 512 * rng.pick([1, 2880, 5760, rng.int(1, 500_000)]) } }
            : {}),
          ...(rng.chance(0.8)
            ? { cd: { kind: 'cd', sizeBytes: 2048 * rng.pick([1, 16, rng.int(1, 4_000_000)]) } }
            : {}),
        } as Partial<Record<IderDrive, MediumInfo>>;
        responder = new AtapiResponder(media);
      }
      const drive: IderDrive = rng.chance(0.5) ? 'floppy' : 'cd';
      const cdb = randomBytes(rng, 12);
      if (rng.chance(0.85)) cdb[0] = rng.pick(table);
      // Reads with small LBAs and counts too, or nearly every read would be out of range.
      if ([0x08, 0x28, 0xa8].includes(cdb[0] as number) && rng.chance(0.6)) {
        cdb.fill(0, 1, 10);
        cdb[cdb[0] === 0x08 ? 3 : 5] = rng.int(0, 255);
        cdb[cdb[0] === 0x08 ? 4 : cdb[0] === 0x28 ? 8 : 9] = rng.int(0, 20);
      }
      const command: AtapiCommand = {
        drive,
        cdb,
        dma: rng.chance(0.5),
        ataCommand: rng.chance(0.97) ? 0xa0 : rng.int(0, 255),
        byteCountLimit: rng.int(0, 0xffff),
      };
      const answer = responder.answer(command);
      kinds[answer.kind]++;
      if (answer.kind === 'status') {
        expect(senses.has(`${answer.sense.key}/${answer.sense.asc}/${answer.sense.ascq}`)).toBe(true);
        if (!table.includes(cdb[0] as number) && command.ataCommand === 0xa0 && cdb[0] !== 0xa8) {
          expect([SENSE.invalidCommand, SENSE.mediumNotPresent, SENSE.mediumMayHaveChanged]).toContainEqual(
            answer.sense,
          );
        }
      } else if (answer.kind === 'data') {
        expect(answer.bytes.length).toBeGreaterThan(0);
        expect(answer.bytes.length).toBeLessThanOrEqual(0xffff);
      } else {
        const medium = media[drive] as MediumInfo;
        const sector = drive === 'cd' ? 2048 : 512;
        expect(answer.offset % sector).toBe(0);
        expect(answer.length).toBe(answer.sectors * sector);
        expect(answer.length).toBeGreaterThan(0);
        expect(answer.offset + answer.length).toBeLessThanOrEqual(medium.sizeBytes);
      }
    }
    expect(kinds.status).toBeGreaterThan(1000);
    expect(kinds.data).toBeGreaterThan(1000);
    expect(kinds.read).toBeGreaterThan(1000);
  });
});
