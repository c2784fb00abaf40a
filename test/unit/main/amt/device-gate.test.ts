// DeviceGate (main/amt/device-gate.ts): one piece of work per device at a time, a fleet-wide bound, and a
// failure on one device does not stall the next piece of work queued for it.
import { describe, expect, it } from 'vitest';
import { DeviceGate } from '../../../../main/amt/device-gate';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('DeviceGate', () => {
  it('serialises work per device and bounds it across devices', async () => {
    const gate = new DeviceGate(2);
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const blockers = Array.from({ length: 4 }, deferred);
    const job = (name: string, blocker: { promise: Promise<void> }) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await blocker.promise;
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const a1 = gate.run('a', job('a1', blockers[0]!));
    const a2 = gate.run('a', job('a2', blockers[1]!));
    const b = gate.run('b', job('b', blockers[2]!));
    const c = gate.run('c', job('c', blockers[3]!));
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a1', 'start b']);
    blockers[0]!.resolve();
    await a1;
    await new Promise((r) => setImmediate(r));
    // The freed slot goes to the longest waiter (c); a2 queued behind a1 asks for a slot after that.
    expect(log).toEqual(['start a1', 'start b', 'end a1', 'start c']);
    for (const blocker of blockers) blocker.resolve();
    expect(await Promise.all([a2, b, c])).toEqual(['a2', 'b', 'c']);
    expect(maxRunning).toBe(2);
    expect(gate.activeCount).toBe(0);
  });

  it('runs the next job of a device after a failed one', async () => {
    const gate = new DeviceGate(1);
    await expect(gate.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('a', async () => 'next')).toBe('next');
    expect(() => new DeviceGate(0)).toThrow(RangeError);
  });
});
