// Runs the BUILT amtctl (dist/cli/amtctl.mjs, via bin/amtctl.mjs) as a child process against a simulated
// fleet on loopback 127.53.0.x (issue spec "amtctl": JSON lines, --wait, info, no-AMT, wrong password,
// usage errors, `amtctl sim`). `npm test` builds first; run `npm run build` before running this file alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../sim/index';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/amtctl.mjs');
const BUNDLE = join(ROOT, 'dist/cli/amtctl.mjs');
const SCRIPT = '/usr/bin/script';
const PASSWORD = 'Cli-Test-Pass9!';
const BASE = '127.53.0.';
/** Every child gets at most this long; a hang fails the test instead of stalling the run. */
const CHILD_LIMIT_MS = 30_000;
const POWER_ON = 2;
const SOFT_OFF = 8;

const children = new Set<ChildProcess>();
const transcripts: string[] = [];
let fleet: Fleet | undefined;
let configDir = '';

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function startAmtctl(args: string[], env: Record<string, string> = {}, stdin?: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: configDir, AMT_PASSWORD: PASSWORD, ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function amtctl(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = startAmtctl(args, env, stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`amtctl ${args.join(' ')} did not finish within ${CHILD_LIMIT_MS} ms`));
    }, CHILD_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      transcripts.push(stdout, stderr);
      done({ code, stdout, stderr });
    });
  });
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const host = (i: number): string => `${BASE}${i + 1}`;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run build' first (npm test does it)`);
  configDir = mkdtempSync(join(tmpdir(), 'amtctl-it-'));
  // 0: on; 1: soft-off (the --wait case); 2: expects another password; 3: no AMT at all.
  fleet = await startFleet({
    count: 4,
    baseAddress: host(0),
    password: PASSWORD,
    timeScale: 0.1,
    withoutAmt: [3],
    faults: { '2': ['wrongPassword'] },
  });
  fleet.devices[1]?.setPowerState(SOFT_OFF);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await fleet?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('amtctl against a simulated fleet', () => {
  it('reads the power state of every AMT host as one JSON line per host, exit 0', async () => {
    const run = await amtctl(['power', 'status', host(0), host(1), '--json']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toEqual([
      expect.objectContaining({ host: host(0), ok: true, powerState: 'on', powerStateLabel: 'On (S0)' }),
      expect.objectContaining({ host: host(1), ok: true, powerState: 'soft-off' }),
    ]);
  });

  it('reports a host without AMT and a wrong password on their own lines while the others succeed, exit 1', async () => {
    const run = await amtctl(['power', 'status', '--range', `${host(0)}-${host(3)}`, '--json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l.host)).toEqual([host(0), host(1), host(2), host(3)]);
    expect(lines[0]).toMatchObject({ ok: true });
    expect(lines[1]).toMatchObject({ ok: true });
    expect(lines[2]).toMatchObject({ ok: false, error: 'auth-failed', message: 'wrong user name or password' });
    expect(lines[3]).toMatchObject({
      ok: false,
      error: 'unreachable',
      message: `no AMT answers at ${host(3)} (nothing listens on 16992/16993)`,
    });
  });

  it('reads a host list with comments from stdin (--hosts-file -)', async () => {
    const run = await amtctl(
      ['power', 'status', '--hosts-file', '-', '--json'],
      {},
      `# lab\n${host(0)}  # first\n\n${host(1)}\n`,
    );
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((l) => [l.host, l.ok])).toEqual([
      [host(0), true],
      [host(1), true],
    ]);
  });

  it('shows the same failures in words in the human table', async () => {
    const run = await amtctl(['power', 'status', host(0), host(2), host(3)]);
    expect(run.code).toBe(1);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^HOST\s+POWER\s+VIA$/);
    expect(rows[1]).toMatch(new RegExp(`^${host(0).replace(/\./g, '\\.')}\\s+On \\(S0\\)\\s+tls$`));
    expect(rows[2]).toMatch(/^127\.53\.0\.3\s+FAILED\s+wrong user name or password$/);
    expect(rows[3]).toMatch(
      /^127\.53\.0\.4\s+FAILED\s+no AMT answers at 127\.53\.0\.4 \(nothing listens on 16992\/16993\)$/,
    );
    expect(rows[4]).toBe('3 hosts: 1 succeeded, 2 failed');
  });

  it('powers on a soft-off device and, with --wait, sees it reach S0', async () => {
    const run = await amtctl([
      'power',
      'on',
      host(1),
      '--wait',
      '--poll-interval',
      '100',
      '--wait-timeout',
      '20000',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({
        host: host(1),
        ok: true,
        action: 'on',
        result: 'reached',
        powerState: 'on',
        powerStateLabel: 'On (S0)',
      }),
    ]);
    expect(fleet?.devices[1]?.getPowerState()).toBe(POWER_ON);
  });

  it('shows firmware version and MAC in info', async () => {
    const device = fleet!.devices[0]!;
    const mac = device.mac.replace(/-/g, ':').toLowerCase();
    const json = await amtctl(['info', host(0), '--json']);
    expect(json.code).toBe(0);
    const [line] = jsonLines(json.stdout);
    expect(line).toMatchObject({ host: host(0), ok: true, mac });
    expect(String(line?.firmwareVersion)).toMatch(new RegExp(`^${device.amtVersion.replace(/\./g, '\\.')}`));
    const table = await amtctl(['info', host(0)]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^HOST\s+FIRMWARE\s+HOST NAME\s+MAC\s+DHCP\s+IP\s+POWER\s+VIA\n/);
    expect(table.stdout).toContain(mac);
    expect(table.stdout).toContain(device.amtVersion);
  });

  it.each([
    [['explode', host(0)], /unknown command 'explode'/],
    [['power', 'status', '--range', '10.0.0.0/8'], /limit is \d+/],
    [['power', 'status', '--range', '127.53.0.9-127.53.0.1'], /end comes before the start/],
    [['boot', host(0), '--to', 'usb'], /--to must be one of bios, floppy, cd, pxe/],
    [['info'], /no hosts given/],
    [['info', host(0), '--frobnicate'], /unknown option --frobnicate/],
  ])('exits 2 on the usage error %j with one line and the short usage', async (args, pattern) => {
    const run = await amtctl(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, second] = run.stderr.split('\n');
    expect(first).toMatch(/^amtctl: /);
    expect(first).toMatch(pattern);
    expect(second).toMatch(/^usage: amtctl /);
  });

  it('refuses to run without a password when stdin is not a terminal, exit 2', async () => {
    const run = await amtctl(['info', host(0)], { AMT_PASSWORD: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no password: set AMT_PASSWORD');
  });

  it('asks for the password without echo when stdin is a terminal', async () => {
    // `script` gives the child a pseudo-terminal; without it (not util-linux) the case cannot be staged.
    if (!existsSync(SCRIPT))
      throw new Error(`${SCRIPT} is missing: install Debian's bsdutils (it gives this test a real terminal)`);
    const command = `'${process.execPath}' '${BIN}' power status ${host(0)}`;
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: configDir, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`no prompt within ${CHILD_LIMIT_MS} ms: ${output}`)),
        CHILD_LIMIT_MS,
      );
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        output += d;
        if (output.includes('AMT password for admin: ')) {
          clearTimeout(timer);
          done();
        }
      });
    });
    child.stdin?.write(`${PASSWORD}\r`);
    const limit = new Promise<'hung'>((done) => setTimeout(() => done('hung'), CHILD_LIMIT_MS));
    expect(await Promise.race([exited, limit])).toBe(0);
    transcripts.push(output);
    expect(output).toMatch(/127\.53\.0\.1\s+On \(S0\)\s+tls/);
  });

  it('prints the inventory block of a host', async () => {
    const run = await amtctl(['inventory', host(0)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(host(0));
    expect(lines[1]).toMatch(/^  System UUID\s+[0-9a-f-]{36}$/);
    expect(lines[1]).toContain(fleet!.devices[0]!.uuid);
    expect(lines[2]).toMatch(/^  BIOS\s+\S/);
    for (const label of ['CPU 1', 'Memory', 'DIMM 1', 'Chassis', 'Baseboard']) expect(run.stdout).toContain(label);
  });

  it('sets the next boot to PXE and powers the device on or resets it', async () => {
    const run = await amtctl(['boot', host(0), '--to', 'pxe', '--json']);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({
        host: host(0),
        ok: true,
        bootTarget: 'pxe',
        previousState: 'on',
        powerAction: 'reset',
      }),
    ]);
  });

  it('reports a power action without --wait as accepted, per host', async () => {
    const run = await amtctl(['power', 'off', host(1)]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(/^127\.53\.0\.2\s+Power off \(hard\)\s+accepted\s+tls$/);
  });

  it('pins the certificate on first contact and refuses a changed one, showing both fingerprints', async () => {
    const device = fleet!.devices[0]!;
    const first = await amtctl(['power', 'status', host(0), '--tls-policy', 'tls-only', '--json']);
    expect(first.code).toBe(0);
    const pinned = device.certificateFingerprint().toLowerCase();
    device.setFault('certChange', true);
    try {
      const presented = device.certificateFingerprint().toLowerCase();
      const run = await amtctl(['power', 'status', host(0), '--tls-policy', 'tls-only']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("the device's certificate changed since it was pinned");
      expect(run.stdout).toContain(`pinned ${pinned}`);
      expect(run.stdout).toContain(`it presents ${presented}`);
      // Never a silent fall back to plain HTTP on a pin problem, even when HTTP is allowed.
      const fallback = await amtctl(['power', 'status', host(0), '--json']);
      expect(jsonLines(fallback.stdout)[0]).toMatchObject({ ok: false, error: 'tls-pin-mismatch' });
      // The admin checks the new fingerprint and accepts it explicitly.
      const accepted = await amtctl(['power', 'status', host(0), '--pin', presented, '--json']);
      expect(jsonLines(accepted.stdout)[0]).toMatchObject({ ok: true });
    } finally {
      device.setFault('certChange', false);
      // Put the original pin back so later tests meet the device as it was.
      await amtctl(['power', 'status', host(0), '--pin', pinned, '--json']);
    }
  });

  it('never prints the password in any output above', () => {
    expect(transcripts.length).toBeGreaterThan(10);
    for (const text of transcripts) expect(text).not.toContain(PASSWORD);
  });
});

describe('amtctl against a fleet on one address with distinct ports', () => {
  const ADDRESS = '127.58.0.1';
  const BASE_PORT = 47_000;
  let single: Fleet | undefined;
  beforeAll(async () => {
    single = await startFleet({
      count: 2,
      singleAddress: ADDRESS,
      basePort: BASE_PORT,
      password: PASSWORD,
      timeScale: 0.1,
    });
  });
  afterAll(async () => {
    await single?.close();
  });

  it('reaches each device as host:port, with TLS on the next port up', async () => {
    const [first, second] = single!.devices;
    expect(first!.tlsPort).toBe(first!.httpPort + 1);
    const run = await amtctl(['info', `${ADDRESS}:${first!.httpPort}`, `${ADDRESS}:${second!.httpPort}`, '--json']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => [l.ok, l.via, l.mac])).toEqual([
      [true, 'tls', first!.mac.replace(/-/g, ':')],
      [true, 'tls', second!.mac.replace(/-/g, ':')],
    ]);
  });
});

describe('amtctl sim', () => {
  it('prints one parseable JSON line per device and stops on SIGTERM', async () => {
    const child = startAmtctl(['sim', '--count', '3', '--json', '--base-address', '127.54.0.1', '--time-scale', '0.1']);
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const threeLines = new Promise<string[]>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`no 3 lines within ${CHILD_LIMIT_MS} ms; stderr: ${stderr}`)),
        CHILD_LIMIT_MS,
      );
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const lines = stdout.split('\n').filter((l) => l.length > 0);
        if (lines.length >= 3 && stdout.endsWith('\n')) {
          clearTimeout(timer);
          done(lines);
        }
      });
      void exited.then(() => fail(new Error(`amtctl sim exited early; stderr: ${stderr}`)));
    });
    const lines = await threeLines;
    expect(lines).toHaveLength(3);
    const devices = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    devices.forEach((d, i) => {
      expect(d).toMatchObject({ host: `127.54.0.${i + 1}`, httpPort: 16992, tlsPort: 16993, user: 'admin' });
      expect(typeof d.password).toBe('string');
      expect(String(d.mac)).toMatch(/^([0-9a-f]{2}[-:]){5}[0-9a-f]{2}$/);
      expect(String(d.amtVersion)).toMatch(/^\d+\.\d+/);
    });
    child.kill('SIGTERM');
    const limit = new Promise<'hung'>((done) => setTimeout(() => done('hung'), CHILD_LIMIT_MS));
    expect(await Promise.race([exited, limit])).toBe(0);
  });
});
