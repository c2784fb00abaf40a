// `npm run demo` as a person runs it (on its own loopback range): it must say which console it started and
// print a working host URL; the seeded console must show the promised fleet (two relays, twelve clients,
// two without AMT, one with a wrong password). Needs the build (npm test builds first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const root = join(import.meta.dirname, '..', '..', '..');
const built = existsSync(join(root, 'dist/host/main.mjs')) && existsSync(join(root, 'dist/sim/index.mjs'));
if (!built) console.warn('demo test skipped: dist/ is not built (run `npm run build` or `npm test`)');

let child: ChildProcess | undefined;
afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe.skipIf(!built)('npm run demo', () => {
  it('starts the headless host on a seeded fleet and says so', async () => {
    child = spawn(process.execPath, [join(root, 'scripts/demo.mjs'), '--base-address', '127.112.0.1', '--headless'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed in time; output so far:\n${output}`)), 45_000);
      child?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
      child?.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    expect(output).toMatch(/Started: the headless host, not Electron \(--headless was given\)/);
    expect(output).toContain('127.112.0.1');
    expect(output).not.toContain('Started: the Electron console');

    const { port, searchParams } = new URL(url);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc?token=${searchParams.get('token')}`, {
      origin: `http://127.0.0.1:${port}`,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const reply = await new Promise<{
      reply: {
        ok: boolean;
        value: { relays: unknown[]; clients: Array<{ amtVersion: string | null; problem: { code: string } | null }> };
      };
    }>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.send(JSON.stringify({ id: 1, channel: 'fleet:snapshot', request: {} }));
    });
    socket.close();
    const { relays, clients } = reply.reply.value;
    expect(relays).toHaveLength(2);
    expect(clients).toHaveLength(12);
    expect(clients.filter((c) => c.amtVersion === null)).toHaveLength(2);
    expect(clients.filter((c) => c.problem?.code === 'auth-failed')).toHaveLength(1);
  });
});
