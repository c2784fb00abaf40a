// The QEMU backend of a simulated device (issue 9, `--bios qemu`): the device's host is a QEMU VM (Debian's
// qemu-system-x86, SeaBIOS, TCG: no KVM needed). SOL is the VM's serial console (COM1, with SeaBIOS's serial
// console so the BIOS banner and boot menu show on it); IDE-R sectors reach the VM's floppy/CD drive through an NBD
// export whose reads the simulator's IDE-R firmware side asks the console for; AMT power actions map to the VM's
// life: a boot (power-on, reset, cycle) starts a fresh VM with the drives and boot order of AMT's boot setting,
// off quits it, graceful off is an ACPI power button press over QMP. Unix sockets in a private folder only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BootTarget } from './boot-configuration';
import type { IderFirmware, SimDrive } from './ider-firmware';
import { NbdExport } from './nbd-export';

export const QEMU_BINARY = 'qemu-system-x86_64';
const SERCON_PORT_COM1 = Buffer.of(0xf8, 0x03); // SeaBIOS reads etc/sercon-port as a little-endian integer
const VM_MEMORY_MB = 32;
/** Sectors per IDE-R read when QEMU asks for more (READ(10) counts are 16-bit; smaller keeps replies prompt). */
const MAX_SECTORS_PER_READ = 64;
const SECTOR_BYTES: Record<SimDrive, number> = { floppy: 512, cd: 2048 };
const SPLASH_MS = 1500;
const BIOS_SETUP_SPLASH_MS = 30_000;
const SOCKET_WAIT_MS = 10_000;
const QUIT_WAIT_MS = 3000;

export interface SerialAttachment {
  /** Keys from the console (SOL data to host) to the VM's COM1. */
  input(bytes: Buffer): void;
  detach(): void;
}

export interface QemuHostOptions {
  /** The device's IDE-R firmware side at the time of a boot (undefined: no IDE-R session). */
  readonly ider: () => IderFirmware | undefined;
  /** What QEMU prints on stderr, for a test's failure message. */
  readonly onLog?: (text: string) => void;
}

export class QemuHost {
  private readonly dir = mkdtempSync(join(tmpdir(), 'amt-sim-qemu-'));
  private vm: ChildProcess | undefined;
  private serial: net.Socket | undefined;
  private nbd: NbdExport | undefined;
  private readonly listeners = new Set<(bytes: Buffer) => void>();
  private generation = 0;
  private log = '';
  readonly stats = { boots: 0, serialBytes: 0 };

  constructor(private readonly options: QemuHostOptions) {
    writeFileSync(join(this.dir, 'sercon-port'), SERCON_PORT_COM1);
  }

  get running(): boolean {
    return this.vm !== undefined && this.vm.exitCode === null;
  }

  get qemuLog(): string {
    return this.log;
  }

  get nbdStats(): NbdExport['stats'] | undefined {
    return this.nbd?.stats;
  }

  /** SOL's view of the serial console: output of whichever VM runs now, keys to it. */
  attachSerial(output: (bytes: Buffer) => void): SerialAttachment {
    this.listeners.add(output);
    return {
      input: (bytes) => void this.serial?.write(bytes),
      detach: () => void this.listeners.delete(output),
    };
  }

  /** A POST: a fresh VM booting `target` (AMT's one-shot boot setting, already consumed). */
  async boot(target: BootTarget): Promise<void> {
    await this.powerOff();
    const generation = ++this.generation;
    const args = [
      '-machine',
      'pc,accel=tcg',
      '-m',
      String(VM_MEMORY_MB),
      '-display',
      'none',
      '-vga',
      'std',
      '-net',
      'none',
    ];
    // -S: the VM starts paused and runs only once COM1 is connected below, so no byte of POST is lost (a chardev
    // socket server drops what the guest writes before its client connects; on a loaded machine that was the banner).
    args.push('-S', '-monitor', 'none', '-no-reboot', '-no-shutdown');
    args.push('-fw_cfg', `name=etc/sercon-port,file=${join(this.dir, 'sercon-port')}`);
    const serialPath = join(this.dir, 'serial.sock');
    const qmpPath = join(this.dir, 'qmp.sock');
    args.push('-chardev', `socket,id=com1,path=${serialPath},server=on,wait=off`, '-serial', 'chardev:com1');
    args.push('-qmp', `unix:${qmpPath},server=on,wait=off`);
    const drive: SimDrive | undefined = target === 'ider-floppy' ? 'floppy' : target === 'ider-cd' ? 'cd' : undefined;
    const firmware = drive ? this.options.ider() : undefined;
    if (drive && firmware) {
      const { sectors, sectorBytes } = await firmware.capacity(drive);
      const nbdPath = join(this.dir, 'ider.nbd');
      rmSync(nbdPath, { force: true });
      this.nbd = await NbdExport.listen({
        path: nbdPath,
        sizeBytes: sectors * sectorBytes,
        read: (o, n) => readThroughIder(this.options.ider, drive, o, n),
      });
      const file = `nbd:unix:${nbdPath}`;
      args.push(
        '-drive',
        drive === 'floppy'
          ? `file=${file},if=floppy,format=raw,readonly=on`
          : `file=${file},if=ide,index=2,media=cdrom,format=raw`,
      );
    }
    // No IDE-R session (or no drive asked): the VM boots its normal order and finds nothing to boot, like a dead PC.
    // "Press ESC for boot menu" stays up for the splash time: long when AMT asked for the BIOS, short otherwise.
    const order = drive === 'floppy' ? 'a' : drive === 'cd' ? 'd' : 'c';
    args.push(
      '-boot',
      `order=${order},menu=on,splash-time=${target === 'bios-setup' ? BIOS_SETUP_SPLASH_MS : SPLASH_MS}`,
    );
    const vm = spawn(QEMU_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.vm = vm;
    this.stats.boots += 1;
    vm.stderr?.setEncoding('utf8').on('data', (t: string) => {
      this.log += t;
      this.options.onLog?.(t);
    });
    vm.once('exit', () => {
      if (this.vm === vm) this.vm = undefined;
    });
    this.serial = await connectWhenReady(serialPath, () => generation !== this.generation || vm.exitCode !== null);
    this.serial.on('data', (bytes: Buffer) => {
      this.stats.serialBytes += bytes.length;
      for (const l of this.listeners) l(bytes);
    });
    this.serial.on('error', () => undefined);
    await qmp(qmpPath, 'cont');
  }

  /** ACPI power button (AMT graceful off): the guest decides; a BIOS-only guest ignores it. */
  async gracefulOff(): Promise<void> {
    if (!this.running) return;
    await qmp(join(this.dir, 'qmp.sock'), 'system_powerdown').catch(() => undefined);
  }

  /** Power off at once: the VM quits. */
  async powerOff(): Promise<void> {
    const vm = this.vm;
    this.generation += 1;
    this.serial?.destroy();
    this.serial = undefined;
    if (vm && vm.exitCode === null) {
      const exited = new Promise<void>((resolve) => vm.once('exit', () => resolve()));
      await qmp(join(this.dir, 'qmp.sock'), 'quit').catch(() => vm.kill('SIGKILL'));
      const timer = setTimeout(() => vm.kill('SIGKILL'), QUIT_WAIT_MS);
      await exited;
      clearTimeout(timer);
    }
    this.vm = undefined;
    await this.nbd?.close();
    this.nbd = undefined;
  }

  async close(): Promise<void> {
    await this.powerOff();
    this.listeners.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An NBD read as IDE-R READ(10)s of whole sectors, at most MAX_SECTORS_PER_READ each. */
async function readThroughIder(
  ider: () => IderFirmware | undefined,
  drive: SimDrive,
  offset: number,
  length: number,
): Promise<Buffer> {
  const sector = SECTOR_BYTES[drive];
  const first = Math.floor(offset / sector);
  const end = Math.ceil((offset + length) / sector);
  const parts: Buffer[] = [];
  for (let lba = first; lba < end; lba += MAX_SECTORS_PER_READ) {
    const firmware = ider();
    if (!firmware) throw new Error('the IDE-R session ended');
    const result = await firmware.readSectors(drive, lba, Math.min(MAX_SECTORS_PER_READ, end - lba), {
      retryUnitAttention: true,
    });
    if (!result.good) throw new Error(`IDE-R read at LBA ${lba} failed (sense ${result.sense.join('/')})`);
    parts.push(result.data);
  }
  const all = Buffer.concat(parts);
  const skip = offset - first * sector;
  return all.subarray(skip, skip + length);
}

async function connectWhenReady(path: string, gone: () => boolean): Promise<net.Socket> {
  const deadline = Date.now() + SOCKET_WAIT_MS;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(path, () => resolve(s));
        s.once('error', reject);
      });
    } catch (error) {
      if (gone() || Date.now() > deadline)
        throw new Error(`QEMU's socket ${path} never opened (${(error as Error).message})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** One QMP command: greeting, qmp_capabilities, the command, its return. */
async function qmp(path: string, command: string): Promise<void> {
  const socket = await connectWhenReady(path, () => false);
  await new Promise<void>((resolve, reject) => {
    let text = '';
    let sent = false;
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`QMP ${command} got no answer`))), QUIT_WAIT_MS);
    socket.setEncoding('utf8').on('data', (t: string) => {
      text += t;
      if (text.includes('"QMP"') && !sent) {
        sent = true;
        socket.write(`${JSON.stringify({ execute: 'qmp_capabilities' })}\n${JSON.stringify({ execute: command })}\n`);
      }
      if ((text.match(/"return"/g) ?? []).length >= 2 || (command === 'quit' && text.includes('"return"'))) {
        clearTimeout(timer);
        socket.end();
        resolve();
      }
    });
    socket.once('close', () => (clearTimeout(timer), resolve()));
    socket.once('error', (e) => (clearTimeout(timer), reject(e)));
  });
}
