// Debian's amtterm (a third-party SOL client written against real firmware) against the simulator's redirection
// port: it must connect, authenticate, show the simulated BIOS and deliver keys. Loopback range: 127.150.3.0/24.
// amtterm 1.4 authenticates with plain user/password (auth type 1), which the simulator offers as old firmware did.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIOS_ITEMS, POST_BANNER, SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../../sim/index';

const HOST = '127.150.3.1';
const PASSWORD = 'Amtterm-Pass1!';
const WAIT_MS = 8000;
const CTRL_RIGHT_BRACKET = '\x1d'; // amtterm's local quit key

function requireAmtterm(): void {
  const probe = spawnSync('amtterm', ['-h'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      'amtterm is not installed: run `apt-get install -y amtterm` (it is in DEBS of .ci/run). This test proves the simulator speaks SOL as real firmware does.',
    );
  }
}

let fleet: Fleet;
let device: SimDevice;
const children: ChildProcess[] = [];

beforeAll(async () => {
  requireAmtterm();
  fleet = await startFleet({ count: 2, singleAddress: HOST, basePort: 0, password: PASSWORD });
  device = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fleet?.close();
});

/** Runs amtterm with piped stdin (kept open: EOF would end it); output is stdout and stderr together. */
function runAmtterm(d: SimDevice, password: string) {
  const child = spawn('amtterm', ['-u', 'admin', HOST, String(d.redirectionPort)], {
    env: { ...process.env, AMT_PASSWORD: password },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const collect = (b: Buffer) => (output += b.toString('latin1'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    exited,
    get output() {
      return output;
    },
    async waitFor(text: string): Promise<void> {
      const deadline = Date.now() + WAIT_MS;
      while (!output.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`amtterm never showed "${text}"; output: ${JSON.stringify(output.slice(-600))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

describe('amtterm (Debian) against the simulator', () => {
  it('connects, authenticates, shows the BIOS, moves the selection with an arrow key and quits with ^]', async () => {
    const run = runAmtterm(device, PASSWORD);
    await run.waitFor(SETUP_TITLE);
    expect(run.output).toContain('serial-over-lan redirection ok');
    expect(run.output).toContain(POST_BANNER);
    run.child.stdin?.write('\x1b[B');
    await run.waitFor(`Selected: ${BIOS_ITEMS[1]}`);
    run.child.stdin?.write(CTRL_RIGHT_BRACKET);
    expect(await run.exited).toBe(0);
    expect(device.redirectionStats().sessions).toBe(1);
    expect(device.redirectionStats().keyMessages).toBeGreaterThanOrEqual(1);
  });

  it('a wrong password fails authentication and never reaches SOL', async () => {
    const d = fleet.devices[1] as SimDevice;
    const run = runAmtterm(d, 'Wrong-Pass9!');
    const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), WAIT_MS))]);
    expect(code).not.toBe('hung');
    expect(run.output).not.toContain('serial-over-lan redirection ok');
    expect(d.redirectionStats()).toMatchObject({ sessions: 0, authFailures: 1 });
  });
});
