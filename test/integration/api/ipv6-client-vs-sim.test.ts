// IPv6 client addresses in the console (issue 9) through the router against a simulated AMT PC on ::1: a client added
// as ::1 (typed in full, stored in its RFC 5952 form) is refreshed and its details read over WS-Man, SOL shows its
// BIOS and IDE-R serves a floppy the simulated host reads; a CSV row with an IPv6 address is imported; bad IPv6 text
// (malformed, a zone, link-local, multicast) is refused at its field with its reason; a power-on job that would fall
// back to Wake-on-LAN for an IPv6 client fails with words saying IPv6 has no broadcast, and sends no packet.
// Sockets: ::1 only, ports V6_BASE_PORT..+3 (HTTP, TLS, redirection, redirection TLS).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/api';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { Client, ClientId } from '../../../shared/domain';
import type { ClientDetails, EventName, EventPayloads } from '../../../shared/ipc';
import { SETUP_TITLE, startFleet, type Fleet, type SimDevice } from '../../sim';

const V6 = '::1';
const V6_FULL = '0:0:0:0:0:0:0:1';
const V6_BASE_PORT = 23_600;
const PASSWORD = 'Ipv6Client-Pass1!';
const WAIT_MS = 10_000;
const POLL_MS = 20;
const FLOPPY_BYTES = 2880 * 512;
const FLOPPY_SECTOR = 512;
const JOB_WAIT_SEC = 5;
const TEST: CallContext = { transport: 'test' };

type Reply<T = unknown> = { ok: boolean; value?: T; error?: { code: string; message: string; field?: string } };

let fleet: Fleet;
let core: Core;
let dir = '';
let floppy = '';
let clientId: ClientId;
const events: Array<{ event: EventName; payload: unknown }> = [];
const device = (): SimDevice => fleet.devices[0] as SimDevice;

async function call<T = unknown>(channel: string, request: unknown): Promise<Reply<T>> {
  return (await core.router.handle(channel, request, TEST)) as Reply<T>;
}
async function value<T>(channel: string, request: unknown): Promise<T> {
  const reply = await call<T>(channel, request);
  expect(reply.ok, `${channel}: ${JSON.stringify(reply)}`).toBe(true);
  return reply.value as T;
}

/** Polls a condition every POLL_MS, at most WAIT_MS. */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function solText(sessionId: string): string {
  return events
    .filter((e) => e.event === 'sol:data' && (e.payload as EventPayloads['sol:data']).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as EventPayloads['sol:data']).data).toString('latin1'))
    .join('');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-ipv6-'));
  floppy = join(dir, 'floppy.img');
  const bytes = Buffer.alloc(FLOPPY_BYTES);
  for (let i = 0; i < FLOPPY_BYTES; i += 4) bytes.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ 0x66) >>> 0, i);
  writeFileSync(floppy, bytes);
  fleet = await startFleet({
    count: 1,
    singleAddress: V6,
    basePort: V6_BASE_PORT,
    password: PASSWORD,
    timeScale: 0.01,
    seed: 'v6-client',
  });
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'helpdesk-v6',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
    jobs: { pollIntervalMs: 50, progressTickMs: 100 },
  });
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  await value('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: PASSWORD });
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a client at ::1', () => {
  it('is added (stored as ::1), refreshed and its details read from AMT over IPv6', async () => {
    const d = device();
    const client = await value<Client>('clients:add', {
      hostName: 'pc-v6',
      ip: V6_FULL,
      amtPort: d.httpPort,
      amtVersion: d.amtVersion,
    });
    clientId = client.id;
    expect(client.ip).toBe(V6);
    const requestsBefore = d.stats.requests;
    const refreshed = await value<{ results: Array<{ ok: boolean }> }>('clients:refresh', { ids: [clientId] });
    expect(refreshed.results[0], JSON.stringify(refreshed)).toMatchObject({ ok: true });
    const details = await value<ClientDetails>('clients:details', { id: clientId });
    expect(details.client.ip).toBe(V6);
    expect(details.system?.amtVersion.startsWith(`${d.amtVersion}.`), details.system?.amtVersion).toBe(true);
    expect(details.system?.hostName).toBe(d.hostName);
    expect(d.stats.requests).toBeGreaterThan(requestsBefore); // the simulated PC on ::1 answered them
    const snapshot = await value<{ clients: Client[] }>('fleet:snapshot', {});
    expect(snapshot.clients.find((c) => c.id === clientId)?.ip).toBe(V6);
  });

  it('opens SOL: the BIOS screen arrives from ::1', async () => {
    const { sessionId } = await value<{ sessionId: string }>('sol:open', { id: clientId });
    await until('the BIOS over SOL', () => solText(sessionId).includes(SETUP_TITLE));
    expect(device().solActive()).toBe(true);
    expect(await value('sol:close', { sessionId })).toEqual({ closed: true });
    await until('the SOL session to end at the device', () => !device().solActive());
  });

  it('serves a floppy over IDE-R: the simulated host at ::1 reads the image', async () => {
    const { sessionId } = await value<{ sessionId: string }>('ider:start', {
      id: clientId,
      media: 'floppy',
      path: floppy,
      startMode: 'now',
    });
    const firmware = await device().waitForIder(WAIT_MS);
    const read = await firmware.readSectors('floppy', 0, 2);
    expect(read.good).toBe(true);
    const expected = createHash('sha256').update(Buffer.from(read.data)).digest('hex');
    const onDisk = createHash('sha256').update(readFileSync(floppy).subarray(0, 2 * FLOPPY_SECTOR));
    expect(expected).toBe(onDisk.digest('hex'));
    expect(await value('ider:stop', { sessionId })).toEqual({ stopped: true });
  });
});

describe('IPv6 addresses as input', () => {
  it('imports a CSV row with an IPv6 address (stored in its RFC 5952 form) beside an IPv4 one', async () => {
    const csv = 'Host name,IPv6 address\npc-v6-csv,FD00:0:0:0:0:0:0:20\npc-v4-csv,10.0.0.20\n';
    const result = await value<{ added: number; errors: unknown[] }>('clients:import-csv', { csv });
    expect(result).toMatchObject({ added: 2, errors: [] });
    const snapshot = await value<{ clients: Client[] }>('fleet:snapshot', {});
    expect(snapshot.clients.find((c) => c.hostName === 'pc-v6-csv')?.ip).toBe('fd00::20');
  });

  it('refuses bad IPv6 text in a CSV by its line, and at the field ip of clients:add, with the reason', async () => {
    const cases: Array<[string, RegExp]> = [
      ['fd00::1::2', /"fd00::1::2" is not an IP address \(IPv4 like 192\.168\.1\.20, or IPv6 like fd00::20\)/],
      ['2001:db8::g1', /not an IP address/],
      ['1:2:3:4:5:6:7:8:9', /not an IP address/],
      ['fe80::1%eth0', /has a zone \(%eth0\); the console does not support IPv6 zones/],
      ['fe80::1', /link-local IPv6 address \(fe80::\/10\).*does not support zones/],
      ['ff02::1', /multicast/],
      ['::', /unspecified/],
    ];
    const csv = ['host,ip', ...cases.map(([ip], i) => `pc-bad-${i},${ip}`)].join('\n');
    const imported = await value<{ added: number; errors: Array<{ line: number; message: string }> }>(
      'clients:import-csv',
      { csv },
    );
    expect(imported.added).toBe(0);
    for (const [i, [ip, words]] of cases.entries()) {
      expect(imported.errors[i], ip).toMatchObject({ line: i + 2, message: expect.stringMatching(words) });
      const reply = await call('clients:add', { hostName: `pc-bad-${i}`, ip });
      expect(reply.ok, ip).toBe(false);
      expect(reply.error, ip).toMatchObject({
        code: 'invalid-request',
        field: 'ip',
        message: expect.stringMatching(words),
      });
    }
    const snapshot = await value<{ clients: Client[] }>('fleet:snapshot', {});
    expect(snapshot.clients.filter((c) => c.hostName.startsWith('pc-bad-'))).toEqual([]);
  });
});

describe('Wake-on-LAN to an IPv6 client', () => {
  it('fails the target with words saying IPv6 has no broadcast, instead of sending a packet', async () => {
    const client = await value<Client>('clients:add', {
      hostName: 'pc-v6-no-amt',
      ip: 'fd00::30',
      mac: 'a4:ae:11:1c:02:4d',
      subnetMask: '255.255.255.0',
      amtVersion: null,
    });
    const job = await value<{ id: number }>('jobs:create', {
      name: 'Wake an IPv6 PC',
      type: 'power-on',
      targets: { clientIds: [client.id] },
      schedule: { kind: 'now' },
      options: { retries: 0, waitSec: JOB_WAIT_SEC },
    });
    let summary: { status: string; latestRunId: number; counts: { failed: number } } | undefined;
    await until('the job to end', async () => {
      summary = await value('jobs:get', { id: job.id });
      return summary?.status === 'done' || summary?.status === 'failed';
    });
    expect(summary?.counts.failed).toBe(1);
    const page = await value<{ rows: Array<{ reason: string | null; wakeMethod: string | null }> }>('jobs:targets', {
      runId: summary?.latestRunId,
      offset: 0,
      limit: 10,
    });
    expect(page.rows[0]?.reason).toMatch(
      /Wake-on-LAN is not possible to an IPv6 address \(fd00::30\).*IPv6 has no broadcast/,
    );
    const audit = await value<Array<{ action: string }>>('audit:list', { target: 'pc-v6-no-amt', limit: 20 });
    expect(audit.some((a) => a.action === 'job:wake-on-lan')).toBe(false); // no packet was sent or tried
  });
});
