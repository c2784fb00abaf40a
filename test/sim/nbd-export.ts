// A read-only NBD export (the fixed-newstyle handshake and simple replies of the NBD protocol) on a Unix socket, so
// a QEMU VM's floppy or CD drive reads through the simulator: each NBD READ is answered by `read`, which asks the
// console over IDE-R (qemu-host.ts). Writes are refused with EPERM. One client at a time is what QEMU makes.
import net from 'node:net';

const NBD_MAGIC = Buffer.from('NBDMAGIC', 'latin1');
const IHAVEOPT = Buffer.from('IHAVEOPT', 'latin1');
const FLAG_FIXED_NEWSTYLE = 1;
const FLAG_NO_ZEROES = 2;
const OPT_EXPORT_NAME = 1;
const OPT_ABORT = 2;
const OPT_INFO = 6;
const OPT_GO = 7;
const OPTION_REPLY_MAGIC = Buffer.from('0003e889045565a9', 'hex');
const REP_ACK = 1;
const REP_INFO = 3;
const REP_ERR_UNSUP = 0x80000001;
const INFO_EXPORT = 0;
const TRANSMISSION_HAS_FLAGS = 1;
const TRANSMISSION_READ_ONLY = 2;
const REQUEST_MAGIC = 0x25609513;
const SIMPLE_REPLY_MAGIC = 0x67446698;
const REQUEST_BYTES = 28;
const CMD_READ = 0;
const CMD_WRITE = 1;
const CMD_DISC = 2;
const CMD_FLUSH = 3;
const EPERM = 1;
const EIO = 5;
const EINVAL = 22;
/** Options and requests longer than this are a broken client: it is cut off. */
const MAX_OPTION_BYTES = 4096;
const MAX_READ_BYTES = 32 * 1024 * 1024;

export interface NbdExportOptions {
  readonly path: string;
  readonly sizeBytes: number;
  readonly read: (offset: number, length: number) => Promise<Buffer>;
  readonly onError?: (error: Error) => void;
}

export class NbdExport {
  readonly stats = { reads: 0, bytes: 0, errors: 0 };
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly options: NbdExportOptions) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  static async listen(options: NbdExportOptions): Promise<NbdExport> {
    const nbd = new NbdExport(options);
    await new Promise<void>((resolve, reject) => {
      nbd.server.once('error', reject);
      nbd.server.listen(options.path, () => resolve());
    });
    return nbd;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let phase: 'flags' | 'options' | 'transmission' = 'flags';
    let noZeroes = false;
    let busy = Promise.resolve();
    const hello = Buffer.alloc(18);
    NBD_MAGIC.copy(hello, 0);
    IHAVEOPT.copy(hello, 8);
    hello.writeUInt16BE(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES, 16);
    socket.write(hello);

    const optionReply = (option: number, type: number, data: Buffer = Buffer.alloc(0)): void => {
      const head = Buffer.alloc(20);
      OPTION_REPLY_MAGIC.copy(head, 0);
      head.writeUInt32BE(option, 8);
      head.writeUInt32BE(type, 12);
      head.writeUInt32BE(data.length, 16);
      socket.write(Buffer.concat([head, data]));
    };
    const sizeAndFlags = (): Buffer => {
      const b = Buffer.alloc(10);
      b.writeBigUInt64BE(BigInt(this.options.sizeBytes), 0);
      b.writeUInt16BE(TRANSMISSION_HAS_FLAGS | TRANSMISSION_READ_ONLY, 8);
      return b;
    };
    const simpleReply = (handle: Buffer, error: number, data?: Buffer): void => {
      const head = Buffer.alloc(16);
      head.writeUInt32BE(SIMPLE_REPLY_MAGIC, 0);
      head.writeUInt32BE(error, 4);
      handle.copy(head, 8);
      if (!socket.destroyed) socket.write(data ? Buffer.concat([head, data]) : head);
    };

    const step = (): boolean => {
      if (phase === 'flags') {
        if (buffered.length < 4) return false;
        noZeroes = (buffered.readUInt32BE(0) & FLAG_NO_ZEROES) !== 0;
        buffered = buffered.subarray(4);
        phase = 'options';
        return true;
      }
      if (phase === 'options') {
        if (buffered.length < 16) return false;
        if (!buffered.subarray(0, 8).equals(IHAVEOPT)) return (void socket.destroy(), false);
        const option = buffered.readUInt32BE(8);
        const length = buffered.readUInt32BE(12);
        if (length > MAX_OPTION_BYTES) return (void socket.destroy(), false);
        if (buffered.length < 16 + length) return false;
        buffered = buffered.subarray(16 + length);
        if (option === OPT_EXPORT_NAME) {
          socket.write(noZeroes ? sizeAndFlags() : Buffer.concat([sizeAndFlags(), Buffer.alloc(124)]));
          phase = 'transmission';
        } else if (option === OPT_GO || option === OPT_INFO) {
          optionReply(option, REP_INFO, Buffer.concat([Buffer.of(0, INFO_EXPORT), sizeAndFlags()]));
          optionReply(option, REP_ACK);
          if (option === OPT_GO) phase = 'transmission';
        } else if (option === OPT_ABORT) {
          optionReply(option, REP_ACK);
          socket.end();
        } else {
          optionReply(option, REP_ERR_UNSUP); // structured replies, meta contexts, listing: not offered
        }
        return true;
      }
      if (buffered.length < REQUEST_BYTES) return false;
      if (buffered.readUInt32BE(0) !== REQUEST_MAGIC) return (void socket.destroy(), false);
      const type = buffered.readUInt16BE(6);
      const handle = Buffer.from(buffered.subarray(8, 16));
      const offset = Number(buffered.readBigUInt64BE(16));
      const length = buffered.readUInt32BE(24);
      if (type === CMD_WRITE) {
        if (buffered.length < REQUEST_BYTES + length) return false;
        buffered = buffered.subarray(REQUEST_BYTES + length);
        simpleReply(handle, EPERM);
        return true;
      }
      buffered = buffered.subarray(REQUEST_BYTES);
      if (type === CMD_DISC) return (void socket.end(), false);
      if (type === CMD_FLUSH) return (simpleReply(handle, 0), true);
      if (type !== CMD_READ) return (simpleReply(handle, EINVAL), true);
      if (length > MAX_READ_BYTES || offset + length > this.options.sizeBytes)
        return (simpleReply(handle, EINVAL), true);
      // Replies go in request order: one read at a time, as the IDE-R drive serves one command at a time.
      busy = busy.then(async () => {
        try {
          const data = await this.options.read(offset, length);
          this.stats.reads += 1;
          this.stats.bytes += data.length;
          simpleReply(handle, 0, data);
        } catch (error) {
          this.stats.errors += 1;
          this.options.onError?.(error as Error);
          simpleReply(handle, EIO);
        }
      });
      return true;
    };

    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!socket.destroyed && step());
    });
  }
}
