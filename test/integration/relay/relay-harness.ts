// Test harness for relays: a console store on disk, the console's relay service listening on loopback, and
// relay agents, each with its own data folder, connecting to it over real TLS. Every log line of both sides
// is kept, so tests can show a refusal was logged and that no password ever was.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayId } from '../../../shared/domain';
import {
  createConsoleRelayService,
  decodeMessage,
  encodeMessage,
  FrameReader,
  type RelayMessage,
  type TlsIdentity,
  createRelayAgent,
  loadOrCreateIdentity,
  type ConsoleRelayService,
  type ConsoleRelayServiceOptions,
  type RelayAgent,
  type RelayAgentOptions,
} from '../../../main/relay/index';
import { keyFileProvider, openStore, type Store } from '../../../main/store/index';

export interface RelayHarness {
  readonly dir: string;
  readonly store: Store;
  readonly service: ConsoleRelayService;
  readonly port: number;
  /** Every log line of the console and of every agent, prefixed "console:" or "relay <name>:". */
  readonly logs: string[];
  /** A relay of the tree (a row in relays). */
  addRelay(name: string, parentId?: RelayId): RelayId;
  /** An agent with its own data folder (kept across restarts under the same `folder` name). */
  agent(folder: string, options?: Partial<RelayAgentOptions>): RelayAgent;
  /** Issues a code for `relayId` and starts an agent that enrols with it. */
  enrol(relayId: RelayId, folder: string, options?: Partial<RelayAgentOptions>): Promise<RelayAgent>;
  close(): Promise<void>;
}

export async function startRelayHarness(
  name: string,
  options: Partial<ConsoleRelayServiceOptions> = {},
): Promise<RelayHarness> {
  const dir = mkdtempSync(join(tmpdir(), `amt-console-${name}-`));
  const store = openStore(join(dir, 'amt-console.db'), { keyProvider: keyFileProvider(join(dir, 'vault.key')) });
  const logs: string[] = [];
  const service = createConsoleRelayService({
    store,
    identity: loadOrCreateIdentity(join(dir, 'console'), 'relay-console', 'amt-console test console'),
    port: 0,
    heartbeatMs: 1_000,
    log: (line) => logs.push(`console: ${line}`),
    ...options,
  });
  const { port } = await service.listen();
  const agents = new Set<RelayAgent>();
  const harness: RelayHarness = {
    dir,
    store,
    service,
    port,
    logs,
    addRelay: (relayName, parentId) =>
      store.relays.add({
        name: relayName,
        kind: 'relay-system',
        host: relayName.toLowerCase(),
        parentId: parentId ?? null,
      }).id,
    agent(folder, agentOptions = {}) {
      const agent = createRelayAgent({
        dataDir: join(dir, 'relays', folder),
        consoleHost: '127.0.0.1',
        consolePort: port,
        hostName: folder,
        reconnectMinMs: 100,
        reconnectMaxMs: 400,
        tlsPolicy: 'http-only',
        amtTimeoutMs: 2_000,
        log: (line) => logs.push(`relay ${folder}: ${line}`),
        ...agentOptions,
      });
      agents.add(agent);
      return agent;
    },
    async enrol(relayId, folder, agentOptions = {}) {
      const { code } = service.issueEnrolmentCode(relayId, 'tester');
      const agent = harness.agent(folder, { enrolmentCode: code, ...agentOptions });
      await agent.start();
      return agent;
    },
    async close() {
      for (const agent of agents) await agent.stop();
      await service.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls `check` every 20 ms until it is true; fails after `limitMs`. */
export async function until(check: () => boolean, limitMs: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (let round = 0; round < Math.ceil(limitMs / 20) + 1; round++) {
    if (check()) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} did not happen within ${limitMs} ms`);
}

/** A hand-driven relay connection: sends what the test says, records what the console answers. */
export interface RawPeer {
  readonly socket: TLSSocket;
  readonly received: RelayMessage[];
  readonly closed: Promise<void>;
  send(message: RelayMessage): void;
}

/** Connects to the console's relay listener on loopback, with `identity`'s certificate or none. */
export function rawPeer(port: number, identity: TlsIdentity | undefined): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.3',
      ...(identity ? { key: identity.keyPem, cert: identity.certPem } : {}),
    });
    const reader = new FrameReader();
    const received: RelayMessage[] = [];
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) received.push(decodeMessage(frame));
    });
    socket.once('error', reject);
    socket.once('secureConnect', () =>
      resolve({ socket, received, closed, send: (m) => socket.write(encodeMessage(m)) }),
    );
  });
}
