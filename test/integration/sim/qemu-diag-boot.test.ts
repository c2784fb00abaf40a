// The QEMU backend of the simulator (issue 9): a simulated device whose host is a QEMU VM (SeaBIOS, TCG). The
// console's own code (main/amt bootTo, main/redirect IDE-R and SOL) boots a diagnostic floppy built here with nasm
// (test/fixtures/diag-floppy) over IDE-R: the VM's floppy reads go through the simulator's NBD export to the
// simulator's IDE-R firmware side and so to the console's image file; the floppy's known line, the SeaBIOS banner
// and its boot menu arrive over SOL from the VM's COM1; keys typed over SOL reach SeaBIOS. Normal boot afterwards.
// Loopback range: 127.90.3.0/24 (the VM itself has no network; its consoles are Unix sockets in a temp folder).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore, WsmanClient, bootTo, createWsmanTransport, requestPowerAction } from '../../../main/amt/index';
import {
  DiskImage,
  openRedirectionSession,
  startIder,
  startSol,
  type IderChannel,
  type SolChannel,
} from '../../../main/redirect/index';
import { POWER_ON, startFleet, type Fleet, type SimDevice } from '../../sim/index';

const HOST = '127.90.3.1';
const PASSWORD = 'QemuDiag-Pass1!';
const ASM = resolve(import.meta.dirname, '../../fixtures/diag-floppy/diag-floppy.asm');
const KNOWN_LINE = 'AMT-DIAG: 17 sectors read and verified - ALL TESTS PASSED';
/** TCG boots SeaBIOS and a boot sector in a few seconds here; the bound is generous for a loaded CI machine. */
const BOOT_LIMIT_MS = 60_000;
const SECTORS_CHECKED = 18;

let fleet: Fleet;
let dir = '';
let floppy = '';
let iso = '';
let d: SimDevice;
const credentials = { user: 'admin', password: PASSWORD };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qemu-diag-'));
  floppy = join(dir, 'diag.img');
  execFileSync('nasm', ['-f', 'bin', '-o', floppy, ASM]);
  // The CD: an ISO 9660 image with the floppy as its El Torito boot image (1.44 MB floppy emulation).
  const root = join(dir, 'iso-root');
  mkdirSync(root);
  copyFileSync(floppy, join(root, 'diag.img'));
  writeFileSync(join(root, 'README.TXT'), 'AMT console diagnostic CD\n');
  iso = join(dir, 'diag.iso');
  execFileSync(
    'xorriso',
    ['-as', 'mkisofs', '-quiet', '-V', 'AMTDIAG', '-b', 'diag.img', '-c', 'boot.cat', '-o', iso, root],
    { stdio: 'ignore' },
  );
  fleet = await startFleet({
    count: 1,
    singleAddress: HOST,
    basePort: 0,
    password: PASSWORD,
    bios: 'qemu',
    initialPowerState: 8,
    timeScale: 0.01,
  });
  d = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

function wsman(): WsmanClient {
  return new WsmanClient(
    createWsmanTransport({
      endpoint: { host: HOST, httpPort: d.httpPort, tlsPort: d.tlsPort },
      credentials,
      tlsPolicy: 'http-only',
      pins: new MemoryPinStore(),
      connectTimeoutMs: 3000,
      readTimeoutMs: 5000,
    }),
  );
}

class Screen {
  text = '';
  onData = (bytes: Uint8Array): void => {
    this.text += Buffer.from(bytes).toString('latin1');
  };
  async waitFor(needle: string, limitMs = BOOT_LIMIT_MS): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!this.text.includes(needle)) {
      if (Date.now() > deadline) {
        throw new Error(
          `"${needle}" never came over SOL; got ${JSON.stringify(this.text.slice(-600))}; QEMU: ${d.qemu?.qemuLog ?? ''} ${d.qemuError()?.message ?? ''}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function openSol(screen: Screen): Promise<SolChannel> {
  const session = await openRedirectionSession({
    host: HOST,
    port: d.redirectionPort,
    tls: false,
    credentials,
    replyTimeoutMs: 3000,
  });
  return startSol(session, { onData: screen.onData });
}

describe('QEMU backend: diagnostic boot over IDE-R, seen over SOL', () => {
  it(
    'boot floppy: SeaBIOS banner, "Booting from Floppy", the diagnostic line over SOL; normal boot order after',
    async () => {
      const screen = new Screen();
      const sol = await openSol(screen);
      const iderSession = await openRedirectionSession({
        host: HOST,
        port: d.redirectionPort,
        tls: false,
        kind: 'ider',
        credentials,
        replyTimeoutMs: 3000,
      });
      const ider: IderChannel = await startIder(
        iderSession,
        { floppy: await DiskImage.open(floppy, 'floppy') },
        { startMode: 'now' },
      );
      await d.waitForIder();
      const started = Date.now();
      const result = await bootTo(wsman(), 'ider-floppy');
      expect(result.powerAction).toBe('on');
      await screen.waitFor('SeaBIOS');
      await screen.waitFor('Booting from Floppy');
      await screen.waitFor(KNOWN_LINE);
      console.log(`QEMU backend: "boot floppy" to the diagnostic line over SOL in ${Date.now() - started} ms`);
      expect(screen.text).not.toContain('FAILED');
      expect(d.lastBoot()?.plan.target).toBe('ider-floppy');
      expect(d.nextBoot().target).toBe('default'); // one-shot: the next boot is the normal one
      expect(ider.progress.sectorsRead).toBeGreaterThanOrEqual(SECTORS_CHECKED);
      expect(d.qemu?.nbdStats?.reads ?? 0).toBeGreaterThan(0);
      await ider.stop();
      await sol.end();
    },
    BOOT_LIMIT_MS * 2,
  );

  it(
    'boot CD: an El Torito ISO (built with xorriso) over IDE-R, the same diagnostic line over SOL',
    async () => {
      const screen = new Screen();
      const sol = await openSol(screen);
      const iderSession = await openRedirectionSession({
        host: HOST,
        port: d.redirectionPort,
        tls: false,
        kind: 'ider',
        credentials,
        replyTimeoutMs: 3000,
      });
      const ider = await startIder(iderSession, { cd: await DiskImage.open(iso, 'cd') }, { startMode: 'now' });
      await d.waitForIder();
      const started = Date.now();
      const result = await bootTo(wsman(), 'ider-cd'); // on: a reset into a fresh VM with the CD first
      expect(result.target).toBe('ider-cd');
      await screen.waitFor('Booting from DVD/CD');
      await screen.waitFor(KNOWN_LINE);
      console.log(`QEMU backend: "boot CD" to the diagnostic line over SOL in ${Date.now() - started} ms`);
      expect(screen.text).not.toContain('FAILED');
      expect(d.lastBoot()?.plan.target).toBe('ider-cd');
      expect(d.nextBoot().target).toBe('default');
      expect(ider.progress.lastCommand).toMatch(/READ/);
      await ider.stop();
      await sol.end();
    },
    BOOT_LIMIT_MS * 2,
  );

  it(
    'keys typed over SOL reach SeaBIOS: ESC opens its boot menu; power off quits the VM',
    async () => {
      const screen = new Screen();
      const sol = await openSol(screen);
      const result = await bootTo(wsman(), 'bios'); // on: a reset, with a long "Press ESC" window
      expect(result.powerAction).toBe('reset');
      await screen.waitFor('Press ESC for boot menu');
      sol.send(Uint8Array.of(0x1b));
      await screen.waitFor('Select boot device');
      await sol.end();
      expect(await requestPowerAction(wsman(), 'off')).toBeDefined();
      for (let i = 0; i < 200 && d.getPowerState() === POWER_ON; i++) await new Promise((r) => setTimeout(r, 25));
      await d.qemuSettled();
      expect(d.qemu?.running).toBe(false);
    },
    BOOT_LIMIT_MS * 2,
  );
});
