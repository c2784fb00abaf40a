// Subnet-directed broadcast across a real link (mission M6): two network namespaces joined by a veth pair
// on 10.155.77.0/24; `amtctl wake --ip … --mask 24` in one reaches a port-9 listener in the other via
// 10.155.77.255. Needs root and iproute2 (CI has both); elsewhere it skips and prints why.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/amtctl.mjs');
const BUNDLE = join(ROOT, 'dist/cli/amtctl.mjs');
const IP = '/usr/sbin/ip';
const SUFFIX = String(process.pid % 100_000);
const SENDER_NS = `wol155s-${SUFFIX}`;
const RECEIVER_NS = `wol155r-${SUFFIX}`;
const SENDER_LINK = `wv155s${SUFFIX}`; // interface names are at most 15 characters
const RECEIVER_LINK = `wv155r${SUFFIX}`;
const SENDER_CIDR = '10.155.77.1/24';
const RECEIVER_CIDR = '10.155.77.2/24';
const CLIENT_IP = '10.155.77.50'; // a sleeping client's address in that subnet: nothing answers there
const EXPECTED_BROADCAST = '10.155.77.255';
const WOL_PORT = 9; // the real port: the namespace is ours alone, so nothing else can hold it
const MAC = 'a4:ae:11:1c:02:4d';
const GOLDEN_HEX = `${'ff'.repeat(6)}${'a4ae111c024d'.repeat(16)}`;
const LIMIT_MS = 10_000;

function ip(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(IP, args, { encoding: 'utf8', timeout: LIMIT_MS });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function cleanUp(): void {
  // Deleting a namespace also deletes the veth end inside it (and so its peer).
  for (const ns of [SENDER_NS, RECEIVER_NS]) ip('netns', 'delete', ns);
}

function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_SYS_ADMIN)';
  if (!existsSync(IP)) return `${IP} (iproute2) is not installed`;
  if (!existsSync(BUNDLE)) return 'dist/ is not built (run npm run build)';
  // Root inside a container may still lack the capability: try once and say what the kernel answered.
  const probe = `amtwol-probe-${process.pid}`;
  const added = ip('netns', 'add', probe);
  ip('netns', 'delete', probe);
  if (!added.ok) return `this machine refuses to create a network namespace (ip netns add: ${added.output || 'failed'})`;
  return undefined;
}

const skipReason = whyNot();
if (skipReason !== undefined) console.warn(`netns Wake-on-LAN test skipped: ${skipReason}`);

afterAll(cleanUp);

/** Runs a command inside a namespace; resolves with its exit code and output (bounded by LIMIT_MS). */
function inNamespace(ns: string, args: string[], onLine?: (line: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(IP, ['netns', 'exec', ns, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer): void => {
      const text = d.toString();
      output += text;
      for (const line of text.split('\n')) if (line.length > 0) onLine?.(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

// The listener: bound to 0.0.0.0 (a socket bound to the unicast address does not see broadcasts), prints
// "ready", then each datagram's sender and hex, and exits after `count` of them or after its own limit.
const listenerScript = (count: number): string => `
const s = require('node:dgram').createSocket('udp4');
let n = 0;
setTimeout(() => process.exit(3), ${LIMIT_MS - 1_000});
s.on('message', (m, r) => { console.log('got ' + r.address + ' ' + m.toString('hex')); if (++n === ${count}) process.exit(0); });
s.bind(${WOL_PORT}, '0.0.0.0', () => console.log('ready'));`;

describe.skipIf(skipReason !== undefined)('Wake-on-LAN across a veth link', () => {
  it('a subnet-directed broadcast from amtctl (and from wakeonlan) reaches a listener in the other namespace', async () => {
    cleanUp(); // a previous run killed half-way may have left them
    const steps: string[][] = [
      ['netns', 'add', SENDER_NS],
      ['netns', 'add', RECEIVER_NS],
      ['-n', SENDER_NS, 'link', 'add', SENDER_LINK, 'type', 'veth', 'peer', 'name', RECEIVER_LINK, 'netns', RECEIVER_NS],
      ['-n', SENDER_NS, 'addr', 'add', SENDER_CIDR, 'dev', SENDER_LINK],
      ['-n', RECEIVER_NS, 'addr', 'add', RECEIVER_CIDR, 'dev', RECEIVER_LINK],
      ['-n', SENDER_NS, 'link', 'set', SENDER_LINK, 'up'],
      ['-n', RECEIVER_NS, 'link', 'set', RECEIVER_LINK, 'up'],
    ];
    for (const step of steps) {
      const result = ip(...step);
      expect(result.ok, `ip ${step.join(' ')}: ${result.output}`).toBe(true);
    }
    const withWakeonlan = existsSync('/usr/bin/wakeonlan');
    const expected = withWakeonlan ? 2 : 1;
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (markReady = r));
    const listener = inNamespace(RECEIVER_NS, [process.execPath, '-e', listenerScript(expected)], (line) => {
      if (line === 'ready') markReady();
    });
    await Promise.race([ready, listener]);

    const ours = await inNamespace(SENDER_NS, [process.execPath, BIN, 'wake', MAC, '--ip', CLIENT_IP, '--mask', '24', '--repeat', '1', '--json']);
    expect(ours.code, ours.output).toBe(0);
    expect(JSON.parse(ours.output.trim())).toMatchObject({ ok: true, to: EXPECTED_BROADCAST, port: WOL_PORT, packets: 1 });
    if (withWakeonlan) {
      const theirs = await inNamespace(SENDER_NS, ['/usr/bin/wakeonlan', '-i', EXPECTED_BROADCAST, '-p', String(WOL_PORT), MAC]);
      expect(theirs.code, theirs.output).toBe(0);
    }
    const heard = await listener;
    expect(heard.code, heard.output).toBe(0);
    const datagrams = heard.output.split('\n').filter((line) => line.startsWith('got '));
    expect(datagrams).toEqual(Array.from({ length: expected }, () => `got 10.155.77.1 ${GOLDEN_HEX}`));
  }, 30_000);
});
