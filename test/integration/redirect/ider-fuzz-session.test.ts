// The session-level half of the IDE-R fuzz test (issue 9): a live IDE-R session against the simulator gets random
// firmware input — raw garbage, random frames with the right sequence number, truncated frames followed by silence,
// random ATAPI commands then an unknown type — and must end with a clear AmtError in bounded time, never crash or
// hang. 300 seeded cases; the unit half (200,000 cases) is test/unit/main/redirect/ider-fuzz.test.ts.
// Loopback range: 127.90.0.0/16.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DiskImage, openRedirectionSession, startIder } from '../../../main/redirect/index';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { seededRandom } from '../../sim/seeded-random';

const HOST = '127.90.1.1';
const PASSWORD = 'IderFuzz-Pass1!';
const CASES = 300;
const SEED = process.env.IDER_FUZZ_SEED ?? 'ider-fuzz-session-1';
const SILENCE_MS = 100;
const CASE_BOUND_MS = 3000;
const CLEAR_CODES = ['malformed-frame', 'connection-closed', 'timeout'];

let fleet: Fleet;
let dir: string;
let path: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ider-fuzz-'));
  path = join(dir, 'cd.iso');
  writeFileSync(path, Buffer.alloc(64 * 2048, 0x5a));
  fleet = await startFleet({ count: 1, singleAddress: HOST, basePort: 0, password: PASSWORD });
});
afterAll(async () => {
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
});

it(`${CASES} live sessions with random firmware input end cleanly or with a clear error (seed ${SEED})`, async () => {
  const rng = seededRandom(SEED);
  const d = fleet.devices[0] as SimDevice;
  const outcomes: Record<string, number> = {};
  for (let c = 0; c < CASES; c++) {
    const session = await openRedirectionSession({
      host: HOST,
      port: d.redirectionPort,
      tls: false,
      kind: 'ider',
      credentials: { user: 'admin', password: PASSWORD },
      replyTimeoutMs: 2000,
    });
    const channel = await startIder(
      session,
      { cd: await DiskImage.open(path, 'cd') },
      { startMode: 'now', replyTimeoutMs: 500, silenceTimeoutMs: SILENCE_MS },
    );
    const fw = await d.waitForIder();
    const shape = rng.int(0, 3);
    const body = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)));
    if (shape === 0) fw.sendRaw(body(rng.int(1, 64)));
    else if (shape === 1) fw.sendFrame(rng.int(0, 255), body(rng.int(0, 40)));
    else if (shape === 2)
      fw.sendRaw(Buffer.of(0x50, 0, 0, 0, 2, 0, 0)); // truncated, then silence
    else {
      // Random ATAPI commands are served (whatever they ask), then one unknown type ends the session.
      for (let i = 0; i < 5; i++)
        fw.sendFrame(0x50, Buffer.concat([body(6), Buffer.of(rng.chance(0.5) ? 0xb0 : 0xa0, 0xa0), body(12)]));
      fw.sendFrame(0x99, Buffer.alloc(0));
    }
    const ended = await Promise.race([
      channel.closed.then((e) => ({ e })),
      new Promise<'open'>((r) => setTimeout(() => r('open'), CASE_BOUND_MS)),
    ]);
    if (ended === 'open')
      throw new Error(`case ${c} (shape ${shape}): the session neither failed nor ended within ${CASE_BOUND_MS} ms`);
    if (ended.e === undefined) {
      outcomes.clean = (outcomes.clean ?? 0) + 1;
    } else {
      expect(CLEAR_CODES).toContain(ended.e.code);
      expect(ended.e.message).toContain(`${HOST}:${d.redirectionPort}`);
      outcomes[ended.e.code] = (outcomes[ended.e.code] ?? 0) + 1;
    }
    if (!session.isOver()) session.close();
    // Bounded wait for the simulator to notice the connection is gone before the next case.
    for (let i = 0; i < 200 && d.ider(); i++) await new Promise((r) => setTimeout(r, 5));
  }
  expect(outcomes['malformed-frame'] ?? 0).toBeGreaterThan(50);
  expect(outcomes.timeout ?? 0).toBeGreaterThan(10);
}, 600_000);
