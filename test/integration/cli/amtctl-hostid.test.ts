// `amtctl hostid` in-process against the simulator: init over a mixed list (ok, already initialised, no AMT,
// wrong password, storage full, garbage block) prints one line per client, names each failure and why, and exits 1;
// show and clear; clear without --yes is refused before anything is sent. Loopback range: 127.100.30.0/24.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_STORAGE_APPLICATION } from '../../../main/amt/index';
import { HOST_ID_BLOCK_NAME } from '../../../main/fleet/index';
import { runCli, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE } from '../../../main/cli/run-cli';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { recordingCliIo } from '../../support/recording-cli-io';

const PASSWORD = 'Cli-HostId-Pass3!';
const OK = 0;
const NO_AMT = 1;
const WRONG_PASSWORD = 2;
const FULL = 3;
const GARBLED = 4;
let fleet: Fleet;
let dir: string;

const device = (i: number): SimDevice => fleet.devices[i] as SimDevice;
const io = () => recordingCliIo({ AMT_PASSWORD: PASSWORD }, 'no prompt in tests');
const common = () => ['--tls-policy', 'http-only', '--timeout', '2000', '--pins-file', join(dir, 'pins.json')];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtctl-hostid-'));
  fleet = await startFleet({
    count: 5,
    baseAddress: '127.100.30.1',
    password: PASSWORD,
    seed: 'amtctl-hostid',
    withoutAmt: [NO_AMT],
    faults: { [String(WRONG_PASSWORD)]: ['wrongPassword'] },
    storageLimits: { maxBlocks: 1 },
  });
  // FULL: another program's block already uses the one block the firmware allows.
  device(FULL).plantStorageBlock(
    { uuid: 'ABCDEF0123456789ABCDEF0123456789', vendor: 'Other Vendor', application: 'other' },
    'data',
    Buffer.alloc(1024, 1),
  );
  const owner = {
    uuid: CONSOLE_STORAGE_APPLICATION.uuid,
    vendor: CONSOLE_STORAGE_APPLICATION.vendorName,
    application: CONSOLE_STORAGE_APPLICATION.applicationName,
  };
  device(GARBLED).plantStorageBlock(owner, HOST_ID_BLOCK_NAME, Buffer.alloc(4096, 0x77));
});

afterAll(async () => {
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('amtctl hostid', () => {
  it('init over a mixed list: one line per client, each failure named with its reason, exit 1', async () => {
    const file = join(dir, 'clients.txt');
    writeFileSync(file, fleet.devices.map((d) => d.host).join('\n') + '\n');
    const run = io();
    const code = await runCli(['hostid', 'init', '--file', file, '--json', '--concurrency', '3', ...common()], run);
    expect(code).toBe(EXIT_SOME_FAILED);
    const lines = run.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['host'])).toEqual(fleet.devices.map((d) => d.host));
    expect(lines[OK]).toMatchObject({ ok: true, result: 'written' });
    expect(String(lines[OK]?.['hostId'])).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[NO_AMT]).toMatchObject({ ok: false, error: 'unreachable' });
    expect(lines[WRONG_PASSWORD]).toMatchObject({ ok: false, error: 'auth-failed' });
    expect(lines[FULL]).toMatchObject({ ok: false, error: 'storage' });
    expect(String(lines[FULL]?.['message'])).toMatch(/storage is full/);
    expect(lines[GARBLED]).toMatchObject({ ok: false, error: 'storage' });
    expect(String(lines[GARBLED]?.['message'])).toMatch(/not a host ID record/);
    // Nothing overwritten: the garbled block and the other program's block are as they were.
    expect(device(GARBLED).storageBlocks()[0]?.data.equals(Buffer.alloc(4096, 0x77))).toBe(true);
    expect(device(FULL).storageBlocks()).toHaveLength(1);
    expect(JSON.stringify(run.stdout)).not.toContain(PASSWORD);
  });

  it('init again keeps the stored ID (exit 0 for the good client), show prints it, clear removes it', async () => {
    const first = io();
    expect(await runCli(['hostid', 'show', device(OK).host, '--json', ...common()], first)).toBe(EXIT_OK);
    const stored = (JSON.parse(first.stdout[0] as string) as { hostId: string }).hostId;
    const again = io();
    expect(await runCli(['hostid', 'init', '--ip', device(OK).host, ...common()], again)).toBe(EXIT_OK);
    expect(again.stdout.join('\n')).toMatch(
      new RegExp(`${device(OK).host}\\s+${stored}\\s+kept \\(already initialised\\)`),
    );
    const cleared = io();
    expect(await runCli(['hostid', 'clear', device(OK).host, '--yes', ...common()], cleared)).toBe(EXIT_OK);
    expect(cleared.stdout.join('\n')).toContain('cleared');
    expect(device(OK).storageBlocks()).toEqual([]);
  });

  it('refuses clear without --yes and init without clients, sending nothing', async () => {
    const before = device(OK).stats.requests;
    const run = io();
    expect(await runCli(['hostid', 'clear', device(OK).host, ...common()], run)).toBe(EXIT_USAGE);
    expect(run.stderr.join('\n')).toMatch(/add --yes to confirm/);
    const none = io();
    expect(await runCli(['hostid', 'init', ...common()], none)).toBe(EXIT_USAGE);
    expect(none.stderr.join('\n')).toMatch(/--file F, --host H\.\.\. or --ip A\.\.\./);
    const badIp = io();
    expect(await runCli(['hostid', 'init', '--ip', 'pc17', ...common()], badIp)).toBe(EXIT_USAGE);
    expect(badIp.stderr.join('\n')).toMatch(/--ip needs an IPv4 address \(got 'pc17'\)/);
    expect(device(OK).stats.requests).toBe(before);
  });
});
