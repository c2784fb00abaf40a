// The firmware side of IDE-R for one simulated device (amt-protocols.md §3.4–3.6), written independently of
// main/redirect: answers StartIDER with a read buffer, takes the enable with its start mode, sends heartbeats, and
// plays the host's IDE controller — tests (and the QEMU backend's NBD export) issue ATAPI commands through
// `command()`/`readSectors()` and get the console's data back. Checks the console's sequence numbers like MC does.
import type net from 'node:net';

const START_IDER_REPLY = 0x41;
const END_IDER_REPLY = 0x43;
const PING = 0x44;
const PONG = 0x45;
const RESET_OCCURRED = 0x46;
const FEATURES_REPLY = 0x49;
const HEARTBEAT = 0x4b;
const COMMAND_WRITTEN = 0x50;
const START_IDER = 0x40;
const END_IDER = 0x42;
const RESET_RESPONSE = 0x47;
const FEATURES = 0x48;
const COMMAND_END = 0x51;
const GET_DATA = 0x52;
const DATA_TO_HOST = 0x54;
const ATTR_COMPLETED = 0x02;
const ATA_PACKET = 0xa0;
const DRIVE_SELECT = { floppy: 0xa0, cd: 0xb0 } as const;
const SET_REGISTER_STATE = 3;
/** Start mode bits of 0x48 sub 3 (§3.4). */
const START_MODES: Readonly<Record<number, IderStartMode>> = { 0x08: 'reboot', 0x10: 'graceful', 0x18: 'now' };
const DEFAULT_READ_BUFFER = 8192;
const COMMAND_TIMEOUT_MS = 10_000;
const UNIT_ATTENTION = 0x06;
const MAX_UNIT_ATTENTION_RETRIES = 3;

export type SimDrive = 'floppy' | 'cd';
export type IderStartMode = 'reboot' | 'graceful' | 'now';

export interface AtapiResult {
  readonly good: boolean;
  /** Sense key, ASC, ASCQ from the completion (0/0/0 when good). */
  readonly sense: readonly [number, number, number];
  readonly data: Buffer;
  /** How many 0x54 chunks carried the data. */
  readonly chunks: number;
  /** Largest chunk payload seen. */
  readonly largestChunk: number;
}

export interface IderFirmwareOptions {
  readonly readBufferBytes?: number;
  /** Destroy the connection after this many 0x54 chunks (the 'iderDropMidTransfer' fault). */
  readonly dropAfterChunks?: number;
  readonly onEnabled: (firmware: IderFirmware) => void;
  readonly onClosed: (firmware: IderFirmware) => void;
}

interface Pending {
  readonly resolve: (result: AtapiResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly chunks: Buffer[];
  largest: number;
}

export class IderFirmware {
  private outSeq = 0;
  private inSeq = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pending: Pending | undefined;
  private resetWaiter: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private chunksSeen = 0;
  /** Between a bus reset and the console's 0x47, data of the aborted command may still arrive: dropped. */
  private discardAfterReset = false;
  /** busReset() armed to fire on the n-th data chunk of the next transfer. */
  private resetOnChunk: { at: number; done: () => void } | undefined;
  startMode: IderStartMode | undefined;
  enabled = false;
  closed = false;
  /** What the console asked for in 0x40. */
  settings = { rxTimeoutMs: 0, txTimeoutMs: 0, heartbeatMs: 0, version: 0 };
  readonly stats = { commands: 0, dataChunks: 0, dataBytes: 0, pongs: 0 };

  constructor(
    private readonly socket: net.Socket,
    private readonly options: IderFirmwareOptions,
  ) {
    socket.once('close', () => this.shutdown(new Error('the console closed the IDE-R connection')));
  }

  private send(type: number, body: Buffer = Buffer.alloc(0)): void {
    const out = Buffer.alloc(8 + body.length);
    out[0] = type;
    out.writeUInt32LE(this.outSeq++ >>> 0, 4);
    body.copy(out, 8);
    if (!this.socket.destroyed) this.socket.write(out);
  }

  private shutdown(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.enabled = false;
    clearInterval(this.heartbeatTimer);
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.options.onClosed(this);
  }

  /** One console message of the IDE-R set (framed by the caller). Returns false when the socket was cut. */
  handle(m: Buffer): boolean {
    const seq = m.readUInt32LE(4);
    if (seq !== this.inSeq) {
      this.socket.destroy(); // MC/DMT close on a gap; firmware is assumed to do the same
      this.shutdown(new Error(`console sequence ${seq}, expected ${this.inSeq}`));
      return false;
    }
    this.inSeq++;
    switch (m[0]) {
      case START_IDER: {
        this.settings = {
          rxTimeoutMs: m.readUInt16LE(8),
          txTimeoutMs: m.readUInt16LE(10),
          heartbeatMs: m.readUInt16LE(12),
          version: m.readUInt32LE(14),
        };
        const body = Buffer.alloc(22); // 30 bytes in all, OEM length 0
        body[0] = 1; // protocol major ([8])
        body[1] = 0;
        body[2] = 11; // firmware major
        body[3] = 8;
        body.writeUInt16LE(this.options.readBufferBytes ?? DEFAULT_READ_BUFFER, 8); // [16..17] read buffer
        body.writeUInt16LE(this.options.readBufferBytes ?? DEFAULT_READ_BUFFER, 10); // [18..19] write buffer
        body.writeUInt32LE(343, 17); // [25..28] IANA: Intel
        this.send(START_IDER_REPLY, body);
        if (this.settings.heartbeatMs > 0) {
          this.heartbeatTimer = setInterval(() => this.send(HEARTBEAT), this.settings.heartbeatMs);
          this.heartbeatTimer.unref();
        }
        return true;
      }
      case FEATURES: {
        const sub = m[8] as number;
        const value = m.readUInt32LE(9);
        const reply = Buffer.alloc(5);
        reply[0] = sub;
        if (sub === SET_REGISTER_STATE) {
          const mode = START_MODES[value & 0x18];
          const ok = (value & 0x01) === 1 && mode !== undefined;
          reply.writeUInt32LE(ok ? 1 : 0, 1);
          this.send(FEATURES_REPLY, reply);
          if (ok) {
            this.startMode = mode;
            this.enabled = true;
            this.options.onEnabled(this);
          }
          return true;
        }
        reply.writeUInt32LE(sub === 1 ? 1 : this.enabled ? 2 : 0, 1);
        this.send(FEATURES_REPLY, reply);
        return true;
      }
      case PING:
        this.send(PONG);
        return true;
      case PONG:
        this.stats.pongs++;
        return true;
      case RESET_RESPONSE:
        this.discardAfterReset = false;
        this.resetWaiter?.();
        this.resetWaiter = undefined;
        return true;
      case END_IDER:
        this.send(END_IDER_REPLY);
        this.shutdown(new Error('the console ended IDE-R'));
        return true;
      case DATA_TO_HOST:
        return this.dataToHost(m);
      case COMMAND_END:
        this.complete(m);
        return true;
      case GET_DATA:
        return true; // a write data request: our tests never let the host write
      default:
        return true;
    }
  }

  private dataToHost(m: Buffer): boolean {
    const pending = this.pending;
    if (!pending && this.discardAfterReset) return true;
    if (!pending) {
      this.socket.destroy();
      this.shutdown(new Error('0x54 without a command'));
      return false;
    }
    const n = m.readUInt16LE(9);
    const payload = Buffer.from(m.subarray(34, 34 + n));
    pending.chunks.push(payload);
    pending.largest = Math.max(pending.largest, n);
    this.stats.dataChunks++;
    this.stats.dataBytes += n;
    this.chunksSeen++;
    if (this.options.dropAfterChunks !== undefined && this.chunksSeen >= this.options.dropAfterChunks) {
      this.socket.destroy();
      this.shutdown(new Error('dropped mid-transfer (fault)'));
      return false;
    }
    if (this.resetOnChunk && pending.chunks.length >= this.resetOnChunk.at) {
      const armed = this.resetOnChunk;
      this.resetOnChunk = undefined;
      void this.busReset().then(armed.done);
      return true;
    }
    if (((m[3] as number) & ATTR_COMPLETED) !== 0) this.complete(m);
    return true;
  }

  private complete(m: Buffer): void {
    const pending = this.pending;
    if (!pending) return; // the completion of a command a bus reset aborted
    this.pending = undefined;
    clearTimeout(pending.timer);
    const status = m[27] as number; // output registers [20..27]: status at [27]
    const good = (status & 0x01) === 0;
    const sense: [number, number, number] = good ? [0, 0, 0] : [m[28] as number, m[29] as number, m[30] as number];
    pending.resolve({
      good,
      sense,
      data: Buffer.concat(pending.chunks),
      chunks: pending.chunks.length,
      largestChunk: pending.largest,
    });
  }

  /** Sends one ATAPI command as the host's controller would (0x50) and waits for its completion. One at a time. */
  command(
    drive: SimDrive,
    cdb: readonly number[],
    options: { dma?: boolean; ataCommand?: number } = {},
  ): Promise<AtapiResult> {
    const run = (): Promise<AtapiResult> =>
      new Promise<AtapiResult>((resolve, reject) => {
        if (this.closed) return reject(new Error('IDE-R session is closed'));
        const body = Buffer.alloc(20);
        body[1] = options.dma ? 0x01 : 0; // [9] feature: DMA
        body.writeUInt16LE(0xfffe, 4); // [12..13] byte count limit
        body[6] = DRIVE_SELECT[drive]; // [14]
        body[7] = options.ataCommand ?? ATA_PACKET; // [15]
        Buffer.from(cdb.slice(0, 12)).copy(body, 8); // [16..27]
        const timer = setTimeout(() => {
          this.pending = undefined;
          reject(new Error(`no answer to ATAPI 0x${(cdb[0] ?? 0).toString(16)} within ${COMMAND_TIMEOUT_MS} ms`));
        }, COMMAND_TIMEOUT_MS);
        this.pending = { resolve, reject, timer, chunks: [], largest: 0 };
        this.stats.commands++;
        this.send(COMMAND_WRITTEN, body);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** READ(10), retried after a UNIT ATTENTION (a fresh medium reports one first, like a real drive). */
  async readSectors(
    drive: SimDrive,
    lba: number,
    count: number,
    options: { dma?: boolean; retryUnitAttention?: boolean } = {},
  ): Promise<AtapiResult> {
    const cdb = [
      0x28,
      0,
      (lba >>> 24) & 0xff,
      (lba >>> 16) & 0xff,
      (lba >>> 8) & 0xff,
      lba & 0xff,
      0,
      (count >>> 8) & 0xff,
      count & 0xff,
      0,
      0,
      0,
    ];
    let result = await this.command(drive, cdb, options);
    const retries = options.retryUnitAttention === false ? 0 : MAX_UNIT_ATTENTION_RETRIES;
    for (let i = 0; i < retries && !result.good && result.sense[0] === UNIT_ATTENTION; i++) {
      result = await this.command(drive, cdb, options);
    }
    return result;
  }

  /** READ CAPACITY → { sectors, sectorBytes }, after clearing a pending unit attention with TEST UNIT READY. */
  async capacity(drive: SimDrive): Promise<{ sectors: number; sectorBytes: number }> {
    await this.command(drive, [0x00]);
    const r = await this.command(drive, [0x25]);
    if (!r.good) throw new Error(`READ CAPACITY failed with sense ${r.sense.join('/')}`);
    return { sectors: r.data.readUInt32BE(0) + 1, sectorBytes: r.data.readUInt32BE(4) };
  }

  /** The host resets its IDE bus (0x46); resolves when the console answered with 0x47. */
  busReset(): Promise<void> {
    // A bus reset aborts the command the controller was running.
    this.discardAfterReset = true;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('aborted by a bus reset'));
    }
    return new Promise((resolve) => {
      this.resetWaiter = resolve;
      this.send(RESET_OCCURRED, Buffer.of(0x01));
    });
  }

  /** Arms a bus reset that the host issues mid-transfer, on the `afterChunks`-th 0x54 of the next read. */
  busResetDuringNextRead(afterChunks: number): Promise<void> {
    return new Promise((resolve) => {
      this.resetOnChunk = { at: afterChunks, done: resolve };
    });
  }

  /** Firmware-initiated ping (0x44): the console must answer with 0x45. */
  ping(): void {
    this.send(PING);
  }

  /** Sends a message of any type with the right sequence number and `body` from byte 8 (hostile-firmware tests). */
  sendFrame(type: number, body: Buffer): void {
    this.send(type, body);
  }

  /** Sends raw bytes (hostile-firmware tests). */
  sendRaw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** The firmware drops the connection (a device that dies mid-session). */
  drop(): void {
    this.socket.destroy();
    this.shutdown(new Error('dropped by the firmware'));
  }
}
