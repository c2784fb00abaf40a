// Exit codes and stream discipline of amtctl's runCli (main/cli/run-cli.ts) without a device: usage
// errors are 2 with one line and the short usage, unreachable hosts are 1 with a line each.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, runCli } from '../../../../main/cli/run-cli';
import { recordingCliIo, type RecordingCliIo } from '../../../support/recording-cli-io';

const dir = mkdtempSync(join(tmpdir(), 'amtctl-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'Unit-Secret-77!';

function io(env: Record<string, string | undefined> = { AMT_PASSWORD: PASSWORD }): RecordingCliIo {
  return recordingCliIo({ XDG_CONFIG_HOME: dir, ...env }, 'must not prompt');
}

describe('runCli exit codes', () => {
  it.each([
    [['frobnicate']],
    [['power', 'status']],
    [['power', 'status', '--range', '10.0.0.0/8']],
    [['boot', '127.57.1.1', '--to', 'usb']],
    [['info', '127.57.1.1', '--hosts-file', join(dir, 'missing.txt')]],
    [['info', '127.57.1.1', '--pin', 'not-a-fingerprint']],
    [['info', '127.57.1.1', '127.57.1.2', '--pin', 'ab'.repeat(32)]],
  ])('returns 2 for %j with "amtctl: <one line>" and the short usage on stderr', async (argv) => {
    const streams = io();
    expect(await runCli(argv, streams)).toBe(EXIT_USAGE);
    expect(streams.stdout).toEqual([]);
    const text = streams.stderr.join('\n');
    expect(text).toMatch(/^amtctl: [^\n]+\nusage: amtctl power/);
  });

  it('returns 2 when there is no password and no terminal to ask on', async () => {
    const streams = io({});
    expect(await runCli(['info', '127.57.1.1'], streams)).toBe(EXIT_USAGE);
    expect(streams.stderr.join('\n')).toContain('AMT_PASSWORD');
  });

  it('returns 0 for --help and prints the full help on stdout', async () => {
    const streams = io();
    expect(await runCli(['--help'], streams)).toBe(EXIT_OK);
    expect(streams.stdout.join('\n')).toContain(
      'Exit status: 0 all hosts succeeded, 1 some host failed, 2 usage error.',
    );
  });

  it('returns 1 and one JSON line per host when nothing answers, never printing the password', async () => {
    const hostsFile = join(dir, 'hosts.txt');
    writeFileSync(hostsFile, '# nothing listens here\n127.57.1.2\n');
    const streams = io();
    const code = await runCli(
      ['power', 'status', '127.57.1.1', '--hosts-file', hostsFile, '--json', '--timeout', '2000'],
      streams,
    );
    expect(code).toBe(EXIT_SOME_FAILED);
    const lines = streams.stdout.map(
      (l) => JSON.parse(l) as { host: string; ok: boolean; error: string; message: string },
    );
    expect(lines.map((l) => l.host)).toEqual(['127.57.1.1', '127.57.1.2']);
    for (const line of lines) {
      expect(line.ok).toBe(false);
      expect(line.error).toBe('unreachable');
      expect(line.message).toBe(`no AMT answers at ${line.host} (nothing listens on 16992/16993)`);
    }
    expect([...streams.stdout, ...streams.stderr].join('\n')).not.toContain(PASSWORD);
  });

  it('reports progress for the table as hosts finish, ending with all done', async () => {
    const streams = io();
    const seen: string[] = [];
    const code = await runCli(['power', 'status', '127.57.1.4', '127.57.1.5', '--timeout', '2000'], {
      ...streams,
      progress: (done, total) => seen.push(`${done}/${total}`),
    });
    expect(code).toBe(EXIT_SOME_FAILED);
    expect(seen).toEqual(['1/2', '2/2']);
    expect(streams.stdout.join('\n')).toMatch(/^HOST {8}POWER {3}VIA\n127\.57\.1\.4  FAILED  no AMT answers/);
  });

  it('fails a malformed host on its own line without stopping the others', async () => {
    const streams = io();
    const code = await runCli(['power', 'status', 'bad host!', '127.57.1.3', '--json', '--timeout', '2000'], streams);
    expect(code).toBe(EXIT_SOME_FAILED);
    const lines = streams.stdout.map((l) => JSON.parse(l) as { host: string; error: string });
    expect(lines.map((l) => [l.host, l.error])).toEqual([
      ['bad host!', 'bad-input'],
      ['127.57.1.3', 'unreachable'],
    ]);
  });
});
