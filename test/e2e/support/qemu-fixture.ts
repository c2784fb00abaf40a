// Playwright fixture for the helpdesk's diagnostic boot against a real BIOS (issue 9): per worker, simulated AMT
// devices whose hosts are QEMU VMs (SeaBIOS, TCG; `bios: 'qemu'`), the headless host as its own process seeded
// with them, and the diagnostic images built here: the nasm floppy (test/fixtures/diag-floppy) and an El Torito
// CD made of it with xorriso. Everything stops when the worker ends (VMs quit with the fleet).
// Loopback range: 127.134.0.0/16, one /24 per worker.
import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { connectRouterClient, startHostProcess, type HostProcess, type RouterClient } from './host-process';

const ASM = resolve(import.meta.dirname, '../../fixtures/diag-floppy/diag-floppy.asm');
/** What the diagnostic floppy prints (test/fixtures/diag-floppy/README.md). */
export const KNOWN_LINE = 'AMT-DIAG: 17 sectors read and verified - ALL TESTS PASSED';
/** Devices: 0 the floppy story (running into BIOS first), 1 the CD (off), 2 faults. */
export const QEMU_DEVICE_COUNT = 3;

export interface QemuEnv {
  readonly fleet: Fleet;
  readonly host: HostProcess;
  readonly router: RouterClient;
  readonly hostNames: readonly string[];
  readonly clientIds: readonly number[];
  readonly floppy: string;
  readonly iso: string;
  readonly dir: string;
  device(i: number): SimDevice;
}

function buildImages(dir: string): { floppy: string; iso: string } {
  const floppy = join(dir, 'diag.img');
  execFileSync('nasm', ['-f', 'bin', '-o', floppy, ASM]);
  const root = join(dir, 'iso-root');
  mkdirSync(root);
  copyFileSync(floppy, join(root, 'diag.img'));
  writeFileSync(join(root, 'README.TXT'), 'AMT console diagnostic CD\n');
  const iso = join(dir, 'diag.iso');
  execFileSync(
    'xorriso',
    ['-as', 'mkisofs', '-quiet', '-V', 'AMTDIAG', '-b', 'diag.img', '-c', 'boot.cat', '-o', iso, root],
    { stdio: 'ignore' },
  );
  return { floppy, iso };
}

export const test = base.extend<{}, { qemu: QemuEnv }>({
  qemu: [
    async ({}, use, workerInfo) => {
      const dir = mkdtempSync(join(tmpdir(), 'e2e-qemu-'));
      const { floppy, iso } = buildImages(dir);
      const fleet = await startFleet({
        count: QEMU_DEVICE_COUNT,
        baseAddress: `127.134.${workerInfo.parallelIndex}.1`,
        seed: `e2e-qemu-${workerInfo.parallelIndex}`,
        bios: 'qemu',
        timeScale: 0.01,
        initialPowerState: POWER_OFF_SOFT,
        keyPoolSize: 1,
      });
      let host: HostProcess | undefined;
      let router: RouterClient | undefined;
      try {
        host = await startHostProcess();
        router = await connectRouterClient(host);
        await router.call('profiles:set', {
          scope: 'default',
          targetId: null,
          user: 'admin',
          password: DEFAULT_SIM_PASSWORD,
        });
        const clientIds: number[] = [];
        for (const d of fleet.devices) {
          const client = (await router.call('clients:add', {
            hostName: d.hostName,
            ip: d.host,
            amtVersion: d.amtVersion,
            dhcp: true,
          })) as { id: number };
          clientIds.push(client.id);
        }
        await router.call('clients:refresh', { ids: clientIds });
        await use({
          fleet,
          host,
          router,
          hostNames: fleet.devices.map((d) => d.hostName),
          clientIds,
          floppy,
          iso,
          dir,
          device: (i) => fleet.devices[i] as SimDevice,
        });
      } finally {
        await router?.close();
        await host?.stop();
        await fleet.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

export { expect };
