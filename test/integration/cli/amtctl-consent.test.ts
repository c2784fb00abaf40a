// `amtctl sol` / `amtctl ider` and the simulator's client control mode and redirection settings (issue 9), over
// real sockets. The BUILT command: without a terminal a refused session makes AMT show a code on the PC's screen
// and amtctl ends (exit 1) saying to run again with --consent-code; the right code opens the session, a wrong one
// and an expired one each end with their own words (exit 1); a malformed one is a usage error (exit 2). A device
// with IDE-R and its listener off: amtctl names what is off and exits 1, with --enable-redirection turns both on,
// says so, and serves the image. In-process with a terminal (stdinIsTty, a prompt): amtctl asks for the code, a
// wrong one first, then the right one. Loopback range: 127.90.7.0/24.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { POST_BANNER, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';
import { killAmtctlChildren, spawnAmtctl } from '../../support/spawn-amtctl';

const HOST = '127.90.7.1';
const PASSWORD = 'Consent-Pass1!';
const OPT_IN_ALL = 4294967295;
const CODE_TIMEOUT_MS = 1500;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

let ccm: Fleet;
let plain: Fleet;
let dir = '';
let floppyPath = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtctl-consent-'));
  floppyPath = join(dir, 'floppy.img');
  writeFileSync(floppyPath, Buffer.alloc(2880 * 512, 0x42));
  const common = { singleAddress: HOST, basePort: 0, password: PASSWORD, lockoutInitialMs: 50 } as const;
  ccm = await startFleet({ ...common, count: 3, optInRequired: OPT_IN_ALL, optInCodeTimeoutMs: CODE_TIMEOUT_MS });
  plain = await startFleet({ ...common, count: 1 });
});
afterAll(async () => {
  killAmtctlChildren();
  await ccm?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** HOST:httpPort (where WS-Man is asked) with the device's redirection port, plain HTTP only (the simulator's). */
const target = (d: SimDevice): string[] => [
  `${HOST}:${d.httpPort}`,
  '--port',
  String(d.redirectionPort),
  '--tls-policy',
  'http-only',
];
const solArgs = (d: SimDevice, ...rest: string[]): string[] => ['sol', ...target(d), '--expect', POST_BANNER, ...rest];
const run = (args: string[]) =>
  spawnAmtctl(args, { XDG_CONFIG_HOME: dir, AMT_PASSWORD: PASSWORD }, { stdin: 'ignore' }).result;
const codeOf = (d: SimDevice): string => String(d.optInCode() as number).padStart(6, '0');

describe('amtctl and user consent (client control mode)', () => {
  it('without a terminal: shows a code and says to run again with it; the right code then opens SOL', async () => {
    const d = ccm.devices[0] as SimDevice;
    const first = await run(solArgs(d, '--timeout', '3000'));
    expect(first.code).toBe(EXIT_FAILED);
    expect(first.stderr).toMatch(/client control mode: a consent code now shows on the PC's screen \(valid 2 s\)/);
    expect(first.stderr).toMatch(/run again with --consent-code CODE/);
    expect(d.optInCode()).not.toBeNull();
    expect(d.redirectionStats().sessions).toBe(0);

    const second = await run(solArgs(d, '--timeout', '3000', '--consent-code', codeOf(d)));
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(POST_BANNER);
    expect(d.redirectionStats().sessions).toBe(1);
  });

  it('a wrong code and an expired code each end with their own words; a malformed one is a usage error', async () => {
    const d = ccm.devices[1] as SimDevice;
    expect((await run(solArgs(d, '--timeout', '3000'))).code).toBe(EXIT_FAILED); // shows a code
    const right = codeOf(d);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const refused = await run(solArgs(d, '--consent-code', wrong));
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/that is not the code shown on the PC's screen/);
    await new Promise((resolve) => setTimeout(resolve, CODE_TIMEOUT_MS + 300));
    const late = await run(solArgs(d, '--consent-code', right));
    expect(late.code).toBe(EXIT_FAILED);
    expect(late.stderr).toMatch(/no consent code is shown on the PC's screen any more/);
    expect(d.redirectionStats().sessions).toBe(0);
    const malformed = await run(solArgs(d, '--consent-code', '12ab56'));
    expect(malformed.code).toBe(EXIT_USAGE);
    expect(malformed.stderr).toMatch(/--consent-code must be the 6 digits/);
  });

  it('on a terminal: asks for the code the user reads out, once more after a wrong one, then opens SOL', async () => {
    const d = ccm.devices[2] as SimDevice;
    const questions: string[] = [];
    const io = {
      ...recordingCliIo({ AMT_PASSWORD: PASSWORD, XDG_CONFIG_HOME: dir }, 'no prompt expected'),
      stdinIsTty: true,
      prompt: async (question: string): Promise<string> => {
        questions.push(question);
        const right = codeOf(d);
        return questions.length === 1 ? String((Number(right) + 7) % 1_000_000).padStart(6, '0') : right;
      },
    };
    const code = await runCli(solArgs(d, '--timeout', '3000'), io);
    expect(io.stderr.join('\n')).toMatch(/client control mode: a consent code now shows on the PC's screen/);
    expect(io.stderr.join('\n')).toMatch(/not that code; try again/);
    expect(code).toBe(0);
    expect(questions).toEqual(['Code the user reads out (6 digits): ', 'Code the user reads out (6 digits): ']);
    expect(io.stdout.join('')).toContain(POST_BANNER);
  });
});

describe('amtctl and a redirection service that is off', () => {
  it('names what is off (exit 1), then --enable-redirection turns it on, says so, and serves the image', async () => {
    const d = plain.devices[0] as SimDevice;
    await d.configureRedirection({ enabledState: 32770, listenerEnabled: false }); // SOL only, listener off
    const args = ['ider', ...target(d), '--floppy', floppyPath, '--json'];
    const refused = await run(args);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(
      /AMT redirection is switched off on .*IDE redirection is switched off and the redirection listener .* is off/,
    );
    expect(refused.stderr).toMatch(/run again with --enable-redirection/);
    expect(d.redirectionSettings()).toMatchObject({ enabledState: 32770, listenerEnabled: false });

    const child = spawnAmtctl([...args, '--enable-redirection'], { XDG_CONFIG_HOME: dir, AMT_PASSWORD: PASSWORD });
    const fw = await d.waitForIder();
    expect((await fw.readSectors('floppy', 0, 4, { retryUnitAttention: true })).good).toBe(true);
    child.child.kill('SIGINT');
    const done = await child.result;
    expect(done.stderr).toMatch(
      /IDE redirection switched on; the redirection listener \(ports 16994\/16995\) turned on \(AMT_Redirection/,
    );
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/"event":"started"/);
    expect(d.redirectionSettings()).toMatchObject({ enabledState: 32771, listenerEnabled: true });
  });
});
