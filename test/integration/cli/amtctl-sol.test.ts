// The BUILT amtctl's `sol` command (dist/cli/amtctl.mjs via bin/amtctl.mjs) against the simulator's redirection
// port: scripted --send/--expect, a missing text, a wrong password, and the interactive bridge over piped stdin
// (LF → CR, Ctrl+] quits and is never sent). Loopback range: 127.150.4.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAmtctlChildren, spawnAmtctl, type AmtctlRun } from '../../support/spawn-amtctl';
import { BIOS_ITEMS, POST_BANNER, SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../../sim/index';

const HOST = '127.150.4.1';
const PASSWORD = 'SolCli-Pass1!';

let fleet: Fleet;
let configDir = '';

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'amtctl-sol-'));
  fleet = await startFleet({ count: 3, singleAddress: HOST, basePort: 0, password: PASSWORD });
});
afterAll(async () => {
  killAmtctlChildren();
  await fleet.close();
  rmSync(configDir, { recursive: true, force: true });
});

function start(args: string[], password = PASSWORD): AmtctlRun {
  return spawnAmtctl(args, { XDG_CONFIG_HOME: configDir, AMT_PASSWORD: password }, { stdoutEncoding: 'latin1' });
}

const solArgs = (d: SimDevice, ...rest: string[]) => [
  'sol',
  HOST,
  '--port',
  String(d.redirectionPort),
  '--tls-policy',
  'http-only',
  ...rest,
];

describe('amtctl sol', () => {
  it('--send an arrow key and --expect the moved selection: prints the BIOS and exits 0', async () => {
    const d = fleet.devices[0] as SimDevice;
    const { child, result } = start(
      solArgs(d, '--send', '\\e[B', '--expect', `Selected: ${BIOS_ITEMS[1]}`, '--timeout', '5000'),
    );
    child.stdin?.end();
    const r = await result;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(POST_BANNER);
    expect(r.stdout).toContain(`Selected: ${BIOS_ITEMS[1]}`);
    expect(d.solActive()).toBe(false);
  });

  it('text that never appears: exit 1 naming the text and the timeout', async () => {
    const d = fleet.devices[0] as SimDevice;
    const { child, result } = start(solArgs(d, '--expect', 'NO SUCH TEXT', '--timeout', '800'));
    child.stdin?.end();
    const r = await result;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(SETUP_TITLE);
    expect(r.stderr).toMatch(/NO SUCH TEXT/);
  });

  it('a wrong password: exit 1, wrong-password words, one failure on the device, the password never printed', async () => {
    const d = fleet.devices[1] as SimDevice;
    const { child, result } = start(solArgs(d, '--expect', 'x', '--timeout', '3000'), 'Wrong-Pass9!');
    child.stdin?.end();
    const r = await result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wrong user name or password/);
    expect(r.stdout + r.stderr).not.toContain('Wrong-Pass9!');
    expect(d.redirectionStats().authFailures).toBe(1);
  });

  it('interactive over piped stdin: LF goes as CR, Ctrl+] quits locally and exits 0', async () => {
    const d = fleet.devices[2] as SimDevice;
    const { child, result, stdout } = start(solArgs(d));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 5000;
      while (!stdout().includes(text)) {
        if (Date.now() > deadline)
          throw new Error(`"${text}" never appeared; got ${JSON.stringify(stdout().slice(-300))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await waitFor(SETUP_TITLE);
    child.stdin?.write('\n');
    await waitFor(`Entered: ${BIOS_ITEMS[0]}`);
    child.stdin?.write('\x1d');
    const r = await result;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Ctrl\+\] to quit/);
    expect(d.redirectionStats().keyMessages).toBe(1); // the Enter; the quit key never left
  });

  it('usage errors: no host, two hosts, a bad escape', async () => {
    for (const args of [['sol'], ['sol', 'a', 'b'], ['sol', HOST, '--send', '\\q']]) {
      const { child, result } = start(args);
      child.stdin?.end();
      expect((await result).code).toBe(2);
    }
  });
});
