// Issue 9: SOL and IDE-R sessions to an IPv6 address (::1) over real sockets: SOL through main/redirect plainly
// and under the console's TLS policy (TLS on the redirection TLS port, the certificate pinned), and the BUILT
// amtctl's `sol --expect` and `ider --floppy --json` to [::1] while the simulated host reads the floppy.
// The console's own sessions to a client at ::1: test/integration/api/ipv6-client-vs-sim.test.ts.
// Ports: ::1, ephemeral.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore } from '../../../main/amt/index';
import {
  openRedirectionSession,
  openRedirectionWithPolicy,
  startSol,
  type SolChannel,
} from '../../../main/redirect/index';
import { BIOS_ITEMS, SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../../support/spawn-amtctl';

const V6 = '::1';
const PASSWORD = 'Ipv6Redir-Pass1!';
const WAIT_MS = 10_000;
const FLOPPY_BYTES = 2880 * 512;
const DOWN_ARROW = '\x1b[B';
const credentials = { user: 'admin', password: PASSWORD };

let fleet: Fleet;
let dir = '';
let floppy = '';
const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redirect-v6-'));
  floppy = join(dir, 'floppy.img');
  writeFileSync(floppy, Buffer.alloc(FLOPPY_BYTES, 0x5a));
  fleet = await startFleet({ count: 4, singleAddress: V6, basePort: 0, password: PASSWORD, seed: 'v6' });
});
afterAll(async () => {
  killAmtctlChildren();
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The BIOS screen, then a key that moves its selection: the key reached the host over ::1. */
async function driveBios(sol: SolChannel, text: () => string): Promise<void> {
  await until('the BIOS screen', () => text().includes(SETUP_TITLE));
  sol.send(Uint8Array.from(Buffer.from(DOWN_ARROW)));
  await until('the moved selection', () => text().includes(`Selected: ${BIOS_ITEMS[1]}`));
  await sol.end();
}

function amtctl(args: string[]): AmtctlRun {
  return spawnAmtctl(args, { XDG_CONFIG_HOME: dir, AMT_PASSWORD: PASSWORD }, { stdin: 'ignore' });
}

describe('redirection over IPv6 (::1)', () => {
  it('SOL on the plain redirection port of ::1: the BIOS and a key', async () => {
    const d = device(0);
    const session = await openRedirectionSession({
      host: V6,
      port: d.redirectionPort,
      tls: false,
      credentials,
      replyTimeoutMs: 3000,
    });
    let text = '';
    const sol = await startSol(session, { onData: (bytes) => void (text += Buffer.from(bytes).toString('latin1')) });
    expect(session.where).toBe(`[::1]:${d.redirectionPort}`);
    await driveBios(sol, () => text);
  });

  it("SOL under the console's TLS policy: TLS on ::1's redirection TLS port, the certificate pinned", async () => {
    const d = device(1);
    const pins = new MemoryPinStore();
    const session = await openRedirectionWithPolicy({
      host: V6,
      plainPort: d.redirectionPort,
      tlsPort: d.redirectionTlsPort,
      pinTlsPort: d.tlsPort,
      tlsPolicy: 'tls-then-http',
      credentials,
      pins,
      timeoutMs: 3000,
    });
    expect(session.where).toBe(`[::1]:${d.redirectionTlsPort}`);
    let text = '';
    const sol = await startSol(session, { onData: (bytes) => void (text += Buffer.from(bytes).toString('latin1')) });
    await driveBios(sol, () => text);
  });

  it('amtctl sol [::1] --send --expect: the moved selection, exit 0', async () => {
    const d = device(2);
    const run = amtctl([
      'sol',
      V6,
      '--port',
      String(d.redirectionPort),
      '--tls-policy',
      'http-only',
      '--send',
      '\\e[B',
      '--expect',
      `Selected: ${BIOS_ITEMS[1]}`,
      '--timeout',
      '5000',
    ]);
    const r = await run.result;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Selected: ${BIOS_ITEMS[1]}`);
  });

  it('amtctl ider [::1] --floppy --json: the host reads the image; SIGINT stops it', async () => {
    const d = device(3);
    const run = amtctl([
      'ider',
      V6,
      '--port',
      String(d.redirectionPort),
      '--tls-policy',
      'http-only',
      '--floppy',
      floppy,
      '--json',
    ]);
    await until('the started event', () => run.stdout().includes('"started"'));
    const fw = await d.waitForIder();
    const read = await fw.readSectors('floppy', 0, 36, { retryUnitAttention: true });
    expect(read.good).toBe(true);
    expect(read.data.equals(Buffer.alloc(36 * 512, 0x5a))).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code, r.stderr).toBe(0);
    const stopped = r.stdout.split('\n').filter((l) => l.includes('"stopped"'));
    expect(stopped).toHaveLength(1);
    expect(JSON.parse(stopped[0] as string)).toMatchObject({ event: 'stopped', bytesSent: 36 * 512 });
  });
});
