// QEMU boot bench (issue 9, README "Benchmarks"): time from "boot floppy" to the diagnostic line with the
// simulator's QEMU backend (the same backend as `amtctl sim --bios qemu`: a VM with SeaBIOS, TCG, SOL on its COM1,
// IDE-R through NBD). Each run: the PC off, SOL open and IDE-R serving the nasm diagnostic floppy
// (test/fixtures/diag-floppy), then the console's one-shot boot to the redirected floppy (main/amt bootTo, which
// powers the PC on), timed until the floppy's known line arrives over SOL; the PC is powered off before the next
// run. Median of R runs; no assertion. Skipped with its reason where qemu-system-x86 or nasm is missing.
//   npx tsx test/bench/qemu-boot-bench.ts [--runs R (3)]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MemoryPinStore, WsmanClient, bootTo, createWsmanTransport, requestPowerAction } from '../../main/amt/index';
import { DiskImage, openRedirectionSession, startIder, startSol } from '../../main/redirect/index';
import { POWER_ON, QEMU_BINARY, startFleet, type SimDevice } from '../sim/index';
import { median } from './bench-report';

const ROOT = resolve(import.meta.dirname, '../..');
const HOST = '127.96.1.1';
const PASSWORD = 'QemuBench-Pass1!';
const ASM = join(ROOT, 'test/fixtures/diag-floppy/diag-floppy.asm');
const KNOWN_LINE = 'AMT-DIAG: 17 sectors read and verified - ALL TESTS PASSED';
const POWER_OFF_STATE = 8;
const DEFAULT_RUNS = 3;
const BOOT_LIMIT_MS = 60_000;
const POLL_MS = 10;
const OFF_POLLS = 400;
const credentials = { user: 'admin', password: PASSWORD };

function missingTool(): string | undefined {
  for (const [tool, pkg] of [
    [QEMU_BINARY, 'qemu-system-x86'],
    ['nasm', 'nasm'],
  ] as const) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error !== undefined) {
      return `${tool} is not installed (apt-get install ${pkg})`;
    }
  }
  return undefined;
}

function parseRuns(argv: readonly string[]): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : DEFAULT_RUNS;
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error('--runs needs a whole number from 1 to 20');
  return n;
}

function wsman(d: SimDevice): WsmanClient {
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

/** One run: ms from the boot request to the known line over SOL. */
async function bootOnce(d: SimDevice, floppy: string): Promise<number> {
  let screen = '';
  const session = await openRedirectionSession({ host: HOST, port: d.redirectionPort, tls: false, credentials });
  const sol = await startSol(session, { onData: (bytes) => void (screen += Buffer.from(bytes).toString('latin1')) });
  const iderSession = await openRedirectionSession({
    host: HOST,
    port: d.redirectionPort,
    tls: false,
    kind: 'ider',
    credentials,
  });
  const ider = await startIder(iderSession, { floppy: await DiskImage.open(floppy, 'floppy') }, { startMode: 'now' });
  try {
    await d.waitForIder();
    const started = performance.now();
    await bootTo(wsman(d), 'ider-floppy');
    const deadline = Date.now() + BOOT_LIMIT_MS;
    while (!screen.includes(KNOWN_LINE)) {
      if (Date.now() > deadline)
        throw new Error(`no diagnostic line within ${BOOT_LIMIT_MS} ms: ${screen.slice(-300)}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return performance.now() - started;
  } finally {
    await ider.stop();
    await sol.end();
    await requestPowerAction(wsman(d), 'off');
    for (let i = 0; i < OFF_POLLS && d.getPowerState() === POWER_ON; i++)
      await new Promise((r) => setTimeout(r, POLL_MS));
    await d.qemuSettled();
  }
}

async function main(): Promise<void> {
  const missing = missingTool();
  if (missing !== undefined) {
    console.log(`\nQEMU boot bench skipped: ${missing}.`);
    return;
  }
  const runs = parseRuns(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'qemu-boot-bench-'));
  const floppy = join(dir, 'diag.img');
  execFileSync('nasm', ['-f', 'bin', '-o', floppy, ASM]);
  const fleet = await startFleet({
    count: 1,
    singleAddress: HOST,
    basePort: 0,
    password: PASSWORD,
    bios: 'qemu',
    initialPowerState: POWER_OFF_STATE,
    timeScale: 0.01,
  });
  try {
    const d = fleet.devices[0] as SimDevice;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push(await bootOnce(d, floppy));
    const report = {
      measuredAt: new Date().toISOString(),
      runs,
      medianMs: Math.round(median(times)),
      allMs: times.map((t) => Math.round(t)),
    };
    console.log(`\nQEMU backend (SeaBIOS, TCG): "boot floppy" to the diagnostic line over SOL, ${runs} runs`);
    console.log(`  median ${report.medianMs} ms (runs: ${report.allMs.join(', ')} ms)`);
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results', 'qemu-boot.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('figures: bench-results/qemu-boot.json');
  } finally {
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`QEMU boot bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
