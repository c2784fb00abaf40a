// The BUILT amtctl (bin/amtctl.mjs) as a child process for CLI tests: output collected, killed after a limit, and
// every child still running killed by killAmtctlChildren() in afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(REPO_ROOT, 'bin/amtctl.mjs');
const DEFAULT_LIMIT_MS = 15_000;

export interface AmtctlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
export interface AmtctlRun {
  readonly child: ChildProcess;
  readonly result: Promise<AmtctlResult>;
  readonly stdout: () => string;
}

const children = new Set<ChildProcess>();

export function spawnAmtctl(
  args: readonly string[],
  env: Record<string, string>,
  options: { stdin?: 'pipe' | 'ignore'; stdoutEncoding?: BufferEncoding; limitMs?: number } = {},
): AmtctlRun {
  const limitMs = options.limitMs ?? DEFAULT_LIMIT_MS;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding(options.stdoutEncoding ?? 'utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<AmtctlResult>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`amtctl ${args.join(' ')} did not finish within ${limitMs} ms; stderr: ${stderr}`));
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      done({ code, stdout, stderr });
    });
  });
  return { child, result, stdout: () => stdout };
}

export function killAmtctlChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}
