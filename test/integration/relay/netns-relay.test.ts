// Issue 8 must-show, real packets on a real network: network namespaces this test creates — the console's subnet
// (10.156.1.0/24), a client subnet with a relay (10.156.2.0/24; the relay's namespace sits on both and forwards
// nothing), and a second client subnet without a relay (10.156.3.0/24, linked to the console). The console runs in
// its namespace as its own process, the relay is the built `amtctl relay` in its own. One power-on job: the PC
// with AMT in the relay's subnet, which the console cannot reach, is powered on by AMT through the relay; the PC
// without AMT is woken by the relay's magic packet, captured in that subnet from the relay's address with the
// bytes Debian's wakeonlan sends for the same MAC; nothing arrives in the subnet without a relay.
// Where the kernel refuses namespaces the test says why; the same flow runs on loopback in relay-job.test.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_PASSWORD } from '../../sim/index';
import {
  inNamespace,
  ip,
  waitForLine,
  type NamespaceProcess,
  TCPDUMP,
  WAKEONLAN,
  wakeCaptureSkipReason,
} from '../../support/netns';
import { readPcapUdp } from '../../support/pcap-udp';
import { openHarnessStore } from '../jobs/job-harness';

const ROOT = resolve(import.meta.dirname, '../../..');
const AMTCTL = join(ROOT, 'bin/amtctl.mjs');
const SIM_BUNDLE = join(ROOT, 'dist/sim/index.mjs');
const CONSOLE_SCRIPT = join(import.meta.dirname, 'netns-console-process.ts');
const N = String(process.pid % 100_000);
const NS = { console: `rlc-${N}`, relay: `rlr-${N}`, subnetA: `rla-${N}`, subnetB: `rlb-${N}` };
const CONSOLE_IP = '10.156.1.1';
const RELAY_UPLINK_IP = '10.156.1.2';
const RELAY_SUBNET_IP = '10.156.2.1';
const AMT_PC_IP = '10.156.2.50';
const WOL_PC_IP = '10.156.2.51';
const SUBNET_A_BROADCAST = '10.156.2.255';
const SUBNET_B_IP = '10.156.3.50';
const WOL_PORT = 9; // the real port: the namespaces are ours alone
const OS_PORT = 40_770;
const LIMIT_MS = 90_000;
/** main/wol's sender repeats the datagram (DEFAULT_REPEAT_COUNT). */
const JOB_PACKETS = 3;

const skipReason = wakeCaptureSkipReason([SIM_BUNDLE]);
if (skipReason !== undefined)
  console.warn(`netns relay test skipped: ${skipReason}; the loopback flow runs in relay-job.test.ts`);

function deleteAll(): void {
  for (const ns of Object.values(NS)) ip('netns', 'delete', ns);
}

/** A veth link between two namespaces, each end up with its address. */
function link(a: string, aLink: string, aCidr: string, b: string, bLink: string, bCidr: string): void {
  const steps = [
    ['-n', a, 'link', 'add', aLink, 'type', 'veth', 'peer', 'name', bLink, 'netns', b],
    ['-n', a, 'addr', 'add', aCidr, 'dev', aLink],
    ['-n', b, 'addr', 'add', bCidr, 'dev', bLink],
    ['-n', a, 'link', 'set', aLink, 'up'],
    ['-n', b, 'link', 'set', bLink, 'up'],
  ];
  for (const step of steps) {
    const result = ip(...step);
    if (!result.ok) throw new Error(`ip ${step.join(' ')}: ${result.output}`);
  }
}

function createNetwork(): void {
  deleteAll(); // a previous run killed half-way may have left them
  for (const ns of Object.values(NS)) {
    const added = ip('netns', 'add', ns);
    if (!added.ok) throw new Error(`ip netns add ${ns}: ${added.output}`);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  }
  link(NS.console, `rc1-${N}`, `${CONSOLE_IP}/24`, NS.relay, `rr1-${N}`, `${RELAY_UPLINK_IP}/24`);
  link(NS.relay, `rr2-${N}`, `${RELAY_SUBNET_IP}/24`, NS.subnetA, `ra2-${N}`, `${AMT_PC_IP}/24`);
  link(NS.console, `rc3-${N}`, '10.156.3.1/24', NS.subnetB, `rb3-${N}`, `${SUBNET_B_IP}/24`);
  const second = ip('-n', NS.subnetA, 'addr', 'add', `${WOL_PC_IP}/24`, 'dev', `ra2-${N}`);
  if (!second.ok) throw new Error(`ip addr add ${WOL_PC_IP}: ${second.output}`);
}

/** A simulated PC in subnet A; prints one JSON line when ready and its counters on each stdin line. */
function simScript(address: string, withAmt: boolean): string {
  return `
const { startFleet, POWER_OFF_SOFT } = await import(process.argv[1]);
const fleet = await startFleet({ count: 1, seed: 'netns-relay-${address}', namespaceAddress: '${address}',
  ${withAmt ? '' : 'withoutAmt: [0], wakeOnLan: true, wakeOnLanPort: ' + WOL_PORT + ','}
  osPort: ${OS_PORT}, upDelayMs: 400, initialPowerState: POWER_OFF_SOFT });
const d = fleet.devices[0];
const limit = setTimeout(() => process.exit(3), ${LIMIT_MS});
const ready = { ready: true, hostName: d.hostName, mac: d.mac, httpPort: d.httpPort, amtVersion: d.amtVersion };
console.log(JSON.stringify(ready));
process.stdin.on('data', () => console.log(JSON.stringify({ actions: d.actionsReceived(), power: d.getPowerState() })));
process.stdin.on('end', async () => { clearTimeout(limit); await fleet.close(); process.exit(0); });
`;
}

interface SimReady {
  readonly hostName: string;
  readonly mac: string;
  readonly httpPort: number;
  readonly amtVersion: string;
}

describe.skipIf(skipReason !== undefined)('a job through a relay across real links', () => {
  let dir: string;
  const processes: NamespaceProcess[] = [];
  const lines = new Map<NamespaceProcess, string[]>();
  let amtPc: NamespaceProcess;
  let wolPc: NamespaceProcess;

  function start(ns: string, args: string[], stdin = false): NamespaceProcess {
    const collected: string[] = [];
    const run = inNamespace(ns, args, { cwd: ROOT, limitMs: LIMIT_MS, stdin, onLine: (l) => collected.push(l) });
    processes.push(run);
    lines.set(run, collected);
    return run;
  }

  function linesOf(run: NamespaceProcess): string[] {
    return lines.get(run) ?? [];
  }

  async function ready(run: NamespaceProcess): Promise<SimReady> {
    return JSON.parse(await waitForLine(run, linesOf(run), (l) => l.includes('"ready":true'), 15_000)) as SimReady;
  }

  async function report(
    run: NamespaceProcess,
  ): Promise<{ actions: { magicPackets: number; powerOn: number }; power: number }> {
    const before = linesOf(run).length;
    run.child.stdin?.write('report\n');
    const line = await waitForLine(
      run,
      linesOf(run),
      (l) => linesOf(run).indexOf(l) >= before && l.includes('"actions"'),
      5_000,
    );
    return JSON.parse(line) as { actions: { magicPackets: number; powerOn: number }; power: number };
  }

  function capture(ns: string, link: string, file: string): NamespaceProcess {
    // -Z root: tcpdump keeps root to write into this test's private folder; -U and --immediate-mode: each packet
    // is on disk when it arrives.
    return start(ns, [
      TCPDUMP,
      '-i',
      link,
      '-n',
      '-U',
      '--immediate-mode',
      '-Z',
      'root',
      '-w',
      join(dir, file),
      'udp',
      'port',
      String(WOL_PORT),
    ]);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amt-console-netns-relay-'));
    createNetwork();
    amtPc = start(
      NS.subnetA,
      [process.execPath, '--input-type=module', '-e', simScript(AMT_PC_IP, true), SIM_BUNDLE],
      true,
    );
    wolPc = start(
      NS.subnetA,
      [process.execPath, '--input-type=module', '-e', simScript(WOL_PC_IP, false), SIM_BUNDLE],
      true,
    );
    await Promise.all([ready(amtPc), ready(wolPc)]);
    for (const [ns, linkName, file] of [
      [NS.subnetA, `ra2-${N}`, 'subnet-a.pcap'],
      [NS.subnetB, `rb3-${N}`, 'subnet-b.pcap'],
    ] as const) {
      const run = capture(ns, linkName, file);
      await waitForLine(run, linesOf(run), (l) => l.includes('listening on'), 15_000);
    }
  }, 60_000);

  afterAll(async () => {
    for (const run of processes) {
      if (run.child.stdin) run.child.stdin.end();
      else run.child.kill('SIGINT');
    }
    await Promise.all(processes.map((p) => p.done));
    deleteAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the console cannot reach the relay subnet itself', async () => {
    const probe = `require('net').connect(16992, '${AMT_PC_IP}')
      .on('error', (e) => { console.log(e.code); process.exit(0); })
      .on('connect', () => { console.log('CONNECTED'); process.exit(1); })`;
    const result = await start(NS.console, [process.execPath, '-e', probe]).done;
    expect(result.output.trim()).toBe('ENETUNREACH');
  });

  it(
    "powers on the AMT PC through the relay and wakes the other PC with the relay's own magic packet",
    async () => {
      const amt = await ready(amtPc);
      const wol = await ready(wolPc);
      const store = openHarnessStore(dir);
      const relay = store.relays.add({ name: 'Relay A', kind: 'relay-system', host: RELAY_UPLINK_IP });
      store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
      store.clients.add({
        hostName: amt.hostName,
        ip: AMT_PC_IP,
        amtPort: amt.httpPort,
        mac: amt.mac,
        subnetMask: '255.255.255.0',
        amtVersion: amt.amtVersion,
        relayId: relay.id,
      });
      store.clients.add({
        hostName: wol.hostName,
        ip: WOL_PC_IP,
        amtPort: null,
        mac: wol.mac,
        subnetMask: '255.255.255.0',
        amtVersion: null,
        relayId: relay.id,
      });
      store.close();

      const consoleRun = start(NS.console, [
        process.execPath,
        '--import',
        'tsx',
        CONSOLE_SCRIPT,
        dir,
        CONSOLE_IP,
        'Relay A',
        String(OS_PORT),
      ]);
      const codeLine = await waitForLine(consoleRun, linesOf(consoleRun), (l) => l.startsWith('{"code"'), 30_000);
      const { code, port } = JSON.parse(codeLine) as { code: string; port: number };
      const relayArgs = [
        'relay',
        '--data',
        join(dir, 'relay'),
        '--console',
        `${CONSOLE_IP}:${port}`,
        '--code',
        code,
        '--tls-policy',
        'http-only',
        '--subnet',
        '10.156.2.0/24',
      ];
      const relayRun = start(NS.relay, [process.execPath, AMTCTL, ...relayArgs]);
      const ended = await consoleRun.done;
      expect(ended.code, ended.output).toBe(0);
      const targets = linesOf(consoleRun)
        .filter((l) => l.startsWith('{"target"'))
        .map(
          (l) =>
            (JSON.parse(l) as { target: { hostName: string; state: string; wakeMethod: string; reason: string } })
              .target,
        );
      const byHost = new Map(targets.map((t) => [t.hostName, t]));
      expect(byHost.get(amt.hostName)).toMatchObject({ state: 'done', wakeMethod: 'amt' });
      expect(byHost.get(wol.hostName)).toMatchObject({ state: 'done', wakeMethod: 'wake-on-lan' });
      expect(byHost.get(wol.hostName)?.reason).toContain(`to ${SUBNET_A_BROADCAST}:${WOL_PORT}`);
      relayRun.child.kill('SIGTERM');
      const relayEnded = await relayRun.done;
      expect(relayEnded.code, relayEnded.output).toBe(0);
      expect(relayEnded.output).toMatch(/relay: enrolled as "Relay A"/);
      expect(relayEnded.output).not.toContain(DEFAULT_SIM_PASSWORD);

      const amtReport = await report(amtPc);
      expect(amtReport.actions.powerOn).toBe(1);
      expect(amtReport.power).toBe(2); // S0
      const wolReport = await report(wolPc);
      expect(wolReport.actions.magicPackets).toBeGreaterThanOrEqual(1);
      expect(wolReport.power).toBe(2);

      // The relay's packets in subnet A, from the relay's address to the subnet-directed broadcast.
      const subnetA = (): ReturnType<typeof readPcapUdp> => readPcapUdp(join(dir, 'subnet-a.pcap'));
      for (let i = 0; i < 200 && subnetA().length < JOB_PACKETS; i++) await new Promise((r) => setTimeout(r, 10));
      const ours = subnetA();
      expect(ours).toHaveLength(JOB_PACKETS);
      const reference = await start(NS.relay, [
        WAKEONLAN,
        '-i',
        SUBNET_A_BROADCAST,
        '-p',
        String(WOL_PORT),
        wol.mac.replaceAll('-', ':'),
      ]).done;
      expect(reference.code, reference.output).toBe(0);
      for (let i = 0; i < 200 && subnetA().length < JOB_PACKETS + 1; i++) await new Promise((r) => setTimeout(r, 10));
      const theirs = (subnetA().at(-1) as (typeof ours)[number]).payload;
      expect(theirs).toHaveLength(102);
      for (const d of ours) {
        expect(d).toMatchObject({
          source: RELAY_SUBNET_IP,
          destination: SUBNET_A_BROADCAST,
          destinationPort: WOL_PORT,
        });
        expect(d.payload.toString('hex')).toBe(theirs.toString('hex'));
      }
      // Nothing reached the subnet without a relay.
      expect(readPcapUdp(join(dir, 'subnet-b.pcap'))).toEqual([]);
    },
    LIMIT_MS,
  );
});
