// The helpdesk path from a terminal, all through the BUILT amtctl: `amtctl sim --bios qemu` (a device whose host is
// a QEMU VM), `amtctl sol HOST --expect LINE` watching its console, and `amtctl ider HOST --floppy IMG --boot`
// serving the nasm-built diagnostic floppy (test/fixtures/diag-floppy) and booting the VM from it. The known line
// must come over SOL. Loopback range: 127.90.4.0/24 (the simulator's standard ports on its own address).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../../support/spawn-amtctl';

const HOST = '127.90.4.1';
const ASM = resolve(import.meta.dirname, '../../fixtures/diag-floppy/diag-floppy.asm');
const KNOWN_LINE = 'AMT-DIAG: 17 sectors read and verified - ALL TESTS PASSED';
const LIMIT_MS = 90_000;

let dir = '';
let floppy = '';
let sim: AmtctlRun;
let password = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtctl-sim-qemu-'));
  floppy = join(dir, 'diag.img');
  execFileSync('nasm', ['-f', 'bin', '-o', floppy, ASM]);
  sim = spawnAmtctl(
    [
      'sim',
      '--count',
      '1',
      '--base-address',
      HOST,
      '--bios',
      'qemu',
      '--initial-power',
      'soft-off',
      '--time-scale',
      '0.01',
      '--json',
    ],
    { XDG_CONFIG_HOME: dir },
    { stdin: 'ignore', limitMs: LIMIT_MS * 2 },
  );
  const deadline = Date.now() + 15_000;
  while (!sim.stdout().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`amtctl sim printed nothing: ${sim.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  password = (JSON.parse(sim.stdout().split('\n')[0] as string) as { password: string }).password;
});
afterAll(async () => {
  sim?.child.kill('SIGINT');
  await sim?.result.catch(() => undefined);
  killAmtctlChildren();
  rmSync(dir, { recursive: true, force: true });
});

it(
  'amtctl ider --floppy --boot boots the VM from the redirected floppy; amtctl sol sees the diagnostic line',
  async () => {
    const env = { XDG_CONFIG_HOME: dir, AMT_PASSWORD: password };
    const sol = spawnAmtctl(
      ['sol', HOST, '--tls-policy', 'http-only', '--expect', KNOWN_LINE, '--timeout', String(LIMIT_MS - 10_000)],
      env,
      { stdin: 'pipe', stdoutEncoding: 'latin1', limitMs: LIMIT_MS },
    );
    sol.child.stdin?.end(); // scripted: --expect ends it
    await new Promise((r) => setTimeout(r, 500)); // SOL open before the host starts
    const ider = spawnAmtctl(['ider', HOST, '--tls-policy', 'http-only', '--floppy', floppy, '--boot', '--json'], env, {
      stdin: 'ignore',
      limitMs: LIMIT_MS,
    });
    const r = await sol.result;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('SeaBIOS');
    expect(r.stdout).toContain(KNOWN_LINE);
    ider.child.kill('SIGINT');
    const i = await ider.result;
    expect(i.code, i.stderr).toBe(0);
    const events = i.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; sectorsRead?: number; powerAction?: string });
    expect(events.find((e) => e.event === 'boot')?.powerAction).toBe('on');
    expect(events.find((e) => e.event === 'stopped')?.sectorsRead).toBeGreaterThanOrEqual(18);
  },
  LIMIT_MS * 2,
);
