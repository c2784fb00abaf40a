// `amtctl ider` (issue 9) against the simulator's IDE-R firmware side over real sockets. The BUILT command
// (bin/amtctl.mjs): --json events (started, progress, stopped) while the simulated host reads the floppy byte for
// byte, SIGINT stops cleanly; --boot sets the next boot to the redirected CD and powers the host on; a missing,
// an odd-sized and an empty image are refused before anything is sent; a wrong password; a device that drops
// mid-transfer; a device whose IDE-R another console holds (busy); an image that changes size during the transfer;
// usage errors. In-process (runCli with a status-line sink, as a terminal gets): the progress line.
// Loopback range: 127.90.2.0/24.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../../support/spawn-amtctl';

const HOST = '127.90.2.1';
const PASSWORD = 'IderCli-Pass1!';
const POWER_SOFT_OFF = 8;
const POWER_ON = 2;

let fleet: Fleet;
let dir = '';
let floppyPath = '';
let cdPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtctl-ider-'));
  floppyPath = join(dir, 'floppy.img');
  cdPath = join(dir, 'cd.iso');
  const floppy = Buffer.alloc(2880 * 512);
  for (let i = 0; i < floppy.length; i += 4) floppy.writeUInt32LE(Math.imul(i + 7, 2654435761) >>> 0, i);
  writeFileSync(floppyPath, floppy);
  writeFileSync(cdPath, Buffer.alloc(300 * 2048, 0x3c));
  writeFileSync(join(dir, 'odd.img'), Buffer.alloc(1000));
  writeFileSync(join(dir, 'empty.img'), Buffer.alloc(0));
  fleet = await startFleet({ count: 8, singleAddress: HOST, basePort: 0, password: PASSWORD, lockoutInitialMs: 50 });
});
afterAll(async () => {
  killAmtctlChildren();
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
});

type Run = AmtctlRun;

function start(args: string[], password = PASSWORD): Run {
  return spawnAmtctl(args, { XDG_CONFIG_HOME: dir, AMT_PASSWORD: password }, { stdin: 'ignore' });
}

const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;
const iderArgs = (d: SimDevice, ...rest: string[]) => [
  'ider',
  HOST,
  '--port',
  String(d.redirectionPort),
  '--tls-policy',
  'http-only',
  ...rest,
];
const events = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function waitForEvent(
  run: Run,
  type: string,
  match: (e: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = events(run.stdout()).find((e) => e.event === type && match(e));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no '${type}' event; got ${run.stdout().slice(-400)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitUntil(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`${what} did not happen within 5 s`);
}

describe('amtctl ider', () => {
  it('--floppy --json: started, the host reads the image byte for byte, progress, SIGINT -> stopped, exit 0', async () => {
    const d = device(0);
    const run = start(iderArgs(d, '--floppy', floppyPath, '--json'));
    const started = await waitForEvent(run, 'started');
    expect(started).toMatchObject({
      host: HOST,
      drive: 'floppy',
      sizeBytes: 2880 * 512,
      startMode: 'now',
      via: 'http',
    });
    const fw = await d.waitForIder();
    const read = await fw.readSectors('floppy', 100, 36);
    expect(read.good).toBe(true);
    expect(read.data.equals(readFileSync(floppyPath).subarray(100 * 512, 136 * 512))).toBe(true);
    // Progress at most once a second, and the last state of a quiet spell is reported when it ends.
    const progress = await waitForEvent(run, 'progress', (e) => e.sectorsRead === 36);
    expect(progress).toMatchObject({ bytesSent: 36 * 512, lastCommand: expect.stringMatching(/^READ/) });
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(0);
    const stopped = events(r.stdout).find((e) => e.event === 'stopped');
    expect(stopped?.sectorsRead).toBe(36);
    expect(stopped?.bytesSent).toBe(36 * 512);
    await waitUntil('the simulator seeing the session end', () => d.ider() === undefined);
  });

  it('--cd --boot: the next boot is the redirected CD, a powered-off host is powered on, then normal boot again', async () => {
    const d = device(1);
    d.setPowerState(POWER_SOFT_OFF);
    const run = start([
      'ider',
      `${HOST}:${d.httpPort}`,
      '--port',
      String(d.redirectionPort),
      '--tls-policy',
      'http-only',
      '--cd',
      cdPath,
      '--boot',
      '--json',
    ]);
    const boot = await waitForEvent(run, 'boot');
    expect(boot).toMatchObject({ bootTarget: 'ider-cd', powerAction: 'on' });
    const fw = await d.waitForIder();
    expect(await fw.capacity('cd')).toEqual({ sectors: 300, sectorBytes: 2048 });
    await waitUntil('the host coming up', () => d.getPowerState() === POWER_ON);
    expect(d.lastBoot()?.plan.target).toBe('ider-cd');
    expect(d.nextBoot().target).toBe('default'); // one-shot: the boot after is the normal one
    run.child.kill('SIGTERM');
    expect((await run.result).code).toBe(0);
  });

  it('a missing, an odd-sized and an empty image: exit 1 naming the option and the file, nothing sent', async () => {
    const d = device(2);
    const before = d.redirectionStats().sessions;
    const cases: [string, string, RegExp][] = [
      ['--floppy', join(dir, 'nope.img'), /--floppy: .*nope\.img (does not exist|cannot be read|is missing)/],
      ['--floppy', join(dir, 'odd.img'), /--floppy: .*odd\.img .*512/],
      ['--cd', join(dir, 'odd.img'), /--cd: .*odd\.img .*2048/],
      ['--cd', join(dir, 'empty.img'), /--cd: .*empty\.img .*empty/],
    ];
    for (const [option, file, words] of cases) {
      const r = await start(iderArgs(d, option, file)).result;
      expect(r.code, `${option} ${file}`).toBe(1);
      expect(r.stderr).toMatch(words);
    }
    expect(d.redirectionStats().sessions).toBe(before);
  });

  it('a wrong password: exit 1 with the wrong-password words and a JSON error event, the password never printed', async () => {
    const d = device(3);
    const r = await start(iderArgs(d, '--floppy', floppyPath, '--json'), 'Wrong-Pass9!').result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wrong user name or password/);
    expect(events(r.stdout).at(-1)).toMatchObject({ event: 'error', code: 'auth-failed' });
    expect(r.stdout + r.stderr).not.toContain('Wrong-Pass9!');
  });

  it('a device that drops mid-transfer: exit 1 saying it ended the connection; the next run works', async () => {
    const d = device(4);
    d.setFault('iderDropMidTransfer', true);
    const run = start(iderArgs(d, '--cd', cdPath));
    const fw = await d.waitForIder();
    await expect(fw.readSectors('cd', 0, 300)).rejects.toThrow(/dropped/);
    const r = await run.result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`amtctl: ${HOST.replaceAll('.', '\\.')}: .*(closed|ended)`));
    d.setFault('iderDropMidTransfer', false);
    await waitUntil('the simulator seeing the drop', () => d.ider() === undefined);
    const again = start(iderArgs(d, '--cd', cdPath, '--json'));
    await waitForEvent(again, 'started');
    expect((await (await d.waitForIder()).readSectors('cd', 0, 2)).good).toBe(true);
    again.child.kill('SIGINT');
    expect((await again.result).code).toBe(0);
  });

  it('IDE-R held by another console: exit 1 saying so, nothing served; free again after', async () => {
    const d = device(6);
    const holder = start(iderArgs(d, '--floppy', floppyPath, '--json'));
    await waitForEvent(holder, 'started');
    const busyBefore = d.redirectionStats().busyRefusals;
    const r = await start(iderArgs(d, '--cd', cdPath, '--json')).result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/amtctl: 127\.90\.2\.1: Another console holds the IDE-R session of .*; try again when/);
    expect(events(r.stdout).at(-1)).toMatchObject({ event: 'error', code: 'busy' });
    expect(d.redirectionStats().busyRefusals).toBe(busyBefore + 1);
    // The holder is unaffected and still serves its floppy.
    expect((await (await d.waitForIder()).readSectors('floppy', 0, 2, { retryUnitAttention: true })).good).toBe(true);
    holder.child.kill('SIGINT');
    expect((await holder.result).code).toBe(0);
    await waitUntil('the simulator seeing the holder leave', () => d.ider() === undefined);
    const next = start(iderArgs(d, '--cd', cdPath, '--json'));
    await waitForEvent(next, 'started').catch(async (e: unknown) => {
      next.child.kill('SIGINT');
      const rr = await next.result;
      throw new Error(`${String(e)} / ${rr.code} ${rr.stderr}`);
    });
    next.child.kill('SIGINT');
    expect((await next.result).code).toBe(0);
  });

  it('an image that changes size during the transfer: exit 1 naming the file and both sizes', async () => {
    const d = device(7);
    const path = join(dir, 'changing.img');
    writeFileSync(path, Buffer.alloc(2880 * 512, 0x61));
    const run = start(iderArgs(d, '--floppy', path, '--json'));
    await waitForEvent(run, 'started');
    const fw = await d.waitForIder();
    expect((await fw.readSectors('floppy', 0, 8, { retryUnitAttention: true })).good).toBe(true);
    appendFileSync(path, Buffer.alloc(512));
    const changed = await fw.readSectors('floppy', 8, 8, { retryUnitAttention: false });
    expect(changed.sense).toEqual([0x06, 0x28, 0x00]); // unit attention: medium may have changed
    const r = await run.result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/changing\.img/);
    expect(r.stderr).toContain(`${2880 * 512} bytes when it was opened, ${2880 * 512 + 512} now`);
    expect(events(r.stdout).at(-1)).toMatchObject({ event: 'error' });
  });

  it('usage errors exit 2: no image, two images, two hosts, a bad --start', async () => {
    for (const args of [
      ['ider', HOST],
      ['ider', HOST, '--floppy', floppyPath, '--cd', cdPath],
      ['ider', HOST, 'other', '--floppy', floppyPath],
      ['ider', HOST, '--floppy', floppyPath, '--start', 'later'],
      ['ider', HOST, '--floppy', ''],
    ]) {
      const r = await start(args).result;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/ider|--start|--floppy/);
    }
  });

  it('on a terminal: a progress line with bytes, sectors/s and the last command, cleared at the end', async () => {
    const d = device(5);
    const lines: string[] = [];
    let stop: (why: string) => void = () => undefined;
    const stopped = new Promise<string>((r) => (stop = r));
    const io = {
      ...recordingCliIo({ AMT_PASSWORD: PASSWORD }, 'no prompt in tests'),
      statusLine: (t: string) => lines.push(t),
      stopSignal: () => stopped,
    };
    const done = runCli(iderArgs(d, '--floppy', floppyPath, '--start', 'graceful'), io);
    const fw = await d.waitForIder();
    expect((await fw.readSectors('floppy', 0, 18)).good).toBe(true);
    await waitUntil('a progress line', () => lines.some((l) => l.includes('sectors')));
    stop('SIGINT');
    expect(await done).toBe(0);
    expect(lines.find((l) => l.includes('sectors'))).toMatch(
      /IDE-R 127\.90\.2\.1: .* sent, \d+ sectors \(\d+\/s\), last READ/,
    );
    expect(lines.at(-1)).toBe('');
    expect(io.stderr.join('\n')).toMatch(/start graceful/);
    expect(io.stderr.join('\n')).toMatch(/stopped: .*18 sectors/);
  });
});
