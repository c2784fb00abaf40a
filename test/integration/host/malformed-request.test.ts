// Issue 12 item 2: one malformed request must not end the headless host. The real host (dist/host/main.mjs)
// runs as a child process; a WebSocket upgrade and a plain GET whose target `new URL` cannot parse (`//[`)
// are answered 400, and the host keeps answering (and its process keeps running) afterwards.
// The host binds 127.0.0.1 on an ephemeral port by design (it never listens elsewhere), so this test uses that.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_SOCKET_PATH } from '../../../shared/ipc';

const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const HOST_ENTRY = join(PROJECT_DIR, 'dist', 'host', 'main.mjs');
const START_LIMIT_MS = 20_000;
const ANSWER_LIMIT_MS = 5_000;

let dir: string;
let child: ChildProcess | undefined;
let url: URL;
let exited: string | undefined;

/** Sends raw request bytes and returns the status line of the answer (or what happened instead). */
function rawStatusLine(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_LIMIT_MS} ms; got ${JSON.stringify(received.slice(0, 200))}`));
    }, ANSWER_LIMIT_MS);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received.split('\r\n')[0] ?? '');
    };
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(request);
  });
}

const hostHeader = (): string => `Host: ${url.host}\r\n`;

beforeAll(async () => {
  if (!existsSync(HOST_ENTRY))
    throw new Error('dist/host/main.mjs is missing: run `npm run build` first (npm test does).');
  dir = mkdtempSync(join(tmpdir(), 'amt-console-malformed-'));
  const started = spawn(process.execPath, [HOST_ENTRY, '--user-data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  started.on('exit', (code, signal) => {
    exited = `exit code ${code}, signal ${signal}`;
  });
  url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`the host printed no URL in time; stderr: ${err.slice(0, 400)}`)),
      START_LIMIT_MS,
    );
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    started.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
  });
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('malformed request targets', () => {
  it('answers a WebSocket upgrade to //[ with 400 and keeps running', async () => {
    const upgrade =
      'GET //[ HTTP/1.1\r\n' +
      hostHeader() +
      `Origin: ${url.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    expect(await rawStatusLine(upgrade)).toBe('HTTP/1.1 400 Bad Request');
    // Still alive: the next request is answered, and the process has not exited.
    expect(await rawStatusLine(`GET ${HOST_SOCKET_PATH} HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 \d{3} /,
    );
    expect(exited).toBeUndefined();
  });

  it('answers a plain GET to //[ with 400 (not 500) and keeps serving the console', async () => {
    expect(await rawStatusLine(`GET //[ HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`)).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    const tokenVisit = `GET /${url.search} HTTP/1.1\r\n${hostHeader()}Connection: close\r\n\r\n`;
    expect(await rawStatusLine(tokenVisit)).toBe('HTTP/1.1 303 See Other');
    expect(exited).toBeUndefined();
  });
});
