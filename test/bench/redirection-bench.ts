// Redirection bench (issue 9, README "Benchmarks"), over loopback in one process (both ends share the event loop,
// for the IDE-R run and the baseline alike):
// - IDE-R throughput: a 64 MiB CD image served by the console's IDE-R channel (main/redirect) to the simulator's
//   firmware side, which reads it as a host would (READ(10) of 64 sectors, one command at a time), against a raw
//   TCP copy of the same file in the same run (read by range in the same 8 KiB pieces IDE-R sends, written to a
//   socket, counted at the other end). Alternated runs, medians, the ratio IDE-R / raw.
// - SOL key-to-echo latency: one printable key per SOL data message to the simulator's scripted BIOS, timed until
//   its echo arrives; p50 and p99 over all keys. Twice: with the TxBufferTimeout the console asks for (100 ms, as
//   amtterm and MeshCommander do; amt-protocols.md §3.3), which the firmware may wait before it sends host output,
//   so it bounds the echo from below; and with 1 ms, which leaves the console's own path and the socket.
// No assertion: tests never assert on time.
//   npx tsx test/bench/redirection-bench.ts [--image-mib N (64)] [--runs R (3)] [--keys K (2000)]
import { open, rm, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_SOL_SETTINGS,
  DiskImage,
  openRedirectionSession,
  startIder,
  startSol,
} from '../../main/redirect/index';
import { startFleet, type SimDevice } from '../sim/index';
import { median } from './bench-report';

const HOST = '127.95.0.1';
const PASSWORD = 'RedirBench-Pass1!';
const CD_SECTOR_BYTES = 2048;
/** Sectors per READ(10), as the QEMU backend asks (test/sim/qemu-host.ts) and a BIOS or OS driver might. */
const SECTORS_PER_READ = 64;
/** The simulator's announced IDE-R read buffer: the payload of one 0x54 message; the raw copy uses the same pieces. */
const PIECE_BYTES = 8192;
const MIB = 1024 * 1024;
const KEY_WAIT_MS = 2000;
/** Keys at the reference TxBufferTimeout (each waits ~100 ms for the firmware's buffer timer). */
const REFERENCE_SETTING_KEYS = 200;
const SHORT_TX_BUFFER_TIMEOUT_MS = 1;
const credentials = { user: 'admin', password: PASSWORD };

interface Args {
  readonly imageMib: number;
  readonly runs: number;
  readonly keys: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  return { imageMib: value('--image-mib', 64), runs: value('--runs', 3), keys: value('--keys', 2000) };
}

/** A CD image of `mib` MiB with position-dependent bytes, written in 1 MiB pieces. */
async function writeImage(path: string, mib: number): Promise<void> {
  const file = await open(path, 'w');
  try {
    const piece = Buffer.alloc(MIB);
    for (let m = 0; m < mib; m++) {
      for (let i = 0; i < MIB; i += 4) piece.writeUInt32LE((Math.imul(m * MIB + i + 1, 2654435761) ^ m) >>> 0, i);
      await file.write(piece, 0, MIB, m * MIB);
    }
  } finally {
    await file.close();
  }
}

/** MiB/s of one IDE-R pass over the whole image. */
async function iderPass(d: SimDevice, path: string, sizeBytes: number): Promise<number> {
  const session = await openRedirectionSession({
    host: HOST,
    port: d.redirectionPort,
    tls: false,
    kind: 'ider',
    credentials,
    replyTimeoutMs: 5000,
  });
  const channel = await startIder(session, { cd: await DiskImage.open(path, 'cd') }, { startMode: 'now' });
  try {
    const fw = await d.waitForIder();
    await fw.capacity('cd'); // clears the fresh medium's UNIT ATTENTION, as a host does first
    const sectors = sizeBytes / CD_SECTOR_BYTES;
    let received = 0;
    const started = process.hrtime.bigint();
    for (let lba = 0; lba < sectors; lba += SECTORS_PER_READ) {
      const result = await fw.readSectors('cd', lba, Math.min(SECTORS_PER_READ, sectors - lba), {
        retryUnitAttention: false,
      });
      if (!result.good) throw new Error(`IDE-R read at LBA ${lba} failed: sense ${result.sense.join('/')}`);
      received += result.data.length;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (received !== sizeBytes) throw new Error(`IDE-R delivered ${received} of ${sizeBytes} bytes`);
    return sizeBytes / MIB / seconds;
  } finally {
    await channel.stop();
  }
}

/** MiB/s of a raw TCP copy of the same file: read by range in PIECE_BYTES, written to a loopback socket. */
async function rawPass(path: string, sizeBytes: number): Promise<number> {
  const server = net.createServer((socket) => {
    void (async () => {
      const file = await open(path, 'r');
      try {
        for (let at = 0; at < sizeBytes; at += PIECE_BYTES) {
          const piece = Buffer.alloc(Math.min(PIECE_BYTES, sizeBytes - at));
          await file.read(piece, 0, piece.length, at);
          if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
        }
      } finally {
        await file.close();
        socket.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const started = process.hrtime.bigint();
    const received = await new Promise<number>((resolve, reject) => {
      let count = 0;
      const socket = net.connect(port, HOST);
      socket.on('data', (chunk: Buffer) => void (count += chunk.length));
      socket.once('end', () => resolve(count));
      socket.once('error', reject);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (received !== sizeBytes) throw new Error(`the raw copy delivered ${received} of ${sizeBytes} bytes`);
    return sizeBytes / MIB / seconds;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Key-to-echo times in ms: each key a letter the scripted BIOS echoes, sent once the previous echo came. */
async function solEchoTimes(d: SimDevice, keys: number, txBufferTimeoutMs: number): Promise<number[]> {
  const session = await openRedirectionSession({
    host: HOST,
    port: d.redirectionPort,
    tls: false,
    credentials,
    replyTimeoutMs: 5000,
  });
  let waiting: { byte: number; resolve: () => void } | undefined;
  const sol = await startSol(
    session,
    {
      onData: (bytes) => {
        if (waiting && bytes.includes(waiting.byte)) {
          const done = waiting.resolve;
          waiting = undefined;
          done();
        }
      },
    },
    { settings: { ...DEFAULT_SOL_SETTINGS, txBufferTimeoutMs } },
  );
  const times: number[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 200)); // the BIOS screen arrives first
    for (let i = 0; i < keys; i++) {
      const byte = 0x61 + (i % 26); // a-z
      const echoed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo of key ${i} within ${KEY_WAIT_MS} ms`)), KEY_WAIT_MS);
        waiting = { byte, resolve: () => (clearTimeout(timer), resolve()) };
      });
      const started = process.hrtime.bigint();
      sol.send(Uint8Array.of(byte));
      await echoed;
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await sol.end();
  }
  return times;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'redirection-bench-'));
  const fleet = await startFleet({ count: 1, singleAddress: HOST, basePort: 0, password: PASSWORD });
  try {
    const d = fleet.devices[0] as SimDevice;
    const path = join(dir, 'bench.iso');
    const sizeBytes = args.imageMib * MIB;
    await writeImage(path, args.imageMib);
    await rawPass(path, sizeBytes); // warm-up: page cache and JIT for both paths
    await iderPass(d, path, sizeBytes);
    const ider: number[] = [];
    const raw: number[] = [];
    for (let run = 0; run < args.runs; run++) {
      raw.push(await rawPass(path, sizeBytes));
      ider.push(await iderPass(d, path, sizeBytes));
    }
    const iderMedian = median(ider);
    const rawMedian = median(raw);
    console.log(
      `\nIDE-R throughput, a ${args.imageMib} MiB CD image over loopback, median of ${args.runs} alternated runs:`,
    );
    console.log(
      `  IDE-R (READ(10) x ${SECTORS_PER_READ} sectors, ${PIECE_BYTES}-byte messages): ${iderMedian.toFixed(1)} MiB/s`,
    );
    console.log(`  raw TCP copy of the same file (${PIECE_BYTES}-byte reads):           ${rawMedian.toFixed(1)} MiB/s`);
    console.log(`  ratio IDE-R / raw: ${(iderMedian / rawMedian).toFixed(2)} (goal >= 0.5)`);

    console.log(`\nSOL key-to-echo over loopback, one key at a time (goal p99 < 5 ms):`);
    const settings = [
      { keys: Math.min(args.keys, REFERENCE_SETTING_KEYS), timeoutMs: DEFAULT_SOL_SETTINGS.txBufferTimeoutMs },
      { keys: args.keys, timeoutMs: SHORT_TX_BUFFER_TIMEOUT_MS },
    ];
    for (const setting of settings) {
      const times = (await solEchoTimes(d, setting.keys, setting.timeoutMs)).sort((a, b) => a - b);
      const p = (n: number): string => percentile(times, n).toFixed(3);
      console.log(
        `  TxBufferTimeout ${setting.timeoutMs} ms, ${setting.keys} keys: p50 ${p(50)} ms, p99 ${p(99)} ms, max ${(times.at(-1) ?? 0).toFixed(3)} ms`,
      );
    }
  } finally {
    await fleet.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
