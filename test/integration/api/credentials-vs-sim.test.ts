// M7 credentials through the router against the simulator over loopback (127.113.0.0/24): a relay's profile
// reaches the PCs of its whole subtree and overrides the default; the details say which profile applies, never the
// password; removing the relay's profile makes the default apply again; each change is audited; bad requests are
// refused at their field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { keyFileProvider } from '../../../main/store';
import type { ClientId, RelayId } from '../../../shared/domain';
import { startFleet, type Fleet } from '../../sim';

const BASE = '127.113.0.1';
const RELAY_PASSWORD = 'Relay-Subtree-1!';
let fleet: Fleet;
let core: Core;
let dir: string;
let manager: RelayId;
let branch: RelayId;
let pc: ClientId;
const replies: unknown[] = [];

async function call(
  channel: string,
  request: unknown,
): Promise<{ ok: boolean; value?: any; error?: { code: string; field?: string } }> {
  const reply = await core.router.handle(channel, request, { transport: 'test' });
  replies.push(reply);
  return reply as never;
}

beforeAll(async () => {
  // The device expects the relay's password; the default profile has another one.
  fleet = await startFleet({ count: 1, baseAddress: BASE, timeScale: 0.01, password: RELAY_PASSWORD });
  dir = mkdtempSync(join(tmpdir(), 'api-credentials-'));
  core = createCore({
    userDataDir: dir,
    keyProvider: keyFileProvider(join(dir, 'vault.key')),
    actor: 'admin-ben',
    serverName: 'console-test',
    amtTimeoutMs: 3000,
  });
  expect(
    (await call('profiles:set', { scope: 'default', targetId: null, user: 'admin', password: 'Default-Other-1!' })).ok,
  ).toBe(true);
  manager = (await call('relays:add', { name: 'Relay Manager East', kind: 'relay-manager', host: 'east.corp.example' }))
    .value.id;
  branch = (
    await call('relays:add', {
      name: 'Branch Osaka',
      kind: 'relay-system',
      host: 'osaka.corp.example',
      parentId: manager,
    })
  ).value.id;
  const d = fleet.devices[0];
  pc = (await call('clients:add', { hostName: 'pc-osaka-01', ip: d?.host, amtVersion: d?.amtVersion, relayId: branch }))
    .value.id;
});

afterAll(async () => {
  await core?.close();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('credential profiles per relay subtree', () => {
  it('the default applies first: AMT refuses it, and the details say the default is used', async () => {
    const details = await call('clients:details', { id: pc });
    expect(details.ok).toBe(true);
    expect(details.value.system).toBeNull();
    expect(details.value.client.problem?.code).toBe('auth-failed');
    expect(details.value.credentials).toEqual({ source: 'default', relayId: null, user: 'admin' });
  });

  it("the manager's profile covers the branch below it: AMT answers, and the details name that relay", async () => {
    expect(
      (await call('profiles:set', { scope: 'relay', targetId: manager, user: 'admin', password: RELAY_PASSWORD })).ok,
    ).toBe(true);
    const details = await call('clients:details', { id: pc });
    expect(details.value.system?.amtVersion).toMatch(
      new RegExp(`^${(fleet.devices[0]?.amtVersion ?? '?').replaceAll('.', '\\.')}`),
    );
    expect(details.value.credentials).toEqual({ source: 'relay', relayId: manager, user: 'admin' });
  });

  it('removing it makes the default apply again; removing nothing says so; both are audited', async () => {
    expect((await call('profiles:remove', { scope: 'relay', targetId: manager })).value).toEqual({ removed: true });
    expect((await call('clients:details', { id: pc })).value.credentials).toEqual({
      source: 'default',
      relayId: null,
      user: 'admin',
    });
    expect((await call('profiles:remove', { scope: 'relay', targetId: manager })).value).toEqual({ removed: false });
    const audit = (await call('audit:list', { limit: 50 })).value as Array<{
      action: string;
      result: string;
      target: string;
    }>;
    const removals = audit.filter((e) => e.action === 'profiles:remove');
    expect(removals.map((e) => e.result).sort()).toEqual(['failed', 'ok']);
    expect(removals[0]?.target).toBe(`relay #${manager} credentials`);
  });

  it('refuses to remove the default and a malformed target, at the field', async () => {
    const noDefault = await call('profiles:remove', { scope: 'default', targetId: 1 });
    expect(noDefault.error).toMatchObject({ code: 'invalid-request', field: 'scope' });
    const noTarget = await call('profiles:remove', { scope: 'client', targetId: 'x' });
    expect(noTarget.error).toMatchObject({ code: 'invalid-request', field: 'targetId' });
  });

  it('never puts a password in a reply', () => {
    const text = JSON.stringify(replies);
    expect(text).not.toContain(RELAY_PASSWORD);
    expect(text).not.toContain('Default-Other-1!');
  });
});
