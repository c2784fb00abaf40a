// Subnet-directed broadcast across a real link (mission M6): two network namespaces joined by a veth pair
// on 10.155.77.0/24; `amtctl wake --ip … --mask 24` in one reaches a port-9 listener in the other via
// 10.155.77.255. Needs root and iproute2 (CI has both); elsewhere it skips and prints why.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVethPair, deleteNamespaces, inNamespace, namespaceSkipReason, type VethPair } from '../../support/netns';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/amtctl.mjs');
const BUNDLE = join(ROOT, 'dist/cli/amtctl.mjs');
const SUFFIX = String(process.pid % 100_000);
// Interface names are at most 15 characters.
const PAIR: VethPair = {
  a: { ns: `wol155s-${SUFFIX}`, link: `wv155s${SUFFIX}`, cidr: '10.155.77.1/24' },
  b: { ns: `wol155r-${SUFFIX}`, link: `wv155r${SUFFIX}`, cidr: '10.155.77.2/24' },
};
const SENDER_NS = PAIR.a.ns;
const RECEIVER_NS = PAIR.b.ns;
const CLIENT_IP = '10.155.77.50'; // a sleeping client's address in that subnet: nothing answers there
const EXPECTED_BROADCAST = '10.155.77.255';
const WOL_PORT = 9; // the real port: the namespace is ours alone, so nothing else can hold it
const MAC = 'a4:ae:11:1c:02:4d';
const GOLDEN_HEX = `${'ff'.repeat(6)}${'a4ae111c024d'.repeat(16)}`;
const LIMIT_MS = 10_000;

function whyNot(): string | undefined {
  if (!existsSync(BUNDLE)) return 'dist/ is not built (run npm run build)';
  return namespaceSkipReason();
}

const skipReason = whyNot();
if (skipReason !== undefined) console.warn(`netns Wake-on-LAN test skipped: ${skipReason}`);

afterAll(() => deleteNamespaces(PAIR));

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
    createVethPair(PAIR);
    const withWakeonlan = existsSync('/usr/bin/wakeonlan');
    const expected = withWakeonlan ? 2 : 1;
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (markReady = r));
    const listener = inNamespace(RECEIVER_NS, [process.execPath, '-e', listenerScript(expected)], {
      cwd: ROOT,
      limitMs: LIMIT_MS,
      onLine: (line) => {
        if (line === 'ready') markReady();
      },
    }).done;
    await Promise.race([ready, listener]);

    const ours = await inNamespace(
      SENDER_NS,
      [process.execPath, BIN, 'wake', MAC, '--ip', CLIENT_IP, '--mask', '24', '--repeat', '1', '--json'],
      {
        cwd: ROOT,
        limitMs: LIMIT_MS,
      },
    ).done;
    expect(ours.code, ours.output).toBe(0);
    expect(JSON.parse(ours.output.trim())).toMatchObject({
      ok: true,
      to: EXPECTED_BROADCAST,
      port: WOL_PORT,
      packets: 1,
    });
    if (withWakeonlan) {
      const theirs = await inNamespace(
        SENDER_NS,
        ['/usr/bin/wakeonlan', '-i', EXPECTED_BROADCAST, '-p', String(WOL_PORT), MAC],
        { limitMs: LIMIT_MS },
      ).done;
      expect(theirs.code, theirs.output).toBe(0);
    }
    const heard = await listener;
    expect(heard.code, heard.output).toBe(0);
    const datagrams = heard.output.split('\n').filter((line) => line.startsWith('got '));
    expect(datagrams).toEqual(Array.from({ length: expected }, () => `got 10.155.77.1 ${GOLDEN_HEX}`));
  }, 30_000);
});
