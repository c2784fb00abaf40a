// Must show: "Kill the host process in the middle of a write: the database opens cleanly afterwards" —
// with the REAL headless host (dist/host/main.mjs) as a child process. CSV imports of thousands of rows
// (each one transaction in the store) are queued over its WebSocket API; the host is SIGKILLed as soon as
// a second connection sees it holding the write lock (inside an import's transaction). Then main/store's openDatabase opens the file, integrity_check is ok, and every
// import is whole (all its rows or none); finally the host itself starts again on the killed database.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { WebSocket } from 'ws';
import { openDatabase } from '../../../main/store/index';
import { HOST_SOCKET_PATH, type Channel, type IpcReply, type WireReply } from '../../../shared/ipc';

const PROJECT_DIR = join(import.meta.dirname, '..', '..', '..');
const HOST_ENTRY = join(PROJECT_DIR, 'dist', 'host', 'main.mjs');
const DATABASE_FILE = 'amt-console.db'; // main/core.ts DATABASE_FILE_NAME
const ROWS_PER_IMPORT = 8_000;
const IMPORTS_PER_ROUND = 6; // the first is awaited, the rest queued before the kill
const ROUNDS = 3;
const START_LIMIT_MS = 20_000;
const CALL_LIMIT_MS = 30_000;
const ANCHOR_HOST = 'anchor-before-any-kill';
const MAX_LOCK_PROBES = 20_000;
const SQLITE_BUSY = 'SQLITE_BUSY';

let userDataDir: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  if (!existsSync(HOST_ENTRY))
    throw new Error('dist/host/main.mjs is missing: run `npm run build` first (npm test does).');
  userDataDir = mkdtempSync(join(tmpdir(), 'amt-console-kill-host-'));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

interface RunningHost {
  readonly child: ChildProcess;
  readonly socket: WebSocket;
  readonly replies: Map<number, IpcReply<unknown>>;
  onReply?: (id: number) => void;
}

/** Starts the host, reads the URL it prints (token inside), connects with the host's own Origin. */
async function startHost(): Promise<RunningHost> {
  const child = spawn(process.execPath, [HOST_ENTRY, '--user-data-dir', userDataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`the host printed no URL in time; stderr: ${err.slice(0, 400)}`)),
      START_LIMIT_MS,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (${code}) before printing its URL; stderr: ${err.slice(0, 400)}`));
    });
  });
  const token = url.searchParams.get('token');
  if (!token) throw new Error(`no token in ${url.href}`);
  const socket = new WebSocket(`ws://${url.host}${HOST_SOCKET_PATH}?token=${encodeURIComponent(token)}`, {
    origin: url.origin,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const host: RunningHost = { child, socket, replies: new Map() };
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Partial<WireReply>;
    if (typeof frame.id !== 'number' || !frame.reply) return; // events
    host.replies.set(frame.id, frame.reply);
    host.onReply?.(frame.id);
  });
  return host;
}

function send(host: RunningHost, id: number, channel: Channel, request: unknown): void {
  host.socket.send(JSON.stringify({ id, channel, request }));
}

function replyTo(host: RunningHost, id: number): Promise<IpcReply<unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const reply = host.replies.get(id);
      if (reply) {
        clearInterval(timer);
        clearTimeout(limit);
        resolve(reply);
      }
    }, 5);
    const limit = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`no reply to call ${id} in time`));
    }, CALL_LIMIT_MS);
  });
}

async function call(host: RunningHost, id: number, channel: Channel, request: unknown): Promise<unknown> {
  send(host, id, channel, request);
  const reply = await replyTo(host, id);
  if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * Waits (bounded) until the host holds the database's write lock, i.e. is inside a write transaction: a
 * second connection's BEGIN IMMEDIATE then fails with SQLITE_BUSY at once (busy timeout 0). The probe is
 * closed before returning so it can never be the last connection (which would checkpoint the WAL itself).
 */
async function waitUntilHostWrites(databasePath: string): Promise<boolean> {
  const probe = new Sqlite(databasePath, { timeout: 0 });
  try {
    for (let attempt = 0; attempt < MAX_LOCK_PROBES; attempt++) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch (error) {
        if ((error as { code?: string }).code === SQLITE_BUSY) return true;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return false;
  } finally {
    probe.close();
  }
}

function importCsv(prefix: string): string {
  const lines = ['Host name,IP address,MAC address,OS,AMT firmware version'];
  for (let i = 0; i < ROWS_PER_IMPORT; i++) {
    // Addresses in this helper's loopback range; an import stores them and contacts nothing.
    const ip = `127.${135 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`;
    const mac = `02:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
    lines.push(`${prefix}${i},${ip},${mac},Windows 11,16.1.30`);
  }
  return `${lines.join('\n')}\n`;
}

describe('SIGKILL of the headless host in the middle of CSV imports', () => {
  it(`leaves a database that opens cleanly with whole imports only (${ROUNDS} rounds), and the host starts on it again`, async () => {
    const wholeImports: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const host = await startHost();
      let nextId = 1;
      if (round === 1) await call(host, nextId++, 'clients:add', { hostName: ANCHOR_HOST, ip: '127.135.255.1' });

      // The first import is awaited: it is committed before any kill.
      const prefixes = Array.from({ length: IMPORTS_PER_ROUND }, (_, i) => `r${round}-import${i + 1}-pc-`);
      const first = (await call(host, nextId++, 'clients:import-csv', { csv: importCsv(prefixes[0] as string) })) as {
        added: number;
        errors: unknown[];
      };
      expect(first).toMatchObject({ added: ROWS_PER_IMPORT, errors: [] });

      // Queue the rest; once the first of them is answered, the host goes on writing the next: kill it
      // the moment it is seen holding the write lock.
      const queuedIds = prefixes.slice(1).map((prefix) => {
        const id = nextId++;
        send(host, id, 'clients:import-csv', { csv: importCsv(prefix) });
        return id;
      });
      await replyTo(host, queuedIds[0] as number);
      expect(await waitUntilHostWrites(join(userDataDir, DATABASE_FILE))).toBe(true);
      await killed(host.child);
      host.socket.terminate();
      expect(host.child.signalCode).toBe('SIGKILL');
      const answered = queuedIds.filter((id) => host.replies.has(id)).length;
      // The kill came while imports were still queued or running: not all of them were answered.
      expect(answered).toBeLessThan(queuedIds.length);
      // The process died without closing the database: its write-ahead log is still there to recover.
      expect(statSync(join(userDataDir, `${DATABASE_FILE}-wal`)).size).toBeGreaterThan(0);

      const db = openDatabase(join(userDataDir, DATABASE_FILE));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.prepare('SELECT COUNT(*) AS n FROM clients WHERE host_name = ?').get(ANCHOR_HOST)).toEqual({ n: 1 });
        const counts = prefixes.map(
          (prefix) =>
            (db.prepare('SELECT COUNT(*) AS n FROM clients WHERE host_name LIKE ?').get(`${prefix}%`) as { n: number })
              .n,
        );
        // Every import is a whole transaction: all of its rows or none.
        for (const [i, n] of counts.entries())
          expect({ import: prefixes[i], rows: n }).toEqual({
            import: prefixes[i],
            rows: n === 0 ? 0 : ROWS_PER_IMPORT,
          });
        // Every import the host answered is there; at least one queued import is not (it was cut off).
        const answeredCount = 1 + answered;
        expect(counts.slice(0, answeredCount).every((n) => n === ROWS_PER_IMPORT)).toBe(true);
        expect(counts.some((n) => n === 0)).toBe(true);
        wholeImports.push(...prefixes.filter((_, i) => counts[i] === ROWS_PER_IMPORT));
        console.log(
          `[kill-host] round ${round}: ${answeredCount} imports answered, ${counts.filter((n) => n > 0).length} of ${IMPORTS_PER_ROUND} whole in the file, the rest absent`,
        );
      } finally {
        db.close();
      }
    }

    // The console itself opens the killed database and shows exactly the committed clients.
    const host = await startHost();
    try {
      const snapshot = (await call(host, 1, 'fleet:snapshot', {})) as { clients: Array<{ hostName: string }> };
      expect(snapshot.clients.length).toBe(1 + wholeImports.length * ROWS_PER_IMPORT);
    } finally {
      host.socket.close();
      await killed(host.child);
    }
  });
});
