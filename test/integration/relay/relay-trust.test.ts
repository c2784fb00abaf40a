// Issue 8 must-show, trust and attacks over real TLS on loopback: a relay enrols once with a one-time code
// (both certificates pinned), and each attack is refused with a clear error and logged (and audited): a reused
// or expired code, a relay with a self-made certificate, a peer without one, a revoked relay reconnecting, a
// console with another certificate, a relay asking for credentials of a client not below it, malformed and
// oversized frames. No password appears in any log line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import type { ClientId, RelayId } from '../../../shared/domain';
import { loadOrCreateIdentity, makeTlsIdentity, readEnrolment, type TlsIdentity } from '../../../main/relay/index';
import { rawPeer as connectRawPeer, startRelayHarness, until, type RawPeer, type RelayHarness } from './relay-harness';

const PASSWORD = 'Relay-Secret-9!';
let h: RelayHarness;
let east: RelayId;
let west: RelayId;
let eastClient: ClientId;
let westClient: ClientId;
let nestedClient: ClientId;
let clockMs = Date.now();

beforeAll(async () => {
  h = await startRelayHarness('relay-trust', { nowMs: () => clockMs });
  east = h.addRelay('East');
  west = h.addRelay('West');
  eastClient = h.store.clients.add({ hostName: 'pc-east', ip: '127.71.0.1', relayId: east, amtVersion: '16.1' }).id;
  westClient = h.store.clients.add({ hostName: 'pc-west', ip: '127.71.0.2', relayId: west, amtVersion: '16.1' }).id;
  // A relay system below East that is not enrolled itself: East, the nearest enrolled relay up the tree, serves it.
  const eastSub = h.addRelay('East Sub', east);
  nestedClient = h.store.clients.add({
    hostName: 'pc-east-sub',
    ip: '127.71.0.3',
    relayId: eastSub,
    amtVersion: '16.1',
  }).id;
  h.store.profiles.set({ scope: 'default', targetId: null, user: 'admin', password: PASSWORD });
}, 30_000);

afterAll(async () => {
  await h?.close();
});

function rawPeer(identity: TlsIdentity | undefined): Promise<RawPeer> {
  return connectRawPeer(h.port, identity);
}

const FACTS = { relayVersion: 'test', hostName: 'raw-peer', subnets: [] };

function auditActions(action: string): string[] {
  return h.store.audit
    .list({ limit: 500 })
    .filter((r) => r.action === action)
    .map((r) => r.detail);
}

describe('relay enrolment and trust', () => {
  it('enrols a relay with a one-time code; both sides pin the other', async () => {
    const agent = await h.enrol(east, 'east');
    expect(agent.state).toBe('online');
    expect(agent.enrolment).toMatchObject({
      relayId: east,
      relayName: 'East',
      consoleFingerprint: h.service.fingerprint,
    });
    expect(readEnrolment(join(h.dir, 'relays', 'east'))?.consoleFingerprint).toBe(h.service.fingerprint);
    expect(h.service.registry.get(east)?.fingerprint).toBe(agent.identity.fingerprint);
    expect(h.service.status(east)).toBe('online');
    expect(auditActions('relay:enrolled')).toHaveLength(1);
    // The key file is the owner's only.
    expect(statSync(join(h.dir, 'relays', 'east', 'relay-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a reused code, logged and audited', async () => {
    const { code } = h.service.issueEnrolmentCode(west, 'tester');
    const first = h.agent('west-1', { enrolmentCode: code });
    await first.start();
    await first.stop();
    const second = h.agent('west-2', { enrolmentCode: code });
    await expect(second.start()).rejects.toThrow(
      /bad-enrolment-code: the enrolment code was already used; show a new code/,
    );
    expect(second.state).toBe('refused');
    expect(h.logs.some((l) => /console: relays: refused relay "west-2" .*already used/.test(l))).toBe(true);
    expect(auditActions('relay:refused').some((d) => d.includes('already used'))).toBe(true);
  });

  it('refuses an expired code', async () => {
    const { code } = h.service.issueEnrolmentCode(west, 'tester');
    clockMs += 16 * 60_000;
    const late = h.agent('west-late', { enrolmentCode: code });
    await expect(late.start()).rejects.toThrow(/bad-enrolment-code: the enrolment code expired at .*; show a new code/);
    expect(h.logs.some((l) => /refused relay "west-late" .*expired/.test(l))).toBe(true);
  });

  it('refuses a mistyped code', async () => {
    h.service.issueEnrolmentCode(west, 'tester');
    const wrong = h.agent('west-wrong', { enrolmentCode: 'AAAA-BBBB-CCCC-DDDD' });
    await expect(wrong.start()).rejects.toThrow(/no enrolment code shown by this console matches/);
  });

  it('refuses a relay with a self-made certificate that says HELLO', async () => {
    const peer = await rawPeer(makeTlsIdentity('amt-console relay on east'));
    peer.send({ kind: 'hello', ...FACTS });
    await peer.closed;
    expect(peer.received).toEqual([expect.objectContaining({ kind: 'refused', code: 'unknown-certificate' })]);
    expect(
      h.logs.some((l) => /refused relay "raw-peer" .*certificate [0-9a-f:]{95} is not enrolled here/.test(l)),
    ).toBe(true);
  });

  it('refuses a peer without a client certificate', async () => {
    const peer = await rawPeer(undefined);
    peer.send({ kind: 'hello', ...FACTS });
    await peer.closed;
    expect(peer.received).toEqual([
      expect.objectContaining({ kind: 'refused', words: 'the relay presented no certificate' }),
    ]);
  });

  it('refuses a relay whose console presents another certificate (an impostor console)', async () => {
    const impostor = await startRelayHarness('relay-impostor');
    try {
      // The east relay's folder, pointed at another console: its pinned certificate does not match.
      const misled = impostor.agent('east', { dataDir: join(h.dir, 'relays', 'east'), consolePort: impostor.port });
      await expect(misled.start()).rejects.toThrow(
        /the console's certificate changed: expected [0-9a-f:]{95}, presented [0-9a-f:]{95}/,
      );
      expect(impostor.logs.some((l) => l.startsWith('console: relays: refused'))).toBe(false);
    } finally {
      await impostor.close();
    }
  });

  it('gives credentials only for clients below the relay, and refuses and logs the others', async () => {
    const identity = loadOrCreateIdentity(join(h.dir, 'relays', 'east'), 'relay', 'unused');
    const peer = await rawPeer(identity);
    peer.send({ kind: 'hello', ...FACTS });
    await until(() => peer.received.some((m) => m.kind === 'welcome'), 5_000, 'WELCOME');
    peer.send({ kind: 'credentials-ask', askId: 1, clientId: eastClient });
    peer.send({ kind: 'credentials-ask', askId: 2, clientId: westClient });
    peer.send({ kind: 'credentials-ask', askId: 3, clientId: 99_999 });
    peer.send({ kind: 'credentials-ask', askId: 4, clientId: nestedClient });
    await until(() => peer.received.filter((m) => m.kind.startsWith('credentials')).length === 4, 5_000, 'answers');
    const answers = peer.received.filter((m) => m.kind.startsWith('credentials'));
    expect(answers[0]).toEqual({
      kind: 'credentials',
      askId: 1,
      clientId: eastClient,
      user: 'admin',
      password: PASSWORD,
    });
    expect(answers[1]).toEqual({
      kind: 'credentials-refused',
      askId: 2,
      clientId: westClient,
      words: `client pc-west (#${westClient}) is not below this relay`,
    });
    expect(answers[2]).toMatchObject({ kind: 'credentials-refused', askId: 3, words: 'client #99999 does not exist' });
    expect(answers[3]).toMatchObject({ kind: 'credentials', askId: 4, clientId: nestedClient, user: 'admin' });
    expect(h.logs.some((l) => l.includes('refused credentials to "East": client pc-west'))).toBe(true);
    expect(auditActions('relay:credentials-refused')).toHaveLength(2);
    peer.socket.destroy();
    await peer.closed;
  });

  it('closes a connection sending an oversized frame, garbage or a malformed message, the reason logged', async () => {
    const identity = loadOrCreateIdentity(join(h.dir, 'relays', 'east'), 'relay', 'unused');
    const big = await rawPeer(identity);
    big.socket.write(Buffer.from([0x52, 0x4c, 0x01, 0x01, 0x7f, 0xff, 0xff, 0xff]));
    await big.closed;
    expect(
      h.logs.some((l) => /protocol error \(too-large\): a HELLO frame announces 2147483647 payload bytes/.test(l)),
    ).toBe(true);
    const garbage = await rawPeer(identity);
    garbage.socket.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await garbage.closed;
    expect(h.logs.some((l) => /protocol error \(bad-magic\)/.test(l))).toBe(true);
    const bad = await rawPeer(identity);
    const payload = Buffer.from('{"kind":"hello","relayVersion":"x","hostName":"y","subnets":[],"admin":true}');
    bad.socket.write(Buffer.concat([Buffer.from([0x52, 0x4c, 0x01, 0x01, 0, 0, 0, payload.length]), payload]));
    await bad.closed;
    expect(
      h.logs.some((l) =>
        /protocol error \(bad-message\): the HELLO message is malformed: the payload: Unrecognized key: "admin"/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it('revokes a relay: its connection closes, and its reconnect is refused, logged and audited', async () => {
    const agent = h.agent('east');
    await agent.start();
    expect(h.service.status(east)).toBe('online');
    h.service.revoke(east, 'tester');
    expect(h.service.status(east)).toBe('revoked');
    await until(() => agent.state === 'refused', 5_000, 'the revoked relay being refused on reconnect');
    expect(agent.refusal).toMatch(/^revoked: the relay "East" was revoked at .* by tester$/);
    expect(h.logs.some((l) => /console: relays: refused East from .*was revoked/.test(l))).toBe(true);
    expect(auditActions('relay:revoked')).toHaveLength(1);
    expect(auditActions('relay:refused').some((d) => d.includes('was revoked'))).toBe(true);
  });

  it('never wrote a password to a log line, the audit log or a relay data file', () => {
    expect(h.logs.length).toBeGreaterThan(10);
    for (const line of h.logs) expect(line).not.toContain(PASSWORD);
    for (const row of h.store.audit.list({ limit: 500 })) expect(JSON.stringify(row)).not.toContain(PASSWORD);
    for (const file of ['enrolment.json', 'relay-key.pem', 'relay-cert.pem']) {
      expect(readFileSync(join(h.dir, 'relays', 'east', file), 'utf8')).not.toContain(PASSWORD);
    }
  });
});
