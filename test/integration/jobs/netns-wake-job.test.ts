// Must-show (issue 7): Wake-on-LAN for real. Two network namespaces that this test creates, joined by a veth
// link on 10.155.78.0/24: the console's (`amtctl job create --wait` over a data folder on disk) and the client's
// subnet, where a simulated PC without AMT sleeps and tcpdump captures. The job's magic packet goes to the
// subnet-directed broadcast, is captured there with the same bytes as Debian's `wakeonlan` sends for the same
// MAC, wakes the simulated PC (its own receiver counted it), and the job sees the PC's OS answer and ends done.
// Where the kernel refuses namespaces the test says why; the same job flow runs on loopback in mixed-fleet.test.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_PASSWORD } from '../../sim/index';
import {
  createVethPair,
  deleteNamespaces,
  inNamespace,
  waitForLine,
  type NamespaceProcess,
  type VethPair,
  TCPDUMP,
  WAKEONLAN,
  wakeCaptureSkipReason,
} from '../../support/netns';
import { readPcapUdp } from '../../support/pcap-udp';
import { openHarnessStore } from './job-harness';

const ROOT = resolve(import.meta.dirname, '../../..');
const AMTCTL = join(ROOT, 'bin/amtctl.mjs');
const SIM_BUNDLE = join(ROOT, 'dist/sim/index.mjs');
const SUFFIX = String(process.pid % 100_000);
const PAIR: VethPair = {
  a: { ns: `job78c-${SUFFIX}`, link: `jv78c${SUFFIX}`, cidr: '10.155.78.1/24' },
  b: { ns: `job78s-${SUFFIX}`, link: `jv78s${SUFFIX}`, cidr: '10.155.78.50/24' },
};
const CONSOLE_IP = '10.155.78.1';
const CLIENT_IP = '10.155.78.50';
const BROADCAST = '10.155.78.255';
const WOL_PORT = 9; // the real port: the namespaces are ours alone
const OS_PORT = 40_760;
const UP_DELAY_MS = 400;
const LIMIT_MS = 60_000;
/** The job's sender repeats the datagram (main/wol/send.ts DEFAULT_REPEAT_COUNT). */
const JOB_PACKETS = 3;

const skipReason = wakeCaptureSkipReason([SIM_BUNDLE]);
if (skipReason !== undefined)
  console.warn(`netns Wake-on-LAN job test skipped: ${skipReason}; the loopback flow runs in mixed-fleet.test.ts`);

// The simulated PC in the client's subnet: no AMT, asleep in soft-off, a Wake-on-LAN receiver on port 9 that sees
// the subnet's broadcasts, and an OS answering on OS_PORT once up. It prints one JSON line when ready, and its
// counters on each line read from stdin; it ends when stdin closes (or after its own limit).
const simScript = `
const { startFleet, POWER_OFF_SOFT } = await import(process.argv[1]);
const fleet = await startFleet({ count: 1, seed: 'netns-job', namespaceAddress: '${CLIENT_IP}', withoutAmt: [0],
  wakeOnLan: true, wakeOnLanPort: ${WOL_PORT}, osPort: ${OS_PORT}, upDelayMs: ${UP_DELAY_MS}, initialPowerState: POWER_OFF_SOFT });
const d = fleet.devices[0];
const limit = setTimeout(() => process.exit(3), ${LIMIT_MS});
console.log(JSON.stringify({ ready: true, hostName: d.hostName, mac: d.mac }));
process.stdin.on('data', () => console.log(JSON.stringify({ actions: d.actionsReceived(), power: d.getPowerState() })));
process.stdin.on('end', async () => { clearTimeout(limit); await fleet.close(); process.exit(0); });
`;

describe.skipIf(skipReason !== undefined)("a job's Wake-on-LAN across a real link", () => {
  let dir: string;
  let sim: NamespaceProcess | undefined;
  let capture: NamespaceProcess | undefined;
  const simLines: string[] = [];
  const captureLines: string[] = [];
  const pcap = (): string => join(dir, 'client-subnet.pcap');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amt-console-netns-job-'));
    createVethPair(PAIR);
    sim = inNamespace(PAIR.b.ns, [process.execPath, '--input-type=module', '-e', simScript, SIM_BUNDLE], {
      cwd: ROOT,
      limitMs: LIMIT_MS,
      stdin: true,
      onLine: (l) => simLines.push(l),
    });
    await waitForLine(sim, simLines, (l) => l.includes('"ready":true'), 15_000);
    capture = inNamespace(
      PAIR.b.ns,
      [
        TCPDUMP,
        '-i',
        PAIR.b.link,
        '-n',
        '-U',
        '--immediate-mode',
        '-Z',
        'root',
        '-w',
        pcap(),
        'udp',
        'port',
        String(WOL_PORT),
      ],
      {
        limitMs: LIMIT_MS,
        onLine: (l) => captureLines.push(l),
      },
    );
    // -Z root: tcpdump keeps root to write into this test's private (0700) folder; --immediate-mode and -U: each
    // packet is on disk when it arrives, not after the capture buffer's timeout.
    await waitForLine(capture, captureLines, (l) => l.includes('listening on'), 15_000);
  }, 40_000);

  afterAll(async () => {
    capture?.child.kill('SIGINT');
    sim?.child.stdin?.end();
    await Promise.all([capture?.done, sim?.done]);
    deleteNamespaces(PAIR);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The simulated PC's own counters, asked over its stdin. */
  async function simReport(): Promise<{ actions: { magicPackets: number; powerOn: number }; power: number }> {
    const before = simLines.length;
    sim?.child.stdin?.write('report\n');
    const line = await waitForLine(
      sim as NamespaceProcess,
      simLines,
      (l) => simLines.indexOf(l) >= before && l.includes('"actions"'),
      5_000,
    );
    return JSON.parse(line) as { actions: { magicPackets: number; powerOn: number }; power: number };
  }

  it(
    'wakes the PC through the subnet-directed broadcast, captured there with the bytes of Debian wakeonlan',
    async () => {
      const { hostName, mac } = JSON.parse(simLines.find((l) => l.includes('"ready":true')) as string) as {
        hostName: string;
        mac: string;
      };
      const store = openHarnessStore(dir);
      store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
      store.clients.add({ hostName, ip: CLIENT_IP, amtPort: null, mac, subnetMask: '255.255.255.0', amtVersion: null });
      store.close();
      expect((await simReport()).actions.magicPackets).toBe(0);

      const job = inNamespace(
        PAIR.a.ns,
        [
          process.execPath,
          AMTCTL,
          'job',
          'create',
          '--name',
          'Night wake',
          '--type',
          'power-on',
          '--client',
          hostName,
          '--up-port',
          String(OS_PORT),
          '--wait-sec',
          '30',
          '--poll-ms',
          '100',
          '--wait',
          '--json',
          '--data',
          dir,
        ],
        { cwd: ROOT, limitMs: LIMIT_MS },
      );
      const ended = await job.done;
      expect(ended.code, ended.output).toBe(0);
      expect(JSON.parse(ended.output.trim().split('\n').at(-1) as string)).toMatchObject({
        status: 'done',
        counts: { done: 1, total: 1 },
      });
      const shown = inNamespace(PAIR.a.ns, [process.execPath, AMTCTL, 'job', 'show', '1', '--json', '--data', dir], {
        cwd: ROOT,
        limitMs: LIMIT_MS,
      });
      const target = JSON.parse((await shown.done).output.trim().split('\n')[1] as string) as {
        state: string;
        wakeMethod: string;
        reason: string;
      };
      expect(target).toMatchObject({ state: 'done', wakeMethod: 'wake-on-lan' });
      expect(target.reason).toContain(`to ${BROADCAST}:${WOL_PORT}`);

      const report = await simReport();
      expect(report.actions.magicPackets).toBeGreaterThanOrEqual(1);
      expect(report.power).toBe(2); // S0: the receiver in the client's subnet woke it

      // Bounded wait for the capture to be on disk (written per packet).
      for (let i = 0; i < 200 && readPcapUdp(pcap()).length < JOB_PACKETS; i++)
        await new Promise((r) => setTimeout(r, 10));
      const ours = readPcapUdp(pcap());
      expect(ours).toHaveLength(JOB_PACKETS);
      // Debian's wakeonlan takes the MAC with colons only (the console stores it as the CSV gave it).
      const theirs = inNamespace(
        PAIR.a.ns,
        [WAKEONLAN, '-i', BROADCAST, '-p', String(WOL_PORT), mac.replaceAll('-', ':')],
        { limitMs: 10_000 },
      );
      const sent = await theirs.done;
      expect(sent.code, sent.output).toBe(0);
      // Bounded wait, as above, for the fourth datagram.
      for (let i = 0; i < 200 && readPcapUdp(pcap()).length < JOB_PACKETS + 1; i++)
        await new Promise((r) => setTimeout(r, 10));
      const all = readPcapUdp(pcap());
      expect(all).toHaveLength(JOB_PACKETS + 1);
      const reference = (all.at(-1) as (typeof all)[number]).payload;
      expect(reference).toHaveLength(102);
      for (const d of ours) {
        expect(d).toMatchObject({ source: CONSOLE_IP, destination: BROADCAST, destinationPort: WOL_PORT });
        expect(d.payload.toString('hex')).toBe(reference.toString('hex'));
      }
    },
    LIMIT_MS + 20_000,
  );
});
