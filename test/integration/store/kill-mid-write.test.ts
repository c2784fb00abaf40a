// "Kill the host process in the middle of a write: the database opens cleanly afterwards." A child process
// writes batches (one transaction each); the test SIGKILLs it mid-loop, then opens the file, runs
// integrity_check and checks every batch is whole (all its rows or none).

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileProvider, openStore } from '../../../main/store/index';
import { tempFolder } from './temp-store';

const ROWS_PER_BATCH = 50;
const MAX_BATCHES = 200_000; // bound for the child: it is killed long before
const KILL_AFTER_BATCHES = 40;
const WAIT_LIMIT_MS = 30_000;
const ROUNDS = 3;

const folder = tempFolder('kill');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  folder.remove();
});

/** Starts the writer and resolves once it reported `batches` commits, with the last number it printed. */
function runUntil(path: string, keyFile: string, batches: number): Promise<{ child: ChildProcess; reported: number }> {
  const script = new URL('./kill-writer.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, path, keyFile, String(ROWS_PER_BATCH), String(MAX_BATCHES)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`writer did not reach ${batches} batches in time; stderr: ${err.slice(0, 500)}`)),
      WAIT_LIMIT_MS,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const numbers = [...out.matchAll(/batch (\d+)\n/g)].map((m) => Number(m[1]));
      const last = numbers.at(-1) ?? 0;
      if (last >= batches) {
        clearTimeout(timer);
        resolve({ child, reported: last });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`writer exited (${code}) before ${batches} batches; stderr: ${err.slice(0, 500)}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('killing the process mid-write', () => {
  it(`leaves a database that opens cleanly with only whole transactions (${ROUNDS} rounds)`, async () => {
    const path = folder.file('killed.db');
    const keyFile = folder.file('killed.key');
    let previousBatches = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const { child, reported } = await runUntil(path, keyFile, KILL_AFTER_BATCHES);
      await killed(child);
      expect(child.signalCode).toBe('SIGKILL');

      const store = openStore(path, { keyProvider: keyFileProvider(keyFile) });
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const batches = store.db
          .prepare("SELECT target, COUNT(*) AS n FROM audit_log WHERE actor = 'kill-writer' GROUP BY target")
          .all() as Array<{ target: string; n: number }>;
        // Every batch the child reported as committed is there (synchronous=NORMAL survives a process kill).
        const committed = batches.length - previousBatches;
        expect(committed).toBeGreaterThanOrEqual(reported);
        for (const { target, n } of batches) expect({ target, n }).toEqual({ target, n: ROWS_PER_BATCH });
        expect(store.clients.count()).toBe(batches.length);
        previousBatches = batches.length;
      } finally {
        store.close();
      }
      // Batch numbers restart in the next round's child; make room for its client names.
      const cleanup = openStore(path, { keyProvider: keyFileProvider(keyFile) });
      cleanup.db
        .prepare(
          "UPDATE clients SET host_name = host_name || '-r' || ? WHERE host_name LIKE 'killed-%' AND host_name NOT LIKE '%-r%'",
        )
        .run(round);
      cleanup.db
        .prepare(
          "UPDATE audit_log SET target = target || '-r' || ? WHERE actor = 'kill-writer' AND target NOT LIKE '%-r%'",
        )
        .run(round);
      cleanup.close();
    }
  });
});
