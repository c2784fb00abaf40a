// The console's IDE redirection sessions (issue 9; amt-protocols.md §3.4–3.6): an image on the console's disk
// served to one client as its redirected floppy or CD, at most one session per client, owned by the connection
// (window or WebSocket) that started it. The image is checked before anything is sent; then the redirection
// session opens under the console's TLS policy, IDE-R starts with the chosen start mode, and progress goes out
// as 'ider:progress' (throttled), the state as 'ider:state'. Start, stop and failure are audited. Sessions end
// with their owner's connection and when the core closes.
//
// Order per session, as the renderer sees it: the ider:start reply, 'starting', then 'active' or 'failed';
// after 'active' any number of ider:progress; last 'stopped' or 'failed' (after a final ider:progress).

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { isAmtError, type Client, type ClientId, type IderSessionId } from '../../shared/domain';
import type { IderMedia, IderProgressView, IderStartModeName, IderState } from '../../shared/ipc';
import type { FleetService, ResolvedCredentials } from '../fleet/index';
import {
  DiskImage,
  openRedirectionWithPolicy,
  startIder,
  type IderChannel,
  type IderProgress,
  type RedirectionSession,
} from '../redirect/index';
import { ApiError } from './api-error';
import type { ApiEvents } from './api-events';
import type { ClientAmt } from './client-amt';
import { toIpcError, type ApiLog } from './error-reply';
import { redirectionPortsOf } from './sol-sessions';

const SESSION_ID_BYTES = 16;
/** ider:progress at most this often per session (a floppy boot issues hundreds of small reads). */
export const IDER_PROGRESS_INTERVAL_MS = 250;
const MEDIA_WORDS: Readonly<Record<IderMedia, string>> = { floppy: 'floppy', cd: 'CD' };

export interface IderSessionsDeps {
  readonly fleet: FleetService;
  readonly amt: ClientAmt;
  readonly events: ApiEvents;
  readonly actor: string;
  readonly log: ApiLog;
  /** An AMT failure that is the client's own (wrong password, unreachable): shown as its problem in the tree. */
  readonly markProblem: (client: Client, error: unknown) => void;
  readonly progressIntervalMs?: number;
}

export interface IderStartRequest {
  readonly media: IderMedia;
  readonly path: string;
  readonly startMode: IderStartModeName;
}

interface IderRecord {
  readonly id: IderSessionId;
  readonly client: Client;
  readonly owner: string | undefined;
  readonly media: IderMedia;
  readonly imageName: string;
  readonly image: DiskImage;
  state: IderState;
  session: RedirectionSession | undefined;
  channel: IderChannel | undefined;
  cancelled: boolean;
  lastProgressMs: number;
  progressTimer: NodeJS.Timeout | undefined;
}

export class IderSessions {
  private readonly byId = new Map<IderSessionId, IderRecord>();
  private readonly byClient = new Map<ClientId, IderRecord>();

  constructor(private readonly deps: IderSessionsDeps) {}

  /** The medium a client's session serves while it is active (the boot handler's precondition). */
  activeMedia(clientId: ClientId): IderMedia | undefined {
    const record = this.byClient.get(clientId);
    return record?.state === 'active' ? record.media : undefined;
  }

  /** Checks the image (errors name the field 'path'), reserves the client's one session and starts connecting. */
  async start(
    client: Client,
    credentials: ResolvedCredentials,
    owner: string | undefined,
    request: IderStartRequest,
  ): Promise<IderSessionId> {
    if (this.byClient.has(client.id)) {
      const words =
        `An image is already being served to ${client.hostName} over IDE-R in this console; ` +
        'stop it before starting another.';
      this.auditFailed(client, 'ider:start', words);
      throw new ApiError('busy', words);
    }
    let image: DiskImage;
    try {
      image = await DiskImage.open(request.path, request.media, `The ${MEDIA_WORDS[request.media]} image`);
    } catch (error) {
      const words = isAmtError(error) ? error.message : `The image cannot be opened.`;
      this.auditFailed(client, 'ider:start', words);
      throw new ApiError('bad-image', words, 'path');
    }
    if (this.byClient.has(client.id)) {
      await image.close();
      throw new ApiError('busy', `An image is already being served to ${client.hostName} over IDE-R in this console.`);
    }
    const id = randomBytes(SESSION_ID_BYTES).toString('base64url') as IderSessionId;
    const record: IderRecord = {
      id,
      client,
      owner,
      media: request.media,
      imageName: basename(request.path),
      image,
      state: 'starting',
      session: undefined,
      channel: undefined,
      cancelled: false,
      lastProgressMs: 0,
      progressTimer: undefined,
    };
    this.byId.set(id, record);
    this.byClient.set(client.id, record);
    // After the router's reply is handed to the transport, so the reply comes before the first state.
    setImmediate(() => {
      void this.connect(record, credentials, request.startMode);
    });
    return id;
  }

  /** EndIDER and close; false when the id is unknown (ended meanwhile) or not this owner's. */
  async stop(id: IderSessionId, owner: string | undefined, reason = 'stopped by the user'): Promise<boolean> {
    const record = this.byId.get(id);
    if (!record || record.owner !== owner) return false;
    await this.end(record, reason);
    return true;
  }

  async closeOwnedBy(owner: string): Promise<void> {
    const owned = [...this.byId.values()].filter((r) => r.owner === owner);
    await Promise.all(owned.map((r) => this.end(r, 'the window that started it closed')));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.byId.values()].map((r) => this.end(r, 'the console is shutting down')));
  }

  private async connect(
    record: IderRecord,
    credentials: ResolvedCredentials,
    startMode: IderStartModeName,
  ): Promise<void> {
    const { client } = record;
    if (record.cancelled) return;
    this.emitState(record);
    const ports = redirectionPortsOf(client);
    try {
      await this.deps.amt.checkReady(client, credentials, 'ider');
      if (record.cancelled) return;
      const session = await openRedirectionWithPolicy({
        host: client.ip,
        kind: 'ider',
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
      const media = record.media === 'floppy' ? { floppy: record.image } : { cd: record.image };
      const channel = await startIder(session, media, {
        startMode,
        replyTimeoutMs: this.deps.amt.timeoutMs,
        onProgress: (progress) => this.progress(record, progress),
      });
      record.channel = channel;
      if (record.cancelled) {
        await stopQuietly(channel);
        return;
      }
      record.state = 'active';
      this.emitState(record);
      this.audit(
        record,
        'ider:start',
        'ok',
        `IDE-R serving the ${MEDIA_WORDS[record.media]} image ${record.imageName} ` +
          `(${record.image.sizeBytes} bytes, start ${startMode}; ${session.where})`,
      );
      void channel.closed.then((error) => {
        if (error)
          this.finish(record, 'failed', this.words(record, error, ports.plainPort, ports.tlsPort), 'ider:stop');
        else this.finish(record, 'stopped', undefined, 'ider:stop');
      });
    } catch (error) {
      record.session?.close();
      // startIder closes the image only once it has taken it over; before that it is ours.
      void record.image.close();
      if (record.cancelled) return;
      if (isAmtError(error)) this.deps.markProblem(client, error);
      const words = this.words(record, error, ports.plainPort, ports.tlsPort);
      this.audit(record, 'ider:start', 'failed', words);
      this.finish(record, 'failed', words, undefined, isAmtError(error) ? error.code : undefined);
    }
  }

  private words(record: IderRecord, error: unknown, plainPort: number, tlsPort: number): string {
    const policy = this.deps.amt.tlsPolicy;
    const tried = policy === 'http-only' ? [plainPort] : policy === 'tls-only' ? [tlsPort] : [tlsPort, plainPort];
    // The device's BUSY means another console serves IDE-R to this PC: say that, not just "busy".
    if (isAmtError(error) && error.code === 'busy') return `${error.message.replace(/\.$/, '')}.`;
    return toIpcError(error, this.deps.log, { host: record.client.hostName, ports: tried }).message;
  }

  /** Throttled: the first report at once, then at most one per interval, the latest one trailing. */
  private progress(record: IderRecord, progress: IderProgress): void {
    const interval = this.deps.progressIntervalMs ?? IDER_PROGRESS_INTERVAL_MS;
    const now = Date.now();
    if (now - record.lastProgressMs >= interval) {
      this.emitProgress(record, progress);
      return;
    }
    if (record.progressTimer) return;
    record.progressTimer = setTimeout(
      () => {
        record.progressTimer = undefined;
        if (record.channel && this.byId.get(record.id) === record) this.emitProgress(record, record.channel.progress);
      },
      interval - (now - record.lastProgressMs),
    );
  }

  private emitProgress(record: IderRecord, progress: IderProgress): void {
    record.lastProgressMs = Date.now();
    const view = progressView(progress, record.image.sizeBytes, record.image.sectorBytes);
    this.deps.events.emit(
      'ider:progress',
      { sessionId: record.id, clientId: record.client.id, progress: view },
      record.owner,
    );
  }

  private async end(record: IderRecord, reason: string): Promise<void> {
    if (!this.byId.has(record.id)) return;
    record.cancelled = true;
    const channel = record.channel;
    const wasActive = record.state === 'active';
    this.finish(record, 'stopped', `Stopped: ${reason}.`, wasActive ? 'ider:stop' : undefined);
    if (channel) await stopQuietly(channel);
    else record.session?.close();
  }

  /** The last state, once: a final progress report, the state, the audit entry; then the session is forgotten. */
  private finish(
    record: IderRecord,
    state: 'stopped' | 'failed',
    words: string | undefined,
    auditAction: string | undefined,
    code?: string,
  ): void {
    if (this.byId.get(record.id) !== record) return;
    if (record.progressTimer) clearTimeout(record.progressTimer);
    record.progressTimer = undefined;
    if (record.channel) this.emitProgress(record, record.channel.progress);
    record.state = state;
    this.byId.delete(record.id);
    this.byClient.delete(record.client.id);
    this.emitState(record, words, code);
    if (!auditAction) return;
    const served = record.channel
      ? `${record.channel.progress.bytesSent} bytes (${record.channel.progress.sectorsRead} sectors) ` +
        `of ${record.imageName} served`
      : '';
    const detail = [served, words ?? 'IDE-R stopped'].filter((part) => part !== '').join('; ');
    this.audit(record, auditAction, state === 'stopped' ? 'ok' : 'failed', detail);
  }

  private emitState(record: IderRecord, words?: string, code?: string): void {
    this.deps.events.emit(
      'ider:state',
      {
        sessionId: record.id,
        clientId: record.client.id,
        media: record.media,
        state: record.state,
        ...(words !== undefined ? { words } : {}),
        ...(code !== undefined ? { code } : {}),
      },
      record.owner,
    );
  }

  private audit(record: IderRecord, action: string, result: 'ok' | 'failed', detail: string): void {
    this.deps.fleet.recordAudit({ actor: this.deps.actor, action, target: record.client.hostName, result, detail });
  }

  private auditFailed(client: Client, action: string, detail: string): void {
    this.deps.fleet.recordAudit({ actor: this.deps.actor, action, target: client.hostName, result: 'failed', detail });
  }
}

/** The speed is the last read's (a host reads in bursts; an average over idle minutes would say little). */
function progressView(progress: IderProgress, imageBytes: number, sectorBytes: number): IderProgressView {
  return {
    bytesSent: progress.bytesSent,
    sectorsRead: progress.sectorsRead,
    sectorsPerSecond: progress.sectorsPerSecond,
    bytesPerSecond: progress.sectorsPerSecond * sectorBytes,
    commands: progress.commands,
    lastCommand: progress.lastCommand,
    imageBytes,
  };
}

async function stopQuietly(channel: IderChannel): Promise<void> {
  try {
    await channel.stop();
  } catch {
    // the connection is closed either way
  }
}
