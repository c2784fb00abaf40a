// Network namespaces that a test creates for itself (iproute2): two hosts on one veth link, commands run inside
// either, and a probe that says why a machine cannot make them (not root, no iproute2, a container without the
// capability). Every process started here is bounded by a time limit and killed with its namespace's test.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const IP = '/usr/sbin/ip';

export function ip(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(IP, args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** Why this machine cannot create network namespaces, or undefined when it can (tried once, then removed). */
export function namespaceSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_SYS_ADMIN)';
  if (!existsSync(IP)) return `${IP} (iproute2) is not installed`;
  const probe = `amt-probe-${process.pid}`;
  const added = ip('netns', 'add', probe);
  ip('netns', 'delete', probe);
  if (!added.ok)
    return `this machine refuses to create a network namespace (ip netns add: ${added.output || 'failed'})`;
  return undefined;
}

export const TCPDUMP = '/usr/bin/tcpdump';
export const WAKEONLAN = '/usr/bin/wakeonlan';

/**
 * Why a Wake-on-LAN capture test cannot run here: no namespaces, no tcpdump or Debian's wakeonlan to capture and
 * compare with, or no built bundle it needs (`requiredFiles`: what `npm run build` makes); undefined when it can.
 */
export function wakeCaptureSkipReason(requiredFiles: readonly string[]): string | undefined {
  const kernel = namespaceSkipReason();
  if (kernel !== undefined) return kernel;
  if (!existsSync(TCPDUMP)) return `${TCPDUMP} is not installed (Debian's tcpdump; .ci/run installs it)`;
  if (!existsSync(WAKEONLAN)) return `${WAKEONLAN} is not installed (Debian's wakeonlan; .ci/run installs it)`;
  const missing = requiredFiles.find((file) => !existsSync(file));
  if (missing !== undefined) return `${missing} is not built (run npm run build)`;
  return undefined;
}

export interface VethPair {
  /** Namespace and interface (at most 15 characters) of each end, and its address as CIDR. */
  readonly a: { readonly ns: string; readonly link: string; readonly cidr: string };
  readonly b: { readonly ns: string; readonly link: string; readonly cidr: string };
}

/** Deleting a namespace deletes the veth end inside it, and so its peer. Safe to call when they do not exist. */
export function deleteNamespaces(pair: VethPair): void {
  for (const ns of [pair.a.ns, pair.b.ns]) ip('netns', 'delete', ns);
}

/** Two namespaces joined by a veth pair, both ends up with their addresses; throws with iproute2's words. */
export function createVethPair(pair: VethPair): void {
  deleteNamespaces(pair); // a previous run killed half-way may have left them
  const steps: string[][] = [
    ['netns', 'add', pair.a.ns],
    ['netns', 'add', pair.b.ns],
    ['-n', pair.a.ns, 'link', 'add', pair.a.link, 'type', 'veth', 'peer', 'name', pair.b.link, 'netns', pair.b.ns],
    ['-n', pair.a.ns, 'addr', 'add', pair.a.cidr, 'dev', pair.a.link],
    ['-n', pair.b.ns, 'addr', 'add', pair.b.cidr, 'dev', pair.b.link],
    ['-n', pair.a.ns, 'link', 'set', pair.a.link, 'up'],
    ['-n', pair.b.ns, 'link', 'set', pair.b.link, 'up'],
    ['-n', pair.a.ns, 'link', 'set', 'lo', 'up'],
    ['-n', pair.b.ns, 'link', 'set', 'lo', 'up'],
  ];
  for (const step of steps) {
    const result = ip(...step);
    if (!result.ok) throw new Error(`ip ${step.join(' ')}: ${result.output}`);
  }
}

export interface NamespaceProcess {
  readonly child: ChildProcess;
  /** Resolves when the process ends (or is killed at its limit), with its exit code and everything it printed. */
  readonly done: Promise<{ code: number | null; output: string }>;
}

/** Runs a command inside a namespace; `onLine` sees each line of its output; killed after `limitMs`. */
export function inNamespace(
  ns: string,
  args: string[],
  options: { cwd?: string; limitMs: number; onLine?: (line: string) => void; stdin?: boolean },
): NamespaceProcess {
  const child = spawn(IP, ['netns', 'exec', ns, ...args], {
    cwd: options.cwd,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const collect = (d: Buffer): void => {
    const text = d.toString();
    output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.length > 0) options.onLine?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs);
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial.length > 0) options.onLine?.(partial);
      resolve({ code, output });
    });
  });
  return { child, done };
}

/** Resolves when `line` matches `test`, or rejects when the process ends first or `limitMs` passes. */
export function waitForLine(
  run: NamespaceProcess,
  lines: string[],
  test: (line: string) => boolean,
  limitMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const found = lines.find(test);
      if (found !== undefined) {
        clearInterval(timer);
        resolve(found);
      } else if (Date.now() - started > limitMs) {
        clearInterval(timer);
        reject(new Error(`no such line within ${limitMs} ms; output so far:\n${lines.join('\n')}`));
      }
    }, 10);
    void run.done.then(({ output }) => {
      const found = lines.find(test);
      clearInterval(timer);
      if (found !== undefined) resolve(found);
      else reject(new Error(`the process ended before the line came:\n${output}`));
    });
  });
}
