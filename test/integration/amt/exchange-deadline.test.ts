// Issue 12 item 3: a WS-Man exchange has an overall deadline. The read timeout restarts on every chunk, so a
// device trickling one byte at a time never trips it; the deadline ends the exchange and frees the device's
// gate slot. Against the simulator's 'trickle' fault over loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmtError } from '../../../shared/domain';
import { getPowerState, MemoryPinStore, TransportPool, WsmanClient, type TransportOptions } from '../../../main/amt';
import { startFleet, type Fleet } from '../../sim';

const BASE = '127.80.3.1';
const TRICKLE_INTERVAL_MS = 20;
const READ_TIMEOUT_MS = 1000;
const DEADLINE_MS = 700;

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    baseAddress: BASE,
    trickleIntervalMs: TRICKLE_INTERVAL_MS,
    faults: ['trickle'],
  });
});

afterAll(async () => {
  await fleet?.close();
});

describe('the exchange deadline', () => {
  it('fails a trickling device with a timeout and frees its gate slot', { timeout: 15_000 }, async () => {
    const device = fleet.devices[0];
    if (!device) throw new Error('no device');
    const pool = new TransportPool({ maxConcurrentDevices: 1 });
    const options: TransportOptions = {
      endpoint: { host: device.host, httpPort: device.httpPort, tlsPort: device.tlsPort },
      credentials: { user: device.user, password: device.password },
      tlsPolicy: 'http-only',
      pins: new MemoryPinStore(),
      readTimeoutMs: READ_TIMEOUT_MS,
      exchangeDeadlineMs: DEADLINE_MS,
    };
    try {
      const started = Date.now();
      const error = await pool
        .run(options, (transport) => getPowerState(new WsmanClient(transport)))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(AmtError);
      expect((error as AmtError).code).toBe('timeout');
      expect((error as AmtError).message).toContain(
        `kept sending but did not finish its answer within ${DEADLINE_MS} ms`,
      );
      // Bytes kept coming (far more than one read timeout's worth of silence would allow), yet it ended.
      expect(device.stats.trickledBytes).toBeGreaterThan(5);
      expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      // Near the deadline: it ends on the deadline's timer, not a read timeout's later (or never).
      expect(elapsed).toBeLessThan(DEADLINE_MS + READ_TIMEOUT_MS);
      expect(pool.activeDevices).toBe(0);

      // The slot is free: the next piece of work for the device (and with maxConcurrentDevices 1, for any
      // device) runs, and succeeds once the device answers normally.
      device.setFault('trickle', false);
      const reading = await pool.run(options, (transport) => getPowerState(new WsmanClient(transport)));
      expect(reading.state).toBe('on');
    } finally {
      pool.closeAll();
    }
  });
});
