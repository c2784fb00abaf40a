// `amtctl --legacy-tls` (issue 12 item 7) in-process against the simulator: an AMT 11.x device that speaks only
// TLS 1.0/1.1 with RSA key-exchange suites (legacyTlsForAmt11) fails with a TLS error naming the option and is
// never tried over plain HTTP; with --legacy-tls for the run it answers over TLS (WS-Man and SOL on 16995); a
// newer device answers either way; the option is refused where it means nothing. Loopback block: 127.81.1.0/24.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE } from '../../../main/cli/run-cli';
import { POST_BANNER, startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';

const PASSWORD = 'Cli-Legacy-Tls4!';
/** A seed whose 12-device fleet has AMT 11.x and newer devices (as in test/sim/wire-shape.test.ts). */
const SEED = 'wire';
let fleet: Fleet;
let dir: string;
let oldDevice: SimDevice;
let newDevice: SimDevice;

const io = () => recordingCliIo({ AMT_PASSWORD: PASSWORD }, 'no prompt in tests');
const common = () => ['--timeout', '3000', '--pins-file', join(dir, 'pins.json')];
const json = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtctl-legacy-tls-'));
  fleet = await startFleet({
    count: 12,
    seed: SEED,
    baseAddress: '127.81.1.1',
    password: PASSWORD,
    timeScale: 0.01,
    legacyTlsForAmt11: true,
  });
  const major = (d: SimDevice): number => Number(d.amtVersion.split('.')[0]);
  const found = fleet.amtDevices.find((d) => major(d) === 11);
  const modern = fleet.amtDevices.find((d) => major(d) >= 12);
  if (!found || !modern) throw new Error(`seed ${SEED} no longer gives an AMT 11 and a newer device`);
  oldDevice = found;
  newDevice = modern;
});

afterAll(async () => {
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('amtctl --legacy-tls', () => {
  it('without it, the TLS 1.0/1.1-only device fails with a TLS error that names the option, and nothing goes in clear', async () => {
    const run = io();
    const code = await runCli(['power', 'status', oldDevice.host, '--json', ...common()], run);
    expect(code).toBe(EXIT_SOME_FAILED);
    const [line] = json(run.stdout);
    expect(line).toMatchObject({ host: oldDevice.host, ok: false, error: 'tls-error' });
    expect(String(line?.['message'])).toMatch(/--legacy-tls/);
    expect(oldDevice.stats.plainConnections).toBe(0);
    expect(oldDevice.stats.requests).toBe(0);
  });

  it('with it, the same device answers over TLS, and a newer device still does too', async () => {
    const run = io();
    const code = await runCli(
      ['power', 'status', oldDevice.host, newDevice.host, '--legacy-tls', '--json', ...common()],
      run,
    );
    expect(code, run.stdout.join('\n')).toBe(EXIT_OK);
    const lines = json(run.stdout);
    expect(lines[0]).toMatchObject({ host: oldDevice.host, ok: true, via: 'tls' });
    expect(lines[1]).toMatchObject({ host: newDevice.host, ok: true, via: 'tls' });
    expect(oldDevice.stats.requests).toBeGreaterThan(0);
    expect(oldDevice.stats.plainConnections).toBe(0);
  });

  it('is per run: the next run without it fails again (nothing was saved)', async () => {
    const run = io();
    expect(await runCli(['info', oldDevice.host, '--json', ...common()], run)).toBe(EXIT_SOME_FAILED);
    expect(json(run.stdout)[0]).toMatchObject({ ok: false, error: 'tls-error' });
  });

  it('applies to sol on the redirection TLS port as well', async () => {
    const plainBefore = oldDevice.stats.redirectionConnections;
    const without = io();
    expect(
      await runCli(['sol', oldDevice.host, '--expect', POST_BANNER, '--tls-policy', 'tls-only', ...common()], without),
    ).toBe(EXIT_SOME_FAILED);
    expect(without.stderr.join('\n')).toMatch(/TLS/);
    const run = io();
    const code = await runCli(
      ['sol', oldDevice.host, '--legacy-tls', '--expect', POST_BANNER, '--tls-policy', 'tls-only', ...common()],
      run,
    );
    expect(code, run.stderr.join('\n')).toBe(EXIT_OK);
    expect(run.stdout.join('')).toContain(POST_BANNER);
    // The plain redirection port (counted by the simulator) was never used.
    expect(oldDevice.stats.redirectionConnections).toBe(plainBefore);
  });

  it('is refused, before anything is sent, by a command it does not apply to', async () => {
    const run = io();
    expect(await runCli(['wake', 'a4:ae:11:1c:02:4d', '--ip', '127.81.1.200', '--legacy-tls'], run)).toBe(EXIT_USAGE);
    expect(run.stderr.join('\n')).toMatch(/legacy-tls/);
  });
});
