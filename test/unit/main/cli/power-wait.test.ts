// Unit tests for `power --wait` polling (main/cli/commands/power.ts waitForState) with a scripted
// device and an injected clock: bounded by the wait timeout, tolerant of transient errors only.
import { describe, expect, it } from 'vitest';
import { waitForState } from '../../../../main/cli/commands/power';
import { WordedAmtError } from '../../../../main/cli/error-words';
import type { WsmanClient } from '../../../../main/amt/index';
import { AmtError } from '../../../../shared/domain';

const S0 = '2';
const S5 = '8';

/** A client whose power-state reads answer from a script, one entry per read. */
function scriptedClient(script: (string | AmtError)[]): { client: WsmanClient; reads: () => number } {
  let reads = 0;
  const client = {
    async get() {
      const step = script[Math.min(reads, script.length - 1)];
      reads++;
      if (step instanceof AmtError) throw step;
      return { PowerState: step, AvailableRequestedPowerStates: ['2', '8'] };
    },
  } as unknown as WsmanClient;
  return { client, reads: () => reads };
}

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

describe('waitForState', () => {
  it('polls until the expected state and reports how long it took', async () => {
    const { client, reads } = scriptedClient([S5, S5, S0]);
    const clock = fakeClock();
    const reached = await waitForState(client, 'on', { timeoutMs: 10_000, pollIntervalMs: 500, ...clock }, 0);
    expect(reached).toEqual({ state: 'on', afterMs: 1000 });
    expect(reads()).toBe(3);
  });

  it('gives up at the wait timeout naming the last state seen', async () => {
    const { client, reads } = scriptedClient([S5]);
    const clock = fakeClock();
    const error = await waitForState(client, 'on', { timeoutMs: 2_000, pollIntervalMs: 500, ...clock }, 0).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WordedAmtError);
    expect((error as AmtError).code).toBe('timeout');
    expect((error as AmtError).message).toBe(
      'the request was accepted but the device did not reach On (S0) within 2.0 s (last state Soft off (S5))',
    );
    expect(reads()).toBe(5); // t = 0, 500, 1000, 1500, 2000: bounded by timeout / interval + 1
  });

  it('keeps polling through a transient timeout but stops at an auth failure', async () => {
    const transient = scriptedClient([new AmtError('timeout', 'slow'), S0]);
    await expect(
      waitForState(transient.client, 'on', { timeoutMs: 5_000, pollIntervalMs: 100, ...fakeClock() }, 0),
    ).resolves.toMatchObject({
      state: 'on',
    });
    const denied = scriptedClient([new AmtError('auth-failed', 'no')]);
    await expect(
      waitForState(denied.client, 'on', { timeoutMs: 5_000, pollIntervalMs: 100, ...fakeClock() }, 0),
    ).rejects.toMatchObject({
      code: 'auth-failed',
    });
    expect(denied.reads()).toBe(1);
  });
});
