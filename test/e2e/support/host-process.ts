// The headless host as a separate process (node dist/host/main.mjs) with a fresh user-data folder, for
// the browser e2e tests and the tree bench: its stdout and stderr are kept so tests can search them,
// and a Node WebSocket client (token in the URL, the host's own Origin) calls the router the way the page does.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

const ROOT = resolve(import.meta.dirname, '../../..');
const HOST_ENTRY = join(ROOT, 'dist/host/main.mjs');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const CALL_TIMEOUT_MS = 60_000;
const OPEN_LINE = /^Open: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9A-Za-z_-]+))$/m;

export interface HostProcess {
  /** The printed URL with its one-time token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly userDataDir: string;
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the host; its user-data folder is removed unless kept (to open it in another shell). */
  stop(options?: { readonly keepUserData?: boolean }): Promise<void>;
}

/** `args`: more host options (the jobs e2e passes its Wake-on-LAN port and unicast mode). */
export async function startHostProcess(args: readonly string[] = []): Promise<HostProcess> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'amt-console-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [HOST_ENTRY, '--user-data-dir', userDataDir, ...args],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      // The vault key comes from a key file in the fresh folder, never from a passphrase in the environment.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'AMT_CONSOLE_PASSPHRASE')),
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const stop = async (options: { readonly keepUserData?: boolean } = {}): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepUserData) rmSync(userDataDir, { recursive: true, force: true });
  };

  const match = await new Promise<RegExpExecArray>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the host printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const check = (): void => {
      const found = OPEN_LINE.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        done(found);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the host exited (${code}) before printing its URL:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop({});
    throw error;
  });
  const port = Number(match[2]);
  return {
    url: match[1]!,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: match[3]!,
    userDataDir,
    output: () => output,
    stop,
  };
}

export interface RouterClient {
  /** Resolves to the reply's value; rejects with `channel: code: message` when the router refused. */
  call(channel: string, request: unknown): Promise<any>;
  /** The raw reply ({ok, value} or {ok:false, error}) of one call. */
  reply(
    channel: string,
    request: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  close(): Promise<void>;
}

/** A Node client of the host's WebSocket, authenticated as the page is (token + own Origin). */
export async function connectRouterClient(host: Pick<HostProcess, 'origin' | 'port' | 'token'>): Promise<RouterClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`, {
    origin: host.origin,
    maxPayload: 256 * 1024 * 1024,
  });
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  const pending = new Map<number, (reply: any) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; reply?: unknown };
    if (typeof frame.id === 'number') pending.get(frame.id)?.(frame.reply);
  });
  let nextId = 1;
  const reply = (channel: string, request: unknown): Promise<any> => {
    const id = nextId++;
    return new Promise((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${channel}: no reply within ${CALL_TIMEOUT_MS} ms`)),
        CALL_TIMEOUT_MS,
      );
      pending.set(id, (value) => {
        clearTimeout(timer);
        pending.delete(id);
        done(value);
      });
      socket.send(JSON.stringify({ id, channel, request }));
    });
  };
  return {
    reply,
    async call(channel, request) {
      const answer = await reply(channel, request);
      if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}: ${answer.error.message}`);
      return answer.value;
    },
    close: () =>
      new Promise<void>((done) => {
        if (socket.readyState === WebSocket.CLOSED) return done();
        socket.once('close', () => done());
        socket.close();
      }),
  };
}
