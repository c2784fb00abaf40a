// Liveness of the relay channel over real TLS: a peer that completes TLS and then says nothing is closed after the
// HELLO time limit; an enrolled relay that stops answering (the connection open, no PONG, no bytes) is taken
// offline after three silent heartbeats, logged, and its requests wait as for any offline relay; the same relay
// reconnecting is online again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RelayId } from '../../../shared/domain';
import { encodeMessage, loadOrCreateIdentity } from '../../../main/relay/index';
import { rawPeer, startRelayHarness, until, type RawPeer, type RelayHarness } from './relay-harness';

const HEARTBEAT_MS = 300;
let h: RelayHarness;
let east: RelayId;

beforeAll(async () => {
  h = await startRelayHarness('relay-liveness', { heartbeatMs: HEARTBEAT_MS, helloTimeoutMs: 500 });
  east = h.addRelay('East');
  const agent = await h.enrol(east, 'east');
  await agent.stop();
  await until(() => h.service.status(east) === 'offline', 5_000, 'the agent going');
}, 30_000);

afterAll(async () => {
  await h?.close();
});

/** A relay connection the test drives by hand, with the enrolled relay's certificate or none. */
function tlsPeer(withIdentity: boolean): Promise<RawPeer> {
  return rawPeer(
    h.port,
    withIdentity ? loadOrCreateIdentity(join(h.dir, 'relays', 'east'), 'relay', 'unused') : undefined,
  );
}

describe('relay channel liveness', () => {
  it('closes a peer that says nothing after TLS, and logs it', async () => {
    const started = Date.now();
    const peer = await tlsPeer(false);
    await peer.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(
      h.logs.some((l) =>
        /connection from 127\.0\.0\.1:\d+ ended before it was accepted: no HELLO or ENROL in time/.test(l),
      ),
    ).toBe(true);
  });

  it('takes a relay that stops answering offline after three silent heartbeats', async () => {
    const peer = await tlsPeer(true);
    // The last thing the console hears is this HELLO: the silence is measured from before it is sent (the console
    // can only hear it later), not from when the poll below notices the relay online.
    const helloAt = Date.now();
    peer.socket.write(encodeMessage({ kind: 'hello', relayVersion: 'test', hostName: 'east', subnets: [] }));
    await until(() => h.service.status(east) === 'online', 5_000, 'the relay online');
    // From now on the peer reads but never answers: no PONG to the console's PINGs.
    await until(() => h.service.status(east) === 'offline', 5_000, 'the silent relay taken offline');
    const silentMs = Date.now() - helloAt;
    expect(silentMs).toBeGreaterThanOrEqual(3 * HEARTBEAT_MS);
    expect(peer.received.filter((m) => m.kind === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(h.logs.some((l) => l.includes(`"East" offline: nothing heard for 3 heartbeats of ${HEARTBEAT_MS} ms`))).toBe(
      true,
    );
    await peer.closed;
    // Back again: the agent reconnects from its folder.
    const agent = h.agent('east');
    await agent.start();
    expect(h.service.status(east)).toBe('online');
    await agent.stop();
  });
});
