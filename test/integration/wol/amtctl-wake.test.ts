// `amtctl wake` end to end over real UDP on loopback 127.155.1.x: runCli in-process (table, JSON, hosts
// file, exit codes, SecureOn never printed) and the built binary (dist/, made by `npm run build`).

import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, runCli } from '../../../main/cli/run-cli';
import { recordingCliIo, type RecordingCliIo } from '../../support/recording-cli-io';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/amtctl.mjs');
const BUNDLE = join(ROOT, 'dist/cli/amtctl.mjs');
const ADDRESS = '127.155.1.7';
const MAC = 'a4:ae:11:1c:02:4d';
const MAC_HEX = 'a4ae111c024d';
const GOLDEN_HEX = `${'ff'.repeat(6)}${MAC_HEX.repeat(16)}`;
const SECUREON = '0a-1b-2c-3d-4e-5f';
const LIMIT_MS = 10_000;

let socket: Socket;
let port = 0;
const received: Buffer[] = [];
const dir = mkdtempSync(join(tmpdir(), 'amtctl-wake-'));

beforeAll(async () => {
  socket = createSocket('udp4');
  socket.on('message', (message) => received.push(message));
  await new Promise<void>((done) => socket.bind(0, ADDRESS, done));
  port = socket.address().port;
});
afterAll(() => {
  socket.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits (bounded) until `count` datagrams are in, then takes them. */
async function take(count: number): Promise<string[]> {
  const started = Date.now();
  while (received.length < count && Date.now() - started < LIMIT_MS) await new Promise((r) => setTimeout(r, 10));
  expect(received.length, 'datagrams received').toBe(count);
  return received.splice(0).map((b) => b.toString('hex'));
}

const io = (): RecordingCliIo => recordingCliIo({}, 'wake must not ask for a password');

describe('amtctl wake (runCli)', () => {
  it('sends --repeat packets of exactly 102 bytes and prints one table row', async () => {
    const cli = io();
    const code = await runCli(
      ['wake', MAC.toUpperCase(), '--broadcast', ADDRESS, '--port', String(port), '--repeat', '2'],
      cli,
    );
    expect(code).toBe(EXIT_OK);
    expect(await take(2)).toEqual([GOLDEN_HEX, GOLDEN_HEX]);
    expect(cli.stdout.join('\n')).toMatch(
      new RegExp(`^MAC +RESULT +SENT TO\\n${MAC} +sent 2 packets +${ADDRESS.replace(/\./g, '\\.')}:${port}$`),
    );
  });

  it('JSON: one line per target in order; a bad MAC fails its own line (exit 1); SecureOn is appended, never printed', async () => {
    const cli = io();
    const code = await runCli(
      [
        'wake',
        MAC,
        'not-a-mac',
        '--broadcast',
        ADDRESS,
        '--port',
        String(port),
        '--repeat',
        '1',
        '--secureon',
        SECUREON,
        '--json',
      ],
      cli,
    );
    expect(code).toBe(EXIT_SOME_FAILED);
    expect(await take(1)).toEqual([`${GOLDEN_HEX}0a1b2c3d4e5f`]);
    const lines = cli.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { mac: MAC, ok: true, to: ADDRESS, port, packets: 1, sizeBytes: 108 },
      {
        mac: 'not-a-mac',
        ok: false,
        error: 'bad-input',
        message: expect.stringMatching(/'not-a-mac' is not a MAC address/),
      },
    ]);
    expect([...cli.stdout, ...cli.stderr].join('\n')).not.toMatch(/0a-1b-2c|0a1b2c3d4e5f/i);
  });

  it("--hosts-file lines 'MAC' use the command line's destination", async () => {
    const file = join(dir, 'wake.txt');
    writeFileSync(file, `# two clients\n${MAC}\na4-ae-11-1c-02-4e   # second\n`);
    const cli = io();
    const code = await runCli(
      ['wake', '-f', file, '--broadcast', ADDRESS, '--port', String(port), '--repeat', '1'],
      cli,
    );
    expect(code).toBe(EXIT_OK);
    expect((await take(2)).sort()).toEqual([GOLDEN_HEX, `${'ff'.repeat(6)}${'a4ae111c024e'.repeat(16)}`].sort());
    expect(cli.stdout.at(-1)).toBe('2 hosts: all succeeded');
  });

  it('usage errors exit 2 before anything is sent, the SecureOn password not echoed', async () => {
    const cases: [string[], RegExp][] = [
      [['wake', MAC], /needs where to send/],
      [['wake', MAC, '--broadcast', ADDRESS, '--secureon', 'hunter-22'], /SecureOn password must be 4 or 6/],
      [['wake', MAC, '--ip', '192.168.1.1', '--mask', '255.255.255.255'], /a \/32 is one host/],
      [['wake', MAC, '--ip', '192.168.1.1', '--mask', '255.255.0.255'], /not contiguous/],
      [['wake', '--broadcast', ADDRESS], /no MAC addresses given/],
    ];
    for (const [argv, reason] of cases) {
      const cli = io();
      expect(await runCli(argv, cli), argv.join(' ')).toBe(EXIT_USAGE);
      expect(cli.stderr[0]).toMatch(reason);
      expect(cli.stderr.join('\n')).not.toContain('hunter-22');
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(0);
  });
});

describe.skipIf(!existsSync(BUNDLE))('amtctl wake (built binary)', () => {
  it('runs as a child process and exits 0 after sending', async () => {
    const result = await new Promise<{ code: number | null; stdout: string }>((done, fail) => {
      const child = spawn(
        process.execPath,
        [BIN, 'wake', MAC, '--broadcast', ADDRESS, '--port', String(port), '--repeat', '1', '--json'],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error('amtctl wake did not finish'));
      }, LIMIT_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout });
      });
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ mac: MAC, ok: true, packets: 1, sizeBytes: 102 });
    expect(await take(1)).toEqual([GOLDEN_HEX]);
  });
});
