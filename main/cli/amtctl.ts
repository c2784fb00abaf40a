// amtctl entry point (bin/amtctl.mjs loads the bundle of this file): wires the process's streams,
// environment, terminal and signals into runCli and exits with its code. Issue spec "amtctl".

import { EXIT_OK, EXIT_SOME_FAILED, runCli } from './run-cli';
import { promptWithoutEcho } from './password';

/** Exits once stdout has drained, so no stray socket or timer can keep amtctl alive after its work. */
function exitWith(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

// A closed pipe (amtctl … | head) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_OK);
});

const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/** "12/300 hosts done" rewritten in place on a terminal; cleared when the last host is done. */
function showProgress(done: number, total: number): void {
  process.stderr.write(done < total ? `\r${done}/${total} hosts done` : '\r\u001b[K');
}

/** One status line rewritten in place; an empty text clears it. */
function showStatusLine(text: string): void {
  process.stderr.write(`\r\u001b[K${text}`);
}

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  stdinIsTty: process.stdin.isTTY === true,
  prompt: promptWithoutEcho,
  stopSignal,
  ...(process.stderr.isTTY ? { progress: showProgress, statusLine: showStatusLine } : {}),
  terminal: { input: process.stdin, write: (bytes) => process.stdout.write(bytes) },
}).then(exitWith, (error: unknown) => {
  process.stderr.write(`amtctl: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  exitWith(EXIT_SOME_FAILED);
});
