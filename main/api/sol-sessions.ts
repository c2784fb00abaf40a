// The console's Serial-over-LAN sessions (mission M5; amt-protocols.md §3.1–3.3, §3.6): at most one per client,
// each owned by the connection (window or WebSocket) that opened it, its output batched into 'sol:data' events
// addressed to that owner, its state as 'sol:state'. Every open and close is audited. Closed when the owner's
// connection ends and when the core closes.
//
// Order per session, as the renderer sees it: the sol:open reply, then sol:state 'connecting', then 'open' or
// 'failed'; after 'open' any number of sol:data (and 'open' again when hostPoweredOn changes); last 'closed'
// or 'failed'. Nothing follows the last state.

import { randomBytes } from 'node:crypto';
import { isAmtError, type Client, type ClientId, type SolSessionId } from '../../shared/domain';
import type { SolState } from '../../shared/ipc';
import { AMT_HTTP_PORT, type AmtEndpoint } from '../amt/index';
import type { FleetService, ResolvedCredentials } from '../fleet/index';
import {
  AMT_REDIRECTION_PORT,
  AMT_REDIRECTION_TLS_PORT,
  openRedirectionWithPolicy,
  startSol,
  type RedirectionSession,
  type SolChannel,
} from '../redirect/index';
import { ApiError } from './api-error';
import type { ApiEvents } from './api-events';
import { endpointOf, type ClientAmt } from './client-amt';
import { toIpcError, type ApiLog } from './error-reply';
import { DEFAULT_SOL_OUTPUT, SolOutputBuffer, type SolOutputOptions } from './sol-output-buffer';

const SESSION_ID_BYTES = 16;
/** In single-address mode (a client with its own amtPort) redirection follows WS-Man: HTTP port + 2, TLS + 3. */
const REDIRECTION_PORT_OFFSET = 2;

export interface SolSessionsDeps {
  readonly fleet: FleetService;
  readonly amt: ClientAmt;
  readonly events: ApiEvents;
  readonly actor: string;
  readonly log: ApiLog;
  /** An AMT failure that is the client's own (a wrong password): shown as its problem in the tree. */
  readonly markProblem?: (client: Client, error: unknown) => void;
  readonly output?: SolOutputOptions;
}

interface SolSessionRecord {
  readonly id: SolSessionId;
  readonly client: Client;
  readonly owner: string | undefined;
  readonly output: SolOutputBuffer;
  state: SolState;
  session: RedirectionSession | undefined;
  channel: SolChannel | undefined;
  hostPoweredOn: boolean | undefined;
  /** Closing was asked for while connecting; connect() ends what it opened. */
  cancelled: boolean;
}

/** Redirection ports for a client, mirroring how its amtPort maps to the WS-Man ports (client-amt.ts). */
export function redirectionPortsOf(client: Client): {
  readonly plainPort: number;
  readonly tlsPort: number;
  readonly wsman: AmtEndpoint;
} {
  const wsman = endpointOf(client);
  if (client.amtPort === null || wsman.httpPort === AMT_HTTP_PORT)
    return { plainPort: AMT_REDIRECTION_PORT, tlsPort: AMT_REDIRECTION_TLS_PORT, wsman };
  return {
    plainPort: wsman.httpPort + REDIRECTION_PORT_OFFSET,
    tlsPort: wsman.httpPort + REDIRECTION_PORT_OFFSET + 1,
    wsman,
  };
}

export class SolSessions {
  private readonly byId = new Map<SolSessionId, SolSessionRecord>();
  private readonly byClient = new Map<ClientId, SolSessionRecord>();

  constructor(private readonly deps: SolSessionsDeps) {}

  get openCount(): number {
    return this.byId.size;
  }

  /** Reserves the client's one session and starts connecting after the reply is on its way. */
  open(client: Client, credentials: ResolvedCredentials, owner: string | undefined): SolSessionId {
    if (this.byClient.has(client.id)) {
      const words = `A Serial-over-LAN terminal to ${client.hostName} is already open in this console; close it before opening another.`;
      this.deps.fleet.recordAudit({
        actor: this.deps.actor,
        action: 'sol:open',
        target: client.hostName,
        result: 'failed',
        detail: words,
      });
      throw new ApiError('busy', words);
    }
    const id = randomBytes(SESSION_ID_BYTES).toString('base64url') as SolSessionId;
    const record: SolSessionRecord = {
      id,
      client,
      owner,
      output: new SolOutputBuffer(
        this.deps.output ?? DEFAULT_SOL_OUTPUT,
        (data) => this.deps.events.emit('sol:data', { sessionId: id, data }, owner),
        () => this.dropBehind(record),
      ),
      state: 'connecting',
      session: undefined,
      channel: undefined,
      hostPoweredOn: undefined,
      cancelled: false,
    };
    this.byId.set(id, record);
    this.byClient.set(client.id, record);
    // setImmediate runs after the router's reply has been handed to the transport, so the reply comes first.
    setImmediate(() => {
      void this.connect(record, credentials);
    });
    return id;
  }

  /** Keys to the host; refused unless the session is open and belongs to this owner. */
  send(id: SolSessionId, owner: string | undefined, data: Uint8Array): number {
    const record = this.owned(id, owner);
    if (record.state !== 'open' || !record.channel) {
      throw new ApiError(
        'sol-not-open',
        `The Serial-over-LAN terminal to ${record.client.hostName} is ${record.state === 'connecting' ? 'still connecting' : 'not open'}; keys were not sent.`,
      );
    }
    record.channel.send(data);
    return data.length;
  }

  /** EndSOL and close; false when the id is unknown (closed meanwhile) or not this owner's. */
  async close(id: SolSessionId, owner: string | undefined, reason = 'closed by the user'): Promise<boolean> {
    const record = this.byId.get(id);
    if (!record || record.owner !== owner) return false;
    await this.end(record, reason);
    return true;
  }

  /** The owner's window or connection went away: its sessions end. */
  async closeOwnedBy(owner: string): Promise<void> {
    const owned = [...this.byId.values()].filter((r) => r.owner === owner);
    await Promise.all(owned.map((r) => this.end(r, 'the window that opened it closed')));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.byId.values()].map((r) => this.end(r, 'the console is shutting down')));
  }

  private owned(id: SolSessionId, owner: string | undefined): SolSessionRecord {
    const record = this.byId.get(id);
    // Another window's session is answered like an unknown one: its existence is not this window's business.
    if (!record || record.owner !== owner)
      throw new ApiError('not-found', 'This Serial-over-LAN session is not open (it may have been closed meanwhile).');
    return record;
  }

  private async connect(record: SolSessionRecord, credentials: ResolvedCredentials): Promise<void> {
    const { client } = record;
    if (record.cancelled) return;
    this.emitState(record);
    const ports = redirectionPortsOf(client);
    try {
      await this.deps.amt.checkReady(client, credentials, 'sol');
      if (record.cancelled) return;
      const session = await openRedirectionWithPolicy({
        host: client.ip,
        plainPort: ports.plainPort,
        tlsPort: ports.tlsPort,
        tlsPolicy: this.deps.amt.tlsPolicy,
        credentials: { user: credentials.user, password: credentials.password },
        pins: this.deps.amt.pins,
        pinTlsPort: ports.wsman.tlsPort,
        timeoutMs: this.deps.amt.timeoutMs,
        legacyTls: client.legacyTls,
      });
      record.session = session;
      if (record.cancelled) {
        session.close();
        return;
      }
      const channel = await startSol(
        session,
        {
          onData: (bytes) => {
            record.output.push(bytes);
          },
          onControls: (controls) => {
            if (record.state !== 'open' || controls.hostPoweredOn === record.hostPoweredOn) return;
            record.hostPoweredOn = controls.hostPoweredOn;
            record.output.flush();
            this.emitState(record);
          },
        },
        { replyTimeoutMs: this.deps.amt.timeoutMs },
      );
      record.channel = channel;
      if (record.cancelled) {
        await endQuietly(channel);
        return;
      }
      record.hostPoweredOn = channel.controls?.hostPoweredOn;
      record.state = 'open';
      this.emitState(record);
      this.audit(record, 'sol:open', 'ok', `Serial-over-LAN opened (${session.where})`);
      void channel.closed.then((error) => {
        if (error)
          this.finish(record, 'failed', this.words(record, error, ports.plainPort, ports.tlsPort), 'sol:close');
        else this.finish(record, 'closed', undefined, undefined);
      });
    } catch (error) {
      record.session?.close();
      if (record.cancelled) return;
      if (isAmtError(error)) this.deps.markProblem?.(client, error);
      const words = this.words(record, error, ports.plainPort, ports.tlsPort);
      this.audit(record, 'sol:open', 'failed', words);
      this.finish(record, 'failed', words, undefined, isAmtError(error) ? error.code : undefined);
    }
  }

  private words(record: SolSessionRecord, error: unknown, plainPort: number, tlsPort: number): string {
    const policy = this.deps.amt.tlsPolicy;
    const tried = policy === 'http-only' ? [plainPort] : policy === 'tls-only' ? [tlsPort] : [tlsPort, plainPort];
    return toIpcError(error, this.deps.log, { host: record.client.hostName, ports: tried }).message;
  }

  /** The renderer did not take the bytes as fast as the host wrote them. */
  private dropBehind(record: SolSessionRecord): void {
    const words = `The terminal fell behind the output of ${record.client.hostName}; the Serial-over-LAN session was closed so memory stays bounded. Open it again.`;
    const channel = record.channel;
    this.finish(record, 'failed', words, 'sol:close');
    if (channel) void endQuietly(channel);
  }

  private async end(record: SolSessionRecord, reason: string): Promise<void> {
    if (!this.byId.has(record.id)) return;
    record.cancelled = true;
    const channel = record.channel;
    const wasOpen = record.state === 'open';
    // Listeners hear 'closed' at once; EndSOL goes out after (a silent device is closed anyway).
    this.finish(record, 'closed', `Closed: ${reason}.`, wasOpen ? 'sol:close' : undefined);
    if (channel) await endQuietly(channel);
    else record.session?.close();
  }

  /** The last state: pending bytes first, then the state, then the session is forgotten. Once only. */
  private finish(
    record: SolSessionRecord,
    state: 'closed' | 'failed',
    words: string | undefined,
    auditAction: string | undefined,
    code?: string,
  ): void {
    if (this.byId.get(record.id) !== record) return;
    record.output.flush();
    record.output.dispose();
    record.state = state;
    this.byId.delete(record.id);
    this.byClient.delete(record.client.id);
    this.emitState(record, words, code);
    if (auditAction)
      this.audit(record, auditAction, state === 'closed' ? 'ok' : 'failed', words ?? 'Serial-over-LAN closed');
  }

  private emitState(record: SolSessionRecord, words?: string, code?: string): void {
    this.deps.events.emit(
      'sol:state',
      {
        sessionId: record.id,
        clientId: record.client.id,
        state: record.state,
        ...(words !== undefined ? { words } : {}),
        ...(code !== undefined ? { code } : {}),
        ...(record.hostPoweredOn !== undefined ? { hostPoweredOn: record.hostPoweredOn } : {}),
      },
      record.owner,
    );
  }

  private audit(record: SolSessionRecord, action: string, result: 'ok' | 'failed', detail: string): void {
    this.deps.fleet.recordAudit({ actor: this.deps.actor, action, target: record.client.hostName, result, detail });
  }
}

async function endQuietly(channel: SolChannel): Promise<void> {
  try {
    await channel.end();
  } catch {
    // the connection is closed either way
  }
}
