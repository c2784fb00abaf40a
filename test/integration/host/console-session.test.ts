// A whole console session through the headless host's WebSocket, as the page drives it: the real core
// (store on disk, simulator fleet) behind startConsoleHost; window.amt built over the socket. Every frame
// the page receives is recorded and scanned: no password may appear in any reply or event.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startConsoleHost, type ConsoleHost } from '../../../main/host-main';
import { tokenCookieName } from '../../../main/host';
import { createWebSocketTransport, type BrowserLikeSocket } from '../../../preload/web-socket-transport';
import type { Client } from '../../../shared/domain';
import { buildAmtApi, HOST_SOCKET_PATH, type AmtApi } from '../../../shared/ipc';
import { startFleet, DEFAULT_SIM_PASSWORD, POWER_OFF_SOFT, type Fleet } from '../../sim';

const SECOND_PASSWORD = 'Relay-Pass7$';
let fleet: Fleet;
let consoleHost: ConsoleHost;
let socket: WebSocket;
let api: AmtApi;
let dir: string;
const frames: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  fleet = await startFleet({
    count: 3,
    baseAddress: '127.111.0.1',
    timeScale: 0.01,
    faults: { '2': ['wrongPassword'] },
  });
  fleet.devices[0]?.setPowerState(POWER_OFF_SOFT);
  dir = mkdtempSync(join(tmpdir(), 'console-session-'));
  mkdirSync(join(dir, 'dist', 'renderer'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'preload'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'dist', 'preload', 'web-socket-bridge.js'), '');
  consoleHost = await startConsoleHost({
    userDataDir: join(dir, 'user-data'),
    distDir: join(dir, 'dist'),
    actor: 'helpdesk-ben',
    powerWatch: { pollIntervalMs: 20, timeoutMs: 10_000 },
    log: (line) => logged.push(line),
  });
  const { host } = consoleHost;
  socket = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_SOCKET_PATH}`, {
    origin: host.origin,
    headers: { Cookie: `${tokenCookieName(host.port)}=${host.token}` },
  });
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  api = buildAmtApi(createWebSocketTransport(() => socket as unknown as BrowserLikeSocket));
});

afterAll(async () => {
  socket?.close();
  await consoleHost?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a console session over the headless host', () => {
  it('sets credentials, builds the tree, powers on, and never sends a password to the page', async () => {
    const [d0, d1, d2] = fleet.devices;
    if (!d0 || !d1 || !d2) throw new Error('fleet too small');
    await api.profilesSet({ scope: 'default', targetId: null, user: 'admin', password: DEFAULT_SIM_PASSWORD });
    const relay = await api.relaysAdd({ name: 'Relay North', kind: 'relay-system', host: 'relay-north.example' });
    await api.profilesSet({ scope: 'relay', targetId: relay.id, user: 'admin', password: SECOND_PASSWORD });
    const soft = await api.clientsAdd({ hostName: 'pc-a', ip: d0.host, amtVersion: d0.amtVersion });
    const wrong = await api.clientsAdd({ hostName: 'pc-b', ip: d2.host, amtVersion: d2.amtVersion });
    const none = await api.clientsAdd({ hostName: 'pc-c', ip: '127.111.5.5', amtVersion: null, relayId: relay.id });
    const csv = await api.clientsImportCsv({
      csv: `Host name,IP address,AMT firmware version\npc-d,${d1.host},${d1.amtVersion}\nbad row without ip,\n`,
    });
    expect(csv.errors).toEqual([expect.objectContaining({ line: 3 })]);

    const poweredOn = new Promise<Client>((resolve) => {
      const off = api.onClientsChanged(({ clients }) => {
        const client = clients.find((c) => c.id === soft.id && c.power === 'on');
        if (client) {
          off();
          resolve(client);
        }
      });
    });
    const power = await api.powerAction({ ids: [soft.id, wrong.id, none.id], action: 'on', confirmed: false });
    expect(power.results.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      [soft.id, true, undefined],
      [wrong.id, false, 'auth-failed'],
      [none.id, false, 'no-amt'],
    ]);
    expect((await poweredOn).power).toBe('on');
    await api.clientsRefresh({ ids: [soft.id, wrong.id, none.id] });
    await api.clientsDetails({ id: soft.id });
    const snapshot = await api.fleetSnapshot({});
    expect(snapshot.clients.map((c) => c.hostName).sort()).toEqual(['pc-a', 'pc-b', 'pc-c', 'pc-d']);
    const profiles = await api.profilesList({});
    expect(profiles).toHaveLength(2);
    const audit = await api.auditList({ limit: 50 });
    expect(audit.filter((e) => e.action === 'power:on')).toHaveLength(3);
    expect(audit.every((e) => e.actor === 'helpdesk-ben')).toBe(true);

    expect(frames.length).toBeGreaterThan(15);
    const everything = frames.join('\n') + logged.join('\n');
    for (const secret of [DEFAULT_SIM_PASSWORD, SECOND_PASSWORD, d2.password]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/"password"/);
  });
});
