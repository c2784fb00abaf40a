// IDE redirection on an authenticated redirection session (amt-protocols.md §3.4–3.6, §6 pitfalls 12–15):
// StartIDER → reply (read buffer) → enable with a start mode → serve the host's ATAPI commands from the images,
// one at a time with a queue, reads in read-buffer-sized 0x54 chunks; pings answered, heartbeats watched, every
// incoming sequence number checked, bus resets answered after the current chunk, EndIDER → EndSession → close.

import { AmtError } from '../../shared/domain';
import { atapiOpcodeName, SENSE, type IderMediaKind } from './atapi-constants';
import { AtapiResponder, type AtapiAnswer } from './atapi-responder';
import {
  DEFAULT_IDER_SETTINGS,
  IDER_FEATURE_BYTE_EXPECTED,
  IDER_FEATURE_ENABLE,
  IDER_FEATURE_SUBCOMMAND,
  IDER_SET_REGISTER_STATE_OK,
  IDER_START_MODE_BITS,
  MAX_IDER_READ_BUFFER,
  MSG_END_IDER,
  MSG_END_IDER_REPLY,
  MSG_IDER_COMMAND_WRITTEN,
  MSG_IDER_DATA_FROM_HOST,
  MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY,
  MSG_IDER_ERROR_OCCURRED,
  MSG_IDER_HEARTBEAT,
  MSG_IDER_KEEPALIVE_PING,
  MSG_IDER_KEEPALIVE_PONG,
  MSG_IDER_RESET_OCCURRED,
  MSG_IDER_RESET_OCCURRED_RESPONSE,
  MSG_START_IDER_REPLY,
  SILENT_HEARTBEATS_BEFORE_FAILURE,
  START_STATUS,
  type IderSettings,
  type IderStartMode,
} from './constants';
import type { DiskImage } from './disk-image';
import { decodeSequence } from './frames';
import {
  decodeCommandWritten,
  decodeErrorOccurred,
  decodeFeaturesReply,
  decodeStartIderReply,
  encodeCommandEndResponse,
  encodeDataToHost,
  encodeDisableEnableFeatures,
  encodeIderShort,
  encodeStartIder,
  type AtapiCommand,
  type IderDrive,
  type StartIderReply,
} from './ider-frames';
import { DEFAULT_REPLY_TIMEOUT_MS, type RedirectionSession } from './session';

/** Commands the host may queue behind the one being served; more is a host (or peer) gone wrong. */
const MAX_QUEUED_COMMANDS = 64;
/** IDE-R's heartbeat we ask for: the firmware's 0x4B lets us notice a dead link within 4 intervals. */
export const IDER_HEARTBEAT_MS = 5000;

export interface IderProgress {
  /** Image bytes sent to the host so far. */
  readonly bytesSent: number;
  readonly sectorsRead: number;
  /** Over the last completed read command(s), by the wall clock. */
  readonly sectorsPerSecond: number;
  readonly commands: number;
  /** e.g. "READ(10) cd LBA 16 × 4" or "TEST UNIT READY floppy → 06/28/00". */
  readonly lastCommand: string;
  readonly elapsedMs: number;
}

export type IderEvent =
  | { readonly type: 'reset'; readonly mask: number }
  | { readonly type: 'firmware-error'; readonly code: number }
  | { readonly type: 'write-refused'; readonly drive: IderDrive };

export interface IderOptions {
  readonly startMode: IderStartMode;
  readonly settings?: IderSettings;
  readonly replyTimeoutMs?: number;
  /** No byte for this long fails the session; default 4 × the heartbeat interval. */
  readonly silenceTimeoutMs?: number;
  /** After every command and every read chunk. */
  readonly onProgress?: (progress: IderProgress) => void;
  readonly onEvent?: (event: IderEvent) => void;
  /** Injected clock for sectors/s (tests); default Date.now. */
  readonly now?: () => number;
}

export interface IderMedia {
  readonly floppy?: DiskImage;
  readonly cd?: DiskImage;
}

function senseText(answer: AtapiAnswer): string {
  if (answer.kind !== 'status' || answer.sense.key === 0) return '';
  const hex = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();
  return ` → ${hex(answer.sense.key)}/${hex(answer.sense.asc)}/${hex(answer.sense.ascq)}`;
}

export class IderChannel {
  private outSeq = 0;
  private inSeq = 0;
  private readonly queue: AtapiCommand[] = [];
  private serving = false;
  private resetPending = false;
  private stopping = false;
  private watchdog: NodeJS.Timeout | undefined;
  private lastByteMs: number;
  private readonly responder: AtapiResponder;
  private readonly now: () => number;
  private readonly startedMs: number;
  private stats = { bytesSent: 0, sectorsRead: 0, commands: 0, lastCommand: '', sectorsPerSecond: 0 };
  /** Info from 0x41, set during start. */
  reply: StartIderReply | undefined;

  constructor(
    private readonly session: RedirectionSession,
    private readonly media: IderMedia,
    private readonly options: IderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.startedMs = this.now();
    this.lastByteMs = Date.now();
    this.responder = new AtapiResponder({
      ...(media.floppy ? { floppy: { kind: 'floppy', sizeBytes: media.floppy.sizeBytes } } : {}),
      ...(media.cd ? { cd: { kind: 'cd', sizeBytes: media.cd.sizeBytes } } : {}),
    });
  }

  get where(): string {
    return this.session.where;
  }

  get closed(): Promise<AmtError | undefined> {
    return this.session.closed;
  }

  get progress(): IderProgress {
    return { ...this.stats, elapsedMs: this.now() - this.startedMs };
  }

  private get readBufferBytes(): number {
    return this.reply?.readBufferBytes ?? MAX_IDER_READ_BUFFER;
  }

  /** @internal outgoing numbers start at 0 with 0x40 and grow by one per message. */
  nextSeq(): number {
    const seq = this.outSeq;
    this.outSeq = (this.outSeq + 1) >>> 0;
    return seq;
  }

  /** Incoming messages count 0, 1, 2… from 0x41; a gap means lost or injected messages (§6 pitfall 12). */
  checkSequence(message: Uint8Array): boolean {
    const seq = decodeSequence(message);
    if (seq !== this.inSeq) {
      this.fail(
        'malformed-frame',
        `${this.where} sent IDE-R message 0x${(message[0] ?? 0).toString(16)} with sequence number ${seq}, expected ${this.inSeq}; session closed.`,
      );
      return false;
    }
    this.inSeq = (this.inSeq + 1) >>> 0;
    return true;
  }

  private fail(code: AmtError['code'], message: string): void {
    this.stopWatchdog();
    this.session.fail(new AmtError(code, message, { endpoint: this.where }));
  }

  /** @internal started by startIder once the drives are enabled. */
  run(silenceTimeoutMs: number): void {
    this.session.onBytes = () => {
      this.lastByteMs = Date.now();
    };
    this.session.setMessageHandler((message) => this.dispatch(message));
    const checkEveryMs = Math.max(50, Math.floor(silenceTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastByteMs > silenceTimeoutMs) {
        this.fail('timeout', `${this.where} sent nothing for ${silenceTimeoutMs} ms (IDE-R heartbeat lost).`);
      }
    }, checkEveryMs);
    this.watchdog.unref();
    void this.session.closed.then(() => this.finish());
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private finish(): void {
    this.stopWatchdog();
    void this.media.floppy?.close();
    void this.media.cd?.close();
  }

  private dispatch(message: Uint8Array): void {
    if (!this.checkSequence(message)) return;
    switch (message[0]) {
      case MSG_IDER_COMMAND_WRITTEN:
        if (this.queue.length >= MAX_QUEUED_COMMANDS) {
          return this.fail(
            'malformed-frame',
            `${this.where} queued more than ${MAX_QUEUED_COMMANDS} ATAPI commands without waiting for answers.`,
          );
        }
        this.queue.push(decodeCommandWritten(message));
        return void this.pump();
      case MSG_IDER_KEEPALIVE_PING:
        return this.session.send(encodeIderShort(MSG_IDER_KEEPALIVE_PONG, this.nextSeq()));
      case MSG_IDER_KEEPALIVE_PONG:
      case MSG_IDER_HEARTBEAT:
        return;
      case MSG_IDER_RESET_OCCURRED: {
        this.options.onEvent?.({ type: 'reset', mask: message[8] ?? 0 });
        // Finish the chunk in flight, drop what is queued, then answer (MC's order, §6 pitfall 14).
        this.queue.length = 0;
        if (this.serving) this.resetPending = true;
        else this.session.send(encodeIderShort(MSG_IDER_RESET_OCCURRED_RESPONSE, this.nextSeq()));
        return;
      }
      case MSG_IDER_ERROR_OCCURRED:
        this.options.onEvent?.({ type: 'firmware-error', code: decodeErrorOccurred(message).code });
        return;
      case MSG_IDER_DATA_FROM_HOST:
        // Never asked for (writes are refused before their data phase); answer as write-protected anyway.
        return this.session.send(encodeCommandEndResponse(this.nextSeq(), 'floppy', SENSE.writeProtected));
      case MSG_END_IDER_REPLY:
        return this.fail('connection-closed', `${this.where} ended the IDE-R session.`);
      default:
        return this.fail(
          'malformed-frame',
          `${this.where} sent message type 0x${(message[0] ?? 0).toString(16)} during IDE-R.`,
        );
    }
  }

  /** Serves queued commands one at a time. */
  private async pump(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      // Bounded: each round removes one queued command; the queue is capped.
      for (
        let command = this.queue.shift();
        command && !this.session.isOver() && !this.stopping;
        command = this.queue.shift()
      ) {
        await this.serve(command);
        if (this.resetPending) break;
      }
    } catch (error) {
      const e = error instanceof AmtError ? error : new AmtError('connection-closed', String(error));
      this.stopWatchdog();
      this.session.fail(e.detail.endpoint ? e : new AmtError(e.code, e.message, { ...e.detail, endpoint: this.where }));
    } finally {
      this.serving = false;
    }
    if (this.resetPending && !this.session.isOver()) {
      this.resetPending = false;
      this.queue.length = 0;
      this.session.send(encodeIderShort(MSG_IDER_RESET_OCCURRED_RESPONSE, this.nextSeq()));
    }
  }

  private async serve(command: AtapiCommand): Promise<void> {
    const answer = this.responder.answer(command);
    const op = command.cdb[0] ?? 0;
    this.stats.commands += 1;
    const name = `${atapiOpcodeName(op)} ${command.drive}`;
    if (answer.kind === 'status' && answer.sense === SENSE.writeProtected)
      this.options.onEvent?.({ type: 'write-refused', drive: command.drive });
    switch (answer.kind) {
      case 'status':
        this.stats.lastCommand = `${name}${senseText(answer)}`;
        this.session.send(encodeCommandEndResponse(this.nextSeq(), command.drive, answer.sense));
        break;
      case 'data':
        this.stats.lastCommand = name;
        this.sendChunks(command, answer.bytes);
        break;
      case 'read':
        this.stats.lastCommand = `${name} LBA ${answer.lba} × ${answer.sectors}`;
        await this.streamRead(command, answer);
        break;
    }
    this.options.onProgress?.(this.progress);
  }

  private sendChunks(command: AtapiCommand, bytes: Uint8Array): void {
    const size = this.readBufferBytes;
    for (let at = 0; at < bytes.length; at += size) {
      const last = at + size >= bytes.length;
      this.session.send(
        encodeDataToHost(this.nextSeq(), command.drive, bytes.subarray(at, at + size), last, command.dma),
      );
    }
  }

  private async streamRead(command: AtapiCommand, answer: Extract<AtapiAnswer, { kind: 'read' }>): Promise<void> {
    const image = command.drive === 'cd' ? this.media.cd : this.media.floppy;
    if (!image) throw new AmtError('bad-input', `No ${command.drive} image is attached.`);
    const startedMs = this.now();
    try {
      await image.checkUnchanged();
    } catch (error) {
      return this.refuseChangedImage(command, error);
    }
    const chunk = this.readBufferBytes - (this.readBufferBytes % image.sectorBytes) || this.readBufferBytes;
    const end = answer.offset + answer.length;
    // Bounded by the read's length (at most the image); stops early on stop() or a bus reset.
    for (let at = answer.offset; at < end; at += chunk) {
      const length = Math.min(chunk, end - at);
      let bytes: Uint8Array;
      try {
        bytes = await image.read(at, length);
      } catch (error) {
        return this.refuseChangedImage(command, error);
      }
      if (this.session.isOver()) return;
      const last = at + length >= end;
      this.session.send(encodeDataToHost(this.nextSeq(), command.drive, bytes, last, command.dma));
      this.stats.bytesSent += length;
      this.stats.sectorsRead += length / image.sectorBytes;
      if (!last && (this.resetPending || this.stopping)) return;
      if (!last) this.options.onProgress?.(this.progress);
    }
    const tookMs = Math.max(1, this.now() - startedMs);
    this.stats.sectorsPerSecond = Math.round((answer.sectors * 1000) / tookMs);
  }

  /** The image cannot be served as it was announced: the host gets 06/28/00 for this command, then the session ends. */
  private refuseChangedImage(command: AtapiCommand, error: unknown): void {
    const e = error instanceof AmtError ? error : new AmtError('bad-input', String(error));
    this.stopWatchdog();
    const last = encodeCommandEndResponse(this.nextSeq(), command.drive, SENSE.mediumMayHaveChanged);
    this.session.sendThenFail(last, new AmtError(e.code, e.message, { ...e.detail, endpoint: this.where }));
  }

  /** Replaces (or removes) the medium of a drive mid-session: the host sees UNIT ATTENTION, as with a real disk change. */
  changeMedium(drive: IderMediaKind, image: DiskImage | undefined): void {
    const media = this.media as { floppy?: DiskImage; cd?: DiskImage };
    const old = media[drive];
    if (old && old !== image) void old.close();
    media[drive] = image;
    this.responder.changeMedium(drive, image && { kind: image.kind, sizeBytes: image.sizeBytes });
  }

  /** EndIDER → its reply → EndRedirectionSession → close. Waits for the chunk in flight; a silent device is closed anyway. */
  async stop(): Promise<void> {
    if (this.session.isOver() || this.stopping) return;
    this.stopping = true;
    this.queue.length = 0;
    // Bounded: the chunk in flight finishes within one disk read.
    for (let i = 0; i < 1000 && this.serving; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.session.isOver()) return;
    this.stopWatchdog();
    this.session.transition('ider-ending');
    const ended = this.session.expect(
      MSG_END_IDER_REPLY,
      this.options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS,
      'EndIDERedirectionReply',
    );
    this.session.send(encodeIderShort(MSG_END_IDER, this.nextSeq()));
    try {
      await ended;
    } finally {
      this.session.close();
      this.finish();
    }
  }
}

/**
 * Starts IDE-R on an authenticated session (§3.6): 0x40 → 0x41 (status, protocol byte, read buffer checked) →
 * 0x48 set-register-state with the start mode → 0x49 value 1. The images are the caller's until then; from here
 * the channel closes them when the session ends.
 */
export async function startIder(
  session: RedirectionSession,
  media: IderMedia,
  options: IderOptions,
): Promise<IderChannel> {
  if (session.state !== 'authenticated') {
    throw new AmtError('bad-input', `IDE-R needs an authenticated redirection session (it is ${session.state}).`);
  }
  if (!media.floppy && !media.cd) throw new AmtError('bad-input', 'IDE-R needs a floppy or a CD image.');
  const settings = options.settings ?? { ...DEFAULT_IDER_SETTINGS, heartbeatIntervalMs: IDER_HEARTBEAT_MS };
  const silenceTimeoutMs = options.silenceTimeoutMs ?? settings.heartbeatIntervalMs * SILENT_HEARTBEATS_BEFORE_FAILURE;
  if (!(silenceTimeoutMs > 0))
    throw new AmtError(
      'bad-input',
      'IDE-R needs a heartbeat interval or a silence timeout, or a dead link would hang forever.',
    );
  const replyMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  const channel = new IderChannel(session, media, options);
  const where = session.where;
  const refuse = (code: AmtError['code'], message: string): never => {
    const error = new AmtError(code, message, { endpoint: where });
    session.fail(error);
    throw error;
  };
  session.transition('ider-starting');
  const replied = session.expect(MSG_START_IDER_REPLY, replyMs, 'StartIDERedirectionReply');
  session.send(encodeStartIder(channel.nextSeq(), settings));
  const replyMessage = await replied;
  if (!channel.checkSequence(replyMessage)) throw (await session.closed) ?? new AmtError('malformed-frame', 'sequence');
  const reply = decodeStartIderReply(replyMessage);
  if (reply.status !== START_STATUS.ok)
    refuse('unsupported', `${where} refused to start IDE-R (status 0x${reply.status.toString(16)}).`);
  if (reply.featureByte !== IDER_FEATURE_BYTE_EXPECTED)
    refuse('unsupported', `${where} speaks an unknown IDE-R protocol variant (feature byte ${reply.featureByte}).`);
  if (reply.readBufferBytes === 0 || reply.readBufferBytes > MAX_IDER_READ_BUFFER) {
    refuse(
      'malformed-frame',
      `${where} announced an IDE-R read buffer of ${reply.readBufferBytes} bytes (1–${MAX_IDER_READ_BUFFER} expected).`,
    );
  }
  channel.reply = reply;
  const enabled = session.expect(MSG_IDER_DISABLE_ENABLE_FEATURES_REPLY, replyMs, 'the IDE-R enable reply');
  const value = IDER_FEATURE_ENABLE | IDER_START_MODE_BITS[options.startMode];
  session.send(encodeDisableEnableFeatures(channel.nextSeq(), IDER_FEATURE_SUBCOMMAND.setRegisterState, value));
  const enableMessage = await enabled;
  if (!channel.checkSequence(enableMessage))
    throw (await session.closed) ?? new AmtError('malformed-frame', 'sequence');
  const result = decodeFeaturesReply(enableMessage);
  if (result.subcommand !== IDER_FEATURE_SUBCOMMAND.setRegisterState || result.value !== IDER_SET_REGISTER_STATE_OK) {
    refuse(
      'unsupported',
      `${where} did not enable the redirected drives (reply ${result.subcommand}/${result.value}); is IDE-R enabled in AMT_RedirectionService?`,
    );
  }
  session.transition('ider-active');
  channel.run(silenceTimeoutMs);
  return channel;
}
