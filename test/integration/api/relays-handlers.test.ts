// Issue 8 through the router: relays:links, relays:enrol-code and relays:revoke on a core that listens for relays
// (a real relay agent enrols with the code the channel gave, over TLS on loopback), each refusal with its code and
// field, and a core without a listener saying so. Audited; the code never reaches the audit log.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import { createRelayAgent, type RelayAgent } from '../../../main/relay/index';
import { keyFileProvider } from '../../../main/store/index';

let dir: string;
let core: Core;
let bare: Core;
let agent: RelayAgent | undefined;

type Reply = { ok: boolean; value?: any; error?: { code: string; field?: string; message?: string } };

async function call(target: Core, channel: string, request: unknown): Promise<Reply> {
  return (await target.router.handle(channel, request, { transport: 'test' })) as Reply;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amt-console-relays-handlers-'));
  const keyProvider = keyFileProvider(join(dir, 'vault.key'));
  core = createCore({ userDataDir: join(dir, 'a'), keyProvider, actor: 'admin-ben', relays: { port: 0 } });
  bare = createCore({
    userDataDir: join(dir, 'b'),
    keyProvider: keyFileProvider(join(dir, 'vault-b.key')),
    actor: 'admin-ben',
  });
});

afterAll(async () => {
  await agent?.stop();
  await core?.close();
  await bare?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('relays through the router', () => {
  it('enrols a relay with the code relays:enrol-code gives, and lists it online', async () => {
    const east = (await call(core, 'relays:add', { name: 'East', kind: 'relay-system', host: 'east' })).value
      .id as number;
    const before = await call(core, 'relays:links', {});
    expect(before.value.listener).toMatchObject({ host: '127.0.0.1', fingerprint: core.relays?.service.fingerprint });
    expect(before.value.relays).toEqual([
      expect.objectContaining({ relayId: east, name: 'East', status: 'not-enrolled', fingerprint: null }),
    ]);
    const issued = await call(core, 'relays:enrol-code', { relayId: east });
    expect(issued.ok).toBe(true);
    expect(issued.value.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const { host, port } = issued.value.listener as { host: string; port: number };
    agent = createRelayAgent({
      dataDir: join(dir, 'relay'),
      consoleHost: host,
      consolePort: port,
      enrolmentCode: issued.value.code as string,
    });
    await agent.start();
    const after = await call(core, 'relays:links', {});
    expect(after.value.relays[0]).toMatchObject({
      status: 'online',
      fingerprint: agent.identity.fingerprint,
      workInHand: 0,
    });
    const audit = await call(core, 'audit:list', { target: 'East', limit: 50 });
    expect(audit.value.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['relay:enrolment-code', 'relay:enrolled', 'relay:online']),
    );
    expect(JSON.stringify(audit.value)).not.toContain(issued.value.code);
  });

  it('revokes it: the reply shows it revoked, and the relay is refused on reconnecting', async () => {
    const east = (await call(core, 'relays:links', {})).value.relays[0].relayId as number;
    const revoked = await call(core, 'relays:revoke', { relayId: east });
    expect(revoked).toMatchObject({ ok: true, value: { status: 'revoked' } });
    await agent?.refused;
    expect(agent?.refusal).toMatch(/^revoked: the relay "East" was revoked at .* by admin-ben$/);
    // Revoking again changes nothing and is no error.
    expect(await call(core, 'relays:revoke', { relayId: east })).toMatchObject({
      ok: true,
      value: { status: 'revoked' },
    });
  });

  it('refuses an unknown relay, one never enrolled, and a malformed request, naming the field', async () => {
    expect(await call(core, 'relays:enrol-code', { relayId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'relayId' },
    });
    const west = (await call(core, 'relays:add', { name: 'West', kind: 'relay-system', host: 'west' })).value
      .id as number;
    expect(await call(core, 'relays:revoke', { relayId: west })).toMatchObject({
      ok: false,
      error: { code: 'conflict', field: 'relayId' },
    });
    expect(await call(core, 'relays:enrol-code', { relayId: 'east' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('says so on a console that does not listen for relays', async () => {
    expect(await call(bare, 'relays:links', {})).toEqual({ ok: true, value: { listener: null, relays: [] } });
    const relay = (await call(bare, 'relays:add', { name: 'North', kind: 'relay-system', host: 'north' })).value
      .id as number;
    const refused = await call(bare, 'relays:enrol-code', { relayId: relay });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(refused.error?.message).toContain('--relay-listen HOST:PORT');
  });

  it('renames a relay (audited, the tree told), and refuses a taken name, an empty one and an unknown relay', async () => {
    const west = (await call(bare, 'relays:add', { name: 'West', kind: 'relay-system', host: 'west' })).value
      .id as number;
    await call(bare, 'relays:add', { name: 'North', kind: 'relay-system', host: 'north' });
    const renamed = await call(bare, 'relays:rename', { relayId: west, name: '  Branch Osaka ' });
    expect(renamed).toMatchObject({ ok: true, value: { id: west, name: 'Branch Osaka', host: 'west' } });
    const audit = (await call(bare, 'audit:list', { limit: 20 })).value as Array<{
      action: string;
      target: string;
      detail: string;
    }>;
    expect(audit.find((e) => e.action === 'relays:rename')).toMatchObject({
      target: 'Branch Osaka',
      detail: 'renamed from "West"',
    });
    expect((await call(bare, 'relays:rename', { relayId: west, name: 'north' })).error).toMatchObject({
      code: 'conflict',
    });
    expect((await call(bare, 'relays:rename', { relayId: west, name: '' })).error).toMatchObject({
      code: 'invalid-request',
      field: 'name',
    });
    expect((await call(bare, 'relays:rename', { relayId: 9999, name: 'Ghost' })).error).toMatchObject({
      code: 'not-found',
    });
    // Renaming to its own name in another case is not a conflict with itself.
    expect((await call(bare, 'relays:rename', { relayId: west, name: 'BRANCH OSAKA' })).ok).toBe(true);
  });
});
