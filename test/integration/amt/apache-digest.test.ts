// The transport's digest auth against a real digest server nobody here wrote: a private Apache httpd with
// mod_auth_digest on a loopback port, a CGI answering a canned AMT reply (amt-protocols.md §1.7).
// CI installs apache2 (.ci/run); without it this test fails loudly instead of skipping.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWsmanTransport, MemoryPinStore, type WsmanTransport } from '../../../main/amt';
import { AmtError } from '../../../shared/domain';
import { unusedPort } from './digest-peer';

const APACHE_BIN = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const HOST = '127.10.1.1';
const USER = 'amtadmin';
const PASSWORD = 'Apache-Digest-Pw1!';
/** htdigest files are `user:realm:HA1`, so the realm cannot hold ':' like AMT's `Digest:<hex>` (toolchain.md). */
const REALM = 'AMTDigestTest';
const FIXTURE = new URL('../../fixtures/amt-wsman/AMT_GeneralSettings.Get.xml', import.meta.url);
const ENVELOPE = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/><s:Body/></s:Envelope>';
const START_WAIT_MS = 10_000;
const POLL_MS = 50;

let dir = '';
let port = 0;
let apache: ChildProcess | undefined;
let apacheExit: string | undefined;
const transports: WsmanTransport[] = [];

function accessLog(): string[] {
  const path = join(dir, 'access.log');
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

/** Apache writes the access-log line after sending the response: wait (bounded) until `count` lines are there. */
async function accessLogAfter(start: number, count: number): Promise<string[]> {
  for (let i = 0; i < 200 && accessLog().length - start < count; i++) await new Promise((r) => setTimeout(r, POLL_MS));
  return accessLog().slice(start);
}

/**
 * The access log's length once earlier tests' lines have landed: Apache may write a line after the
 * response that ended the previous test, so wait until the length holds still for a few polls (bounded).
 */
async function settledAccessLogLength(): Promise<number> {
  let length = accessLog().length;
  for (let i = 0, still = 0; i < 100 && still < 3; i++) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = accessLog().length;
    still = now === length ? still + 1 : 0;
    length = now;
  }
  return length;
}

function errorLog(): string {
  const path = join(dir, 'error.log');
  return existsSync(path) ? readFileSync(path, 'utf8') : '(no error log)';
}

function canConnect(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: HOST, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function writeConfig(): string {
  const ha1 = createHash('md5').update(`${USER}:${REALM}:${PASSWORD}`).digest('hex');
  writeFileSync(join(dir, 'htdigest'), `${USER}:${REALM}:${ha1}\n`, { mode: 0o644 });
  writeFileSync(join(dir, 'reply.xml'), readFileSync(FIXTURE), { mode: 0o644 });
  // The CGI drains the request body (so keep-alive stays in sync) and answers the canned GetResponse.
  writeFileSync(
    join(dir, 'wsman.cgi'),
    [
      '#!/bin/sh',
      'head -c "${CONTENT_LENGTH:-0}" > /dev/null',
      "printf 'Content-Type: application/soap+xml; charset=UTF-8\\r\\n\\r\\n'",
      `cat '${join(dir, 'reply.xml')}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  // Started as root, Apache refuses to serve as root and switches to `User`/`Group` after binding;
  // nobody/nogroup exist on Debian and can read this world-readable temp dir. As another user the
  // directives are ignored, so they are only written for root.
  const asRoot = process.getuid?.() === 0;
  const conf = [
    `ServerRoot "${dir}"`,
    `ServerName ${HOST}`,
    `Listen ${HOST}:${port}`,
    `PidFile "${join(dir, 'httpd.pid')}"`,
    `DefaultRuntimeDir "${dir}"`,
    `Mutex file:${dir} default`,
    `ErrorLog "${join(dir, 'error.log')}"`,
    'LogLevel warn auth_digest:info',
    `LoadModule mpm_prefork_module ${MODULES}/mod_mpm_prefork.so`,
    `LoadModule authn_core_module ${MODULES}/mod_authn_core.so`,
    `LoadModule authn_file_module ${MODULES}/mod_authn_file.so`,
    `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
    `LoadModule authz_user_module ${MODULES}/mod_authz_user.so`,
    `LoadModule auth_digest_module ${MODULES}/mod_auth_digest.so`,
    `LoadModule alias_module ${MODULES}/mod_alias.so`,
    `LoadModule cgi_module ${MODULES}/mod_cgi.so`,
    ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
    `CustomLog "${join(dir, 'access.log')}" "%>s %m %U"`,
    'KeepAlive On',
    'MaxKeepAliveRequests 100',
    'KeepAliveTimeout 15',
    `DocumentRoot "${dir}"`,
    `ScriptAlias /wsman "${join(dir, 'wsman.cgi')}"`,
    '<Location /wsman>',
    '  AuthType Digest',
    `  AuthName "${REALM}"`,
    '  AuthDigestDomain /wsman',
    '  AuthDigestProvider file',
    `  AuthUserFile "${join(dir, 'htdigest')}"`,
    // Make Apache check that nc grows for a reused nonce, so reuse is really exercised.
    '  AuthDigestNcCheck On',
    '  Require valid-user',
    '</Location>',
    '',
  ].join('\n');
  const confPath = join(dir, 'httpd.conf');
  writeFileSync(confPath, conf, { mode: 0o644 });
  return confPath;
}

beforeAll(async () => {
  if (!existsSync(APACHE_BIN)) {
    throw new Error(
      `${APACHE_BIN} is missing: this test needs Apache httpd with mod_auth_digest as a real digest server. ` +
        'Install it with `apt-get install -y --no-install-recommends apache2` (.ci/run does this).',
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'amt-apache-'));
  chmodSync(dir, 0o755);
  port = await unusedPort(HOST);
  const confPath = writeConfig();
  const check = spawnSync(APACHE_BIN, ['-t', '-f', confPath], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`Apache rejected the test configuration:\n${check.stderr}`);
  // -X: one process in the foreground, so the test owns exactly the process it started.
  apache = spawn(APACHE_BIN, ['-X', '-f', confPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  apache.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  apache.once('exit', (code, signal) => {
    apacheExit = `exit ${code ?? signal}: ${stderr}`;
  });
  const deadline = Date.now() + START_WAIT_MS;
  while (!(await canConnect())) {
    if (apacheExit !== undefined) throw new Error(`Apache stopped at start (${apacheExit})\n${errorLog()}`);
    if (Date.now() > deadline)
      throw new Error(`Apache did not listen on ${HOST}:${port} within ${START_WAIT_MS} ms\n${errorLog()}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
});

// apache2 -X has a single worker: a kept-alive connection left open would make the next test's connection
// wait for KeepAliveTimeout, so each test closes its transports.
afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});

afterAll(async () => {
  if (apache?.pid !== undefined && apacheExit === undefined) {
    const exited = new Promise<void>((resolve) => apache?.once('exit', () => resolve()));
    try {
      process.kill(-apache.pid, 'SIGTERM'); // its process group: Apache and any CGI still running
    } catch {
      apache.kill('SIGTERM');
    }
    const killTimer = setTimeout(() => apache?.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killTimer);
  }
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function transport(password: string): WsmanTransport {
  const t = createWsmanTransport({
    endpoint: { host: HOST, httpPort: port, tlsPort: 1 },
    credentials: { user: USER, password },
    tlsPolicy: 'http-only',
    pins: new MemoryPinStore(),
    connectTimeoutMs: 5_000,
    readTimeoutMs: 5_000,
  });
  transports.push(t);
  return t;
}

describe('WsmanTransport against Apache httpd mod_auth_digest', () => {
  it('authenticates, then reuses the nonce with a growing nc for a one-round-trip second request', async () => {
    const t = transport(PASSWORD);
    const logBefore = await settledAccessLogLength();
    const first = await t.post(ENVELOPE);
    expect(first.status).toBe(200);
    expect(first.body).toBe(readFileSync(FIXTURE, 'utf8'));
    expect(first.headers['content-type']).toMatch(/^application\/soap\+xml/);
    expect(t.stats.requests).toBe(2);

    const second = await t.post(ENVELOPE);
    expect(second.status).toBe(200);
    expect(t.stats.requests).toBe(3);
    const third = await t.post(ENVELOPE);
    expect(third.status).toBe(200);
    expect(t.stats.requests).toBe(4);
    expect(t.negotiated?.serverHeader).toMatch(/Apache/);
    // Apache's own record: one challenge, then three authenticated requests.
    expect(await accessLogAfter(logBefore, 4)).toEqual([
      '401 POST /wsman',
      '200 POST /wsman',
      '200 POST /wsman',
      '200 POST /wsman',
    ]);
  });

  it('really checks nc: Apache refuses a replayed nonce count (so the reuse above was verified, not ignored)', async () => {
    const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
    const post = (authorization?: string): Promise<{ status: number; challenge: string }> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: HOST,
            port,
            method: 'POST',
            path: '/wsman',
            agent: false,
            headers: {
              'Content-Type': 'application/soap+xml',
              ...(authorization ? { Authorization: authorization } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, challenge: String(res.headers['www-authenticate'] ?? '') }),
            );
          },
        );
        req.on('error', reject);
        req.end(ENVELOPE);
      });
    const { challenge } = await post();
    const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
    // mod_auth_digest keys its nonce-count table on `opaque`; without it every request is refused.
    const opaque = /opaque="([^"]+)"/.exec(challenge)?.[1] ?? '';
    const ha2 = md5('POST:/wsman');
    const header = (nc: string): string =>
      `Digest username="${USER}", realm="${REALM}", nonce="${nonce}", uri="/wsman", algorithm=MD5, opaque="${opaque}", qop=auth, nc=${nc}, cnonce="abc", ` +
      `response="${md5(`${md5(`${USER}:${REALM}:${PASSWORD}`)}:${nonce}:${nc}:abc:auth:${ha2}`)}"`;
    expect((await post(header('00000001'))).status).toBe(200);
    expect((await post(header('00000002'))).status).toBe(200);
    // A replay is refused (and Apache then drops that client entry, so it goes last).
    expect((await post(header('00000002'))).status).toBe(401);
  });

  it('refuses a wrong password as auth-failed and sends nothing more for it', async () => {
    const wrong = 'Not-The-Passw0rd!';
    const t = transport(wrong);
    const logBefore = await settledAccessLogLength();
    let error: unknown;
    try {
      await t.post(ENVELOPE);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AmtError);
    expect((error as AmtError).code).toBe('auth-failed');
    expect((error as AmtError).message).not.toContain(wrong);
    expect(await accessLogAfter(logBefore, 2)).toEqual(['401 POST /wsman', '401 POST /wsman']);
    await expect(t.post(ENVELOPE)).rejects.toMatchObject({ code: 'auth-failed' });
    expect(t.stats.requests).toBe(2);
    await new Promise((r) => setTimeout(r, 200)); // a stray request would have been logged by now
    expect(accessLog().length - logBefore).toBe(2);
    // Apache writes its error log asynchronously; under load the line can trail the response a little.
    for (let i = 0; i < 200 && !/password mismatch|user .* not found|Digest/.test(errorLog()); i++)
      await new Promise((r) => setTimeout(r, POLL_MS));
    expect(errorLog()).toMatch(/password mismatch|user .* not found|Digest/);
  });
});
