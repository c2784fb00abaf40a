// main/redirect IDE-R against the simulator's firmware side over real sockets (amt-protocols.md §3.4–3.6): the host
// reads the floppy and the CD image through the console, byte for byte; start modes, chunking by the announced read
// buffer, bus reset, pings, clean stop; faults: drop mid-transfer, busy, wrong password, an image that changes size,
// and IPv6 (::1). Loopback range: 127.90.0.0/16.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore, pinKey } from '../../../main/amt/index';
import {
  DiskImage,
  openRedirectionSession,
  openRedirectionWithPolicy,
  startIder,
  type IderChannel,
  type IderOptions,
  type IderProgress,
  type StateChange,
} from '../../../main/redirect/index';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { expectAmtError } from '../../support/expect-amt-error';

const HOST = '127.90.0.1';
const PASSWORD = 'IderTest-Pass1!';
const FLOPPY_BYTES = 2880 * 512;
const CD_BYTES = 600 * 2048;

let fleet: Fleet;
let dir: string;
let floppyPath: string;
let cdPath: string;

/** Deterministic, position-dependent bytes: a misplaced chunk changes the hash. */
function patterned(length: number, salt: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 4) out.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ salt) >>> 0, i);
  return out;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ider-sim-'));
  floppyPath = join(dir, 'floppy.img');
  cdPath = join(dir, 'cd.iso');
  writeFileSync(floppyPath, patterned(FLOPPY_BYTES, 0x1234));
  writeFileSync(cdPath, patterned(CD_BYTES, 0xabcd));
  fleet = await startFleet({ count: 8, singleAddress: HOST, basePort: 0, password: PASSWORD, lockoutInitialMs: 50 });
});
afterAll(async () => {
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
});

function device(i: number): SimDevice {
  return fleet.devices[i] as SimDevice;
}

function connect(d: SimDevice, password = PASSWORD, onStateChange?: (c: StateChange) => void, host = HOST) {
  return openRedirectionSession({
    host,
    port: d.redirectionPort,
    tls: false,
    kind: 'ider',
    credentials: { user: 'admin', password },
    replyTimeoutMs: 2000,
    onStateChange,
  });
}

async function attach(
  d: SimDevice,
  media: { floppy?: boolean; cd?: boolean },
  extra: Partial<IderOptions> = {},
): Promise<IderChannel> {
  const session = await connect(d);
  return startIder(
    session,
    {
      ...(media.floppy ? { floppy: await DiskImage.open(floppyPath, 'floppy') } : {}),
      ...(media.cd ? { cd: await DiskImage.open(cdPath, 'cd') } : {}),
    },
    { startMode: 'now', replyTimeoutMs: 2000, ...extra },
  );
}

describe('IDE-R against the simulated firmware', () => {
  it('serves the whole floppy and CD to the host byte for byte, chunked by the read buffer, then stops cleanly', async () => {
    const d = device(0);
    const states: string[] = [];
    const session = await connect(d, PASSWORD, (c) => states.push(c.to));
    const progress: IderProgress[] = [];
    const channel = await startIder(
      session,
      { floppy: await DiskImage.open(floppyPath, 'floppy'), cd: await DiskImage.open(cdPath, 'cd') },
      { startMode: 'now', replyTimeoutMs: 2000, onProgress: (p) => progress.push(p) },
    );
    const fw = await d.waitForIder();
    expect(fw.startMode).toBe('now');
    expect(fw.settings.heartbeatMs).toBe(5000);

    // A fresh medium reports UNIT ATTENTION once, then is ready.
    const first = await fw.command('floppy', [0x00]);
    expect(first.sense).toEqual([0x06, 0x28, 0x00]);
    expect((await fw.command('floppy', [0x00])).good).toBe(true);
    expect(await fw.capacity('floppy')).toEqual({ sectors: 2880, sectorBytes: 512 });
    expect(await fw.capacity('cd')).toEqual({ sectors: 600, sectorBytes: 2048 });

    // The whole floppy in READ(10)s of 72 sectors (36 KiB: five chunks of at most 8192 bytes each).
    const parts: Buffer[] = [];
    for (let lba = 0; lba < 2880; lba += 72) {
      const r = await fw.readSectors('floppy', lba, 72);
      expect(r.good).toBe(true);
      expect(r.largestChunk).toBeLessThanOrEqual(8192);
      expect(r.chunks).toBe(5);
      parts.push(r.data);
    }
    expect(sha(Buffer.concat(parts))).toBe(sha(patterned(FLOPPY_BYTES, 0x1234)));
    const cd = await fw.readSectors('cd', 0, 600, { dma: true });
    expect(cd.good).toBe(true);
    expect(sha(cd.data)).toBe(sha(patterned(CD_BYTES, 0xabcd)));

    const last = progress.at(-1) as IderProgress;
    expect(last.bytesSent).toBe(FLOPPY_BYTES + CD_BYTES);
    expect(last.sectorsRead).toBe(2880 + 600);
    expect(last.lastCommand).toBe('READ(10) cd LBA 0 × 600');
    expect(last.sectorsPerSecond).toBeGreaterThan(0);

    await channel.stop();
    expect(await channel.closed).toBeUndefined();
    expect(fw.closed).toBe(true);
    expect(states).toEqual([
      'connecting',
      'starting',
      'auth-query',
      'auth-digest',
      'authenticated',
      'ider-starting',
      'ider-active',
      'ider-ending',
      'closing',
      'closed',
    ]);
  });

  it('refuses writes as write-protected, unknown opcodes as ILLEGAL REQUEST, and reads past the end as LBA out of range', async () => {
    const d = device(1);
    const channel = await attach(d, { floppy: true });
    const fw = await d.waitForIder();
    await fw.command('floppy', [0x00]);
    expect((await fw.command('floppy', [0x2a, 0, 0, 0, 0, 0, 0, 0, 1])).sense).toEqual([0x07, 0x27, 0x00]);
    expect((await fw.command('floppy', [0xe7])).sense).toEqual([0x05, 0x20, 0x00]);
    expect((await fw.readSectors('floppy', 2879, 2)).sense).toEqual([0x05, 0x21, 0x00]);
    expect((await fw.command('cd', [0x00])).sense).toEqual([0x02, 0x3a, 0x00]); // no CD attached
    const sense = await fw.command('floppy', [0x03, 0, 0, 0, 18]);
    expect(sense.good).toBe(true);
    // REQUEST SENSE on the floppy reports its own last CHECK CONDITION: the read past the end.
    expect([sense.data[2], sense.data[12], sense.data[13]]).toEqual([0x05, 0x21, 0x00]);
    await channel.stop();
  });

  it('answers a bus reset after the transfer in flight, and the firmware ping with a pong', async () => {
    const d = device(2);
    const events: string[] = [];
    const channel = await attach(d, { cd: true }, { onEvent: (e) => events.push(e.type) });
    const fw = await d.waitForIder();
    await fw.command('cd', [0x00]);
    const reset = fw.busResetDuringNextRead(2);
    // The read is rejected by the reset before the console's 0x47 arrives: hold its expectation from the start
    // so the rejection is never unhandled.
    const readAborted = expect(fw.readSectors('cd', 0, 600)).rejects.toThrow('aborted by a bus reset');
    await reset;
    await readAborted;
    expect(events).toEqual(['reset']);
    fw.ping();
    // Bounded wait for the pong.
    for (let i = 0; i < 100 && fw.stats.pongs === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fw.stats.pongs).toBe(1);
    expect((await fw.readSectors('cd', 1, 1)).data).toEqual(patterned(CD_BYTES, 0xabcd).subarray(2048, 4096));
    await channel.stop();
  });

  it('honours a smaller read buffer announced by the firmware', async () => {
    const d = device(3);
    d.setIderReadBuffer(2048);
    const channel = await attach(d, { floppy: true });
    const fw = await d.waitForIder();
    const r = await fw.readSectors('floppy', 0, 16);
    expect(r.largestChunk).toBe(2048);
    expect(r.chunks).toBe(4);
    await channel.stop();
    d.setIderReadBuffer(undefined);
  });
});

describe('IDE-R over TLS', () => {
  it('opens on the TLS redirection port first with the WS-Man pin and serves the CD there', async () => {
    const d = device(0);
    const pins = new MemoryPinStore();
    pins.set(pinKey(d.host, d.tlsPort), d.certificateFingerprint().toLowerCase() as never);
    const before = d.stats.redirectionConnections;
    const session = await openRedirectionWithPolicy({
      host: HOST,
      kind: 'ider',
      plainPort: d.redirectionPort,
      tlsPort: d.redirectionTlsPort,
      tlsPolicy: 'tls-then-http',
      credentials: { user: 'admin', password: PASSWORD },
      pins,
      pinTlsPort: d.tlsPort,
      timeoutMs: 3000,
    });
    expect(session.where).toBe(`${HOST}:${d.redirectionTlsPort}`);
    const channel = await startIder(
      session,
      { cd: await DiskImage.open(cdPath, 'cd') },
      { startMode: 'graceful', replyTimeoutMs: 2000 },
    );
    const fw = await d.waitForIder();
    expect(fw.startMode).toBe('graceful');
    const r = await fw.readSectors('cd', 0, 600);
    expect(sha(r.data)).toBe(sha(patterned(CD_BYTES, 0xabcd)));
    await channel.stop();
    expect(d.stats.redirectionConnections).toBe(before); // the plain port was never used
  });
});

describe('IDE-R faults', () => {
  it('a device that drops mid-transfer ends the session with connection-closed naming the device', async () => {
    const d = device(4);
    d.setFault('iderDropMidTransfer', true);
    const channel = await attach(d, { cd: true });
    const fw = await d.waitForIder();
    await expect(fw.readSectors('cd', 0, 600)).rejects.toThrow(/dropped/);
    const error = await channel.closed;
    expect(error?.code).toBe('connection-closed');
    expect(error?.message).toContain(`${HOST}:${d.redirectionPort}`);
    d.setFault('iderDropMidTransfer', false);
    // The console is still usable: a new session on the same device works.
    const again = await attach(d, { cd: true });
    const fw2 = await d.waitForIder();
    expect((await fw2.readSectors('cd', 0, 4)).good).toBe(true);
    await again.stop();
  });

  it('a second IDE-R session while one is open is busy; SOL beside it still works', async () => {
    const d = device(5);
    const channel = await attach(d, { floppy: true });
    const error = await expectAmtError(connect(d));
    expect(error.code).toBe('busy');
    expect(error.message).toContain('IDE-R session');
    const sol = await openRedirectionSession({
      host: HOST,
      port: d.redirectionPort,
      tls: false,
      credentials: { user: 'admin', password: PASSWORD },
      replyTimeoutMs: 2000,
    });
    expect(sol.state).toBe('authenticated');
    sol.close();
    await channel.stop();
  });

  it('a wrong password is auth-failed, tried once, never echoed', async () => {
    const d = device(6);
    const before = d.redirectionStats().authFailures;
    const error = await expectAmtError(connect(d, 'Wrong-Pass1!'), 'Wrong-Pass1!');
    expect(error.code).toBe('auth-failed');
    expect(d.redirectionStats().authFailures).toBe(before + 1);
  });

  it('an image that changes size during the transfer stops IDE-R with an error naming the file and both sizes', async () => {
    const d = device(7);
    const path = join(dir, 'changing.img');
    writeFileSync(path, patterned(FLOPPY_BYTES, 7));
    const session = await connect(d);
    const channel = await startIder(
      session,
      { floppy: await DiskImage.open(path, 'floppy') },
      { startMode: 'now', replyTimeoutMs: 2000 },
    );
    const fw = await d.waitForIder();
    expect((await fw.readSectors('floppy', 0, 8)).good).toBe(true);
    appendFileSync(path, Buffer.alloc(512));
    const r = await fw.readSectors('floppy', 8, 8, { retryUnitAttention: false });
    expect(r.sense).toEqual([0x06, 0x28, 0x00]);
    const error = await channel.closed;
    expect(error?.code).toBe('bad-input');
    expect(error?.message).toContain(path);
    expect(error?.message).toContain(`${FLOPPY_BYTES} bytes when it was opened, ${FLOPPY_BYTES + 512} now`);
    truncateSync(path, FLOPPY_BYTES);
  });

  it('refuses a missing, odd-sized or empty image before connecting, naming the field', async () => {
    const odd = join(dir, 'odd.img');
    writeFileSync(odd, Buffer.alloc(1000));
    const empty = join(dir, 'empty.img');
    writeFileSync(empty, Buffer.alloc(0));
    expect((await expectAmtError(DiskImage.open(join(dir, 'nope.img'), 'floppy', '--floppy'))).message).toBe(
      `--floppy: ${join(dir, 'nope.img')} does not exist.`,
    );
    expect((await expectAmtError(DiskImage.open(odd, 'cd', '--cd'))).message).toBe(
      `--cd: ${odd} is 1000 bytes, not a whole number of 2048-byte sectors.`,
    );
    expect((await expectAmtError(DiskImage.open(empty, 'floppy'))).message).toContain('is empty');
    expect((await expectAmtError(DiskImage.open(dir, 'floppy'))).message).toContain('not a regular file');
  });
});

describe('IDE-R over IPv6', () => {
  it('serves the floppy to a device on ::1', async () => {
    const v6 = await startFleet({ count: 1, singleAddress: '::1', basePort: 0, password: PASSWORD });
    try {
      const d = v6.devices[0] as SimDevice;
      const session = await connect(d, PASSWORD, undefined, '::1');
      const channel = await startIder(
        session,
        { floppy: await DiskImage.open(floppyPath, 'floppy') },
        { startMode: 'reboot', replyTimeoutMs: 2000 },
      );
      const fw = await d.waitForIder();
      expect(fw.startMode).toBe('reboot');
      const r = await fw.readSectors('floppy', 0, 18);
      expect(r.data).toEqual(patterned(FLOPPY_BYTES, 0x1234).subarray(0, 18 * 512));
      expect(channel.where).toBe(`[::1]:${d.redirectionPort}`);
      await channel.stop();
    } finally {
      await v6.close();
    }
  });
});
