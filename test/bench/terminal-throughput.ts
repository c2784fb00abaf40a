// Terminal bench (issue 9, README "Benchmarks"): how many bytes per second of SOL output the console's xterm.js
// terminal renders in Debian's Chromium, through the real path — a simulated device's serial console (a BIOS-like
// text generator: PC-ANSI sequences, CP437 box drawing and shading) → the simulator's SOL session → the headless host
// (its own process: redirection session, output batching, the WebSocket's JSON/base64 frames) → the page's bridge,
// SOL command and terminal view (CP437 decoder, flow control, xterm.js). Timed in the page from the first 'sol:data'
// frame's arrival to the frame in which the run's last screen (with its marker) is painted. Baseline, same page and
// run, alternated: the same output, already decoded, written straight into a bare xterm.js instance (the library's
// own build, the console's terminal options) in pieces, from the first write to the marker painted. Medians; no
// assertion.
//   npx tsx test/bench/terminal-throughput.ts [--kib N (512)] [--runs R (5)]
import { chromium, type Browser } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { HostDecoder } from '../../renderer/terminal/host-decoder';
import { startFleet, type SimDevice } from '../sim/index';
import { connectRouterClient, startHostProcess } from '../e2e/support/host-process';
import { biosScreens } from './bios-screens';
import { median } from './bench-report';
import {
  armSolMarks,
  instrumentSolFrames,
  openBareTerminal,
  terminalNotice,
  waitForMarker,
  writeBareUntilMarker,
  type PageMarks,
} from './terminal-page';

const ROOT = resolve(import.meta.dirname, '../..');
const HOST = '127.96.0.1';
const PASSWORD = 'TermBench-Pass1!';
const KIB = 1024;
/** Below the host's SOL output bound (1 MiB per 5 ms batch) and the terminal's 2 M-character flow bound. */
const DEFAULT_KIB = 512;
const MAX_KIB = 900;
const DEFAULT_RUNS = 5;
/** The bare terminal gets the text in pieces of this many characters (a few SOL messages per piece). */
const BARE_PIECE_CHARS = 4096;
const MARKER_LIMIT_MS = 60_000;
const VIEWPORT = { width: 1440, height: 900 };
const CONSOLE_TERMINAL = '[data-testid="terminal-screen"]';
const XTERM_BUILD = createRequire(import.meta.url).resolve('@xterm/xterm/lib/xterm.js');

interface Args {
  readonly kib: number;
  readonly runs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: number, max: number): number => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} needs a whole number from 1 to ${max}`);
    return n;
  };
  return { kib: value('--kib', DEFAULT_KIB, MAX_KIB), runs: value('--runs', DEFAULT_RUNS, 50) };
}

/** The device's serial port: silent until the bench floods it with one run's bytes. */
class FloodConsole {
  private output: ((bytes: Buffer) => void) | undefined;
  readonly attach = (output: (bytes: Buffer) => void) => {
    this.output = output;
    return { input: () => undefined, detach: () => (this.output = undefined) };
  };
  flood(bytes: Buffer): void {
    if (this.output === undefined) throw new Error('no SOL session is attached to the bench device');
    this.output(bytes);
  }
}

const mibPerSecond = (bytes: number, ms: number): number => bytes / (1024 * 1024) / (ms / 1000);
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fleet = await startFleet({ count: 1, singleAddress: HOST, password: PASSWORD });
  const d = fleet.devices[0] as SimDevice;
  const serial = new FloodConsole();
  d.useSerialConsole(serial.attach);
  const host = await startHostProcess();
  let browser: Browser | undefined;
  try {
    const router = await connectRouterClient(host);
    await router.call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: PASSWORD });
    await router.call('clients:add', { hostName: d.hostName, ip: d.host, amtVersion: d.amtVersion, dhcp: true });
    await router.close();

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // CSP bypassed only so the bare xterm build can be loaded beside the console (it injects its own <style>).
    const page = await browser.newPage({ viewport: VIEWPORT, bypassCSP: true });
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(instrumentSolFrames);
    await page.goto(host.url);
    await page.locator(`[data-testid="tree-client"][data-host-name="${d.hostName}"]`).click();
    await page.getByTestId('tab-terminal').click();
    await page.getByTestId('terminal-connect').click();
    await page
      .waitForSelector('[data-testid="terminal-state"][data-state="open"]', { timeout: MARKER_LIMIT_MS })
      .catch(async (error: unknown) => {
        const state = await page.getByTestId('terminal-state').textContent();
        throw new Error(`SOL to the bench device did not open: ${state ?? ''}`, { cause: error });
      });
    const fontFamily = await page.evaluate(
      (sel) => getComputedStyle(document.querySelector(`${sel} .xterm-rows`) as Element).fontFamily,
      CONSOLE_TERMINAL,
    );
    await page.addScriptTag({ path: XTERM_BUILD });
    await page.evaluate(openBareTerminal, { fontFamily });

    const ours: number[] = [];
    const bare: number[] = [];
    const frames: number[] = [];
    let bytesPerRun = 0;
    // Run 0 warms both paths up (JIT, glyph caches) and is not counted.
    for (let run = 0; run <= args.runs; run++) {
      const marker = `BENCH-END run ${run} ${Date.now().toString(36)}`;
      const bytes = biosScreens(args.kib * KIB, marker);
      bytesPerRun = bytes.length;
      await page.evaluate(armSolMarks);
      const painted = page.evaluate(waitForMarker, { selector: CONSOLE_TERMINAL, marker, limitMs: MARKER_LIMIT_MS });
      serial.flood(bytes);
      const paintedAt = await painted;
      const marks = await page.evaluate(() => (window as unknown as { benchSol: PageMarks }).benchSol);
      if (marks.firstSolAt === undefined) throw new Error('the marker showed but no sol:data frame was seen');
      const notice = await page.evaluate(terminalNotice);
      if (notice.includes('skipped')) throw new Error(`the console's terminal skipped output: ${notice}`);

      // The same screens with a marker of the same length, decoded as the console's terminal view decodes them.
      const bareMarker = marker.replace('BENCH-END', 'BENCH-BAR');
      const bareText = new HostDecoder('cp437').decode(biosScreens(args.kib * KIB, bareMarker));
      const bareRun = await page.evaluate(writeBareUntilMarker, {
        text: bareText,
        pieceChars: BARE_PIECE_CHARS,
        marker: bareMarker,
        limitMs: MARKER_LIMIT_MS,
      });
      if (run === 0) continue;
      ours.push(paintedAt - marks.firstSolAt);
      frames.push(marks.solFrames);
      bare.push(bareRun.painted - bareRun.started);
    }
    const oursMs = median(ours);
    const bareMs = median(bare);
    const report = {
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
      runs: args.runs,
      bytesPerRun,
      ours: {
        medianMs: round(oursMs),
        mibPerSecond: round(mibPerSecond(bytesPerRun, oursMs), 2),
        solFrames: median(frames),
      },
      bareXterm: { medianMs: round(bareMs), mibPerSecond: round(mibPerSecond(bytesPerRun, bareMs), 2) },
      ratioOursToBare: round(bareMs / oursMs, 2),
      allMs: { ours: ours.map((v) => round(v)), bare: bare.map((v) => round(v)) },
    };
    console.log(
      `\nTerminal output in Chromium ${report.chromium}: ${bytesPerRun.toLocaleString()} bytes of BIOS-like SOL ` +
        `output per run, median of ${args.runs}`,
    );
    console.log(
      `  console (host -> WebSocket -> SOL sink -> decoder -> xterm): ${report.ours.medianMs} ms, ` +
        `${report.ours.mibPerSecond} MiB/s (${report.ours.solFrames} sol:data frames)`,
    );
    console.log(
      `  bare xterm.js, the same text in ${BARE_PIECE_CHARS}-character writes: ${report.bareXterm.medianMs} ms, ` +
        `${report.bareXterm.mibPerSecond} MiB/s`,
    );
    console.log(`  ratio console / bare xterm (bytes per second): ${report.ratioOursToBare}`);
    const out = join(ROOT, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'terminal-throughput.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('figures: bench-results/terminal-throughput.json');
  } finally {
    await browser?.close();
    await host.stop();
    await fleet.close();
  }
}

main().catch((error: unknown) => {
  console.error(`terminal bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
