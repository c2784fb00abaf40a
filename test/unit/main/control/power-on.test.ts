// powerOnForJob's decisions with injected AMT, WoL, probe and a fake clock (mission M1): order of methods,
// retries (never after a wrong password), wait bounds, option checks, and the words of every outcome.
import { describe, expect, it } from 'vitest';
import { AmtError, type PowerState } from '../../../../shared/domain';
import type { AmtCredentials, AmtEndpoint } from '../../../../main/amt/index';
import {
  amtFailureWords,
  amtUnusableWords,
  amtWaitTimeoutWords,
  joinReasons,
  powerOnForJob,
  resolvePowerOnOptions,
  wolUnavailableWords,
  wolWaitTimeoutWords,
  DEFAULT_WAIT_SEC,
  type ControlClock,
  type PowerOnDeps,
  type PowerOnTarget,
} from '../../../../main/control/index';
import { parseMacOrThrow, type WakeRequest, type WakeResult } from '../../../../main/wol/index';
import { expectAmtError, expectAmtErrorSync } from '../../../support/expect-amt-error';

function fakeClock(): ControlClock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    nowMs: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

interface Script {
  /** Successive answers of readPowerState: a state, or an error to throw. */
  readonly states?: (PowerState | AmtError)[];
  readonly powerOnError?: AmtError;
  readonly upAfterPolls?: number;
  readonly wakeError?: Error;
}

function fakeDeps(script: Script) {
  const calls = { reads: 0, powerOns: 0, wakes: [] as WakeRequest[], probes: 0 };
  const states = [...(script.states ?? [])];
  const clock = fakeClock();
  const deps: PowerOnDeps = {
    amt: {
      async readPowerState(_e: AmtEndpoint, _c: AmtCredentials) {
        calls.reads += 1;
        const next = states.length > 1 ? states.shift() : states[0];
        if (next === undefined) throw new Error('script has no state');
        if (next instanceof AmtError) throw next;
        return next;
      },
      async requestPowerOn() {
        calls.powerOns += 1;
        if (script.powerOnError) throw script.powerOnError;
      },
    },
    wake: async (request): Promise<WakeResult> => {
      calls.wakes.push(request);
      if (script.wakeError) throw script.wakeError;
      return { address: '10.1.2.255', port: 9, packetsSent: 3, sizeBytes: 102, mac: request.mac };
    },
    clock,
    isUp: async () => {
      calls.probes += 1;
      return script.upAfterPolls !== undefined && calls.probes > script.upAfterPolls;
    },
  };
  return { deps, calls, clock };
}

const target: PowerOnTarget = {
  hostName: 'pc-017',
  amtEndpoint: { host: '10.1.2.17', httpPort: 16992, tlsPort: 16993 },
  credentials: { user: 'admin', password: 'Secret-Pass1!' },
  mac: parseMacOrThrow('00-1b-21-aa-bb-cc'),
  ip: '10.1.2.17',
  subnetMask: '255.255.255.0',
};
const unreachable = new AmtError('unreachable', 'connect ECONNREFUSED 10.1.2.17:16993', {
  endpoint: '10.1.2.17:16993',
});
const authFailed = new AmtError('auth-failed', 'the device rejected the credentials');

describe('powerOnForJob (fake clock)', () => {
  it('polls the AMT power state until on and measures the time on the injected clock', async () => {
    const { deps, calls, clock } = fakeDeps({ states: ['sleep', 'sleep', 'sleep', 'on'] });
    const outcome = await powerOnForJob(target, deps, { pollIntervalMs: 1_000 });
    expect(outcome).toEqual({ hostName: 'pc-017', method: 'amt', up: true, tookMs: 2_000, reachedState: 'on' });
    expect(calls.powerOns).toBe(1);
    expect(clock.sleeps).toEqual([1_000, 1_000]);
  });

  it('retries AMT that does not answer, the given number of times and gap, then wakes with WoL to the subnet broadcast', async () => {
    const { deps, calls, clock } = fakeDeps({ states: [unreachable], upAfterPolls: 0 });
    const outcome = await powerOnForJob(target, deps, { retries: 3, retryGapMs: 120_000 });
    expect(calls.reads).toBe(4);
    expect(clock.sleeps).toEqual([120_000, 120_000, 120_000]);
    expect(calls.wakes).toHaveLength(1);
    expect(calls.wakes[0]?.destination).toEqual({ kind: 'subnet', ip: '10.1.2.17', mask: '255.255.255.0' });
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: true, amtError: 'unreachable', tookMs: 360_000 });
  });

  it('never retries a wrong password, whatever the retry count', async () => {
    const { deps, calls } = fakeDeps({ states: [authFailed], upAfterPolls: 0 });
    const outcome = await powerOnForJob(target, deps, { retries: 5, retryGapMs: 0 });
    expect(calls.reads).toBe(1);
    expect(outcome.amtError).toBe('auth-failed');
    expect(outcome.reason).toBe('AMT power-on failed: wrong user name or password');
    expect(outcome.reason).not.toContain('Secret-Pass1!');
  });

  it('does not retry by default', async () => {
    const { deps, calls } = fakeDeps({ states: [unreachable], upAfterPolls: 0 });
    await powerOnForJob(target, deps);
    expect(calls.reads).toBe(1);
  });

  it('falls back to WoL when AMT refuses the power-on itself', async () => {
    const { deps, calls } = fakeDeps({
      states: ['soft-off'],
      powerOnError: new AmtError('amt-status', 'RequestPowerStateChange returned 2'),
      upAfterPolls: 2,
    });
    const outcome = await powerOnForJob(target, deps, { pollIntervalMs: 500 });
    expect(calls.wakes).toHaveLength(1);
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: true, amtError: 'amt-status', tookMs: 1_000 });
  });

  it('uses WoL straight away for a client without AMT credentials, and says so', async () => {
    const { deps, calls } = fakeDeps({ upAfterPolls: 0 });
    const outcome = await powerOnForJob({ ...target, credentials: undefined }, deps);
    expect(calls.reads).toBe(0);
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: true, reason: amtUnusableWords('no-credentials') });
    expect(outcome.amtError).toBeUndefined();
  });

  it("gives 'none' with both reasons when there is no AMT and no subnet to send to", async () => {
    const { deps, calls } = fakeDeps({});
    const outcome = await powerOnForJob({ ...target, amtEndpoint: null, ip: null }, deps);
    expect(calls.wakes).toHaveLength(0);
    expect(outcome).toMatchObject({ method: 'none', up: false, reachedState: 'unknown', tookMs: 0 });
    expect(outcome.reason).toBe(joinReasons([amtUnusableWords('no-amt'), wolUnavailableWords(true, false)]));
  });

  it('reports a WoL send failure in words', async () => {
    const { deps } = fakeDeps({ wakeError: new AmtError('unreachable', 'no route from this machine to 10.1.2.255:9') });
    const outcome = await powerOnForJob({ ...target, amtEndpoint: null }, deps);
    expect(outcome.method).toBe('none');
    expect(outcome.reason).toContain(
      'the Wake-on-LAN packet could not be sent: no route from this machine to 10.1.2.255:9',
    );
  });

  it('waits the whole wait time for a woken client, then names the address and the wait time', async () => {
    const { deps, calls } = fakeDeps({});
    const outcome = await powerOnForJob({ ...target, amtEndpoint: null }, deps, { waitSec: 60, pollIntervalMs: 5_000 });
    expect(outcome).toMatchObject({ method: 'wake-on-lan', up: false, tookMs: 60_000 });
    expect(outcome.reason).toContain(wolWaitTimeoutWords(60_000, '10.1.2.255:9'));
    expect(calls.probes).toBe(13);
  });

  it('with a wait time of 0 looks once and does not wait', async () => {
    const { deps, clock } = fakeDeps({ states: ['hibernate'] });
    const outcome = await powerOnForJob(target, deps, { waitSec: 0 });
    expect(outcome).toMatchObject({ method: 'amt', up: false, reachedState: 'hibernate', tookMs: 0 });
    expect(clock.sleeps).toEqual([]);
    expect(outcome.reason).toBe(amtWaitTimeoutWords(0, 'hibernate'));
  });

  it('keeps polling through a read error while the client boots', async () => {
    const { deps } = fakeDeps({ states: ['soft-off', new AmtError('connection-closed', 'reset'), 'on'] });
    const outcome = await powerOnForJob(target, deps, { pollIntervalMs: 100 });
    expect(outcome).toMatchObject({ method: 'amt', up: true });
  });

  it('refuses bad options with bad-input naming the option', async () => {
    const { deps } = fakeDeps({});
    expect((await expectAmtError(powerOnForJob(target, deps, { waitSec: 1_801 }))).message).toBe(
      'the wait time must be a whole number of seconds from 0 to 1800 (got 1801)',
    );
    expect(expectAmtErrorSync(() => resolvePowerOnOptions({ retries: 6 })).message).toContain('retry count');
    expect(expectAmtErrorSync(() => resolvePowerOnOptions({ pollIntervalMs: 0 })).code).toBe('bad-input');
    expect(resolvePowerOnOptions().waitMs).toBe(DEFAULT_WAIT_SEC * 1_000);
    expect(resolvePowerOnOptions({ waitSec: 1_800 }).waitMs).toBe(1_800_000);
  });
});

describe('outcome words', () => {
  it('says why AMT cannot be used', () => {
    expect(amtUnusableWords('no-amt')).toBe(
      'AMT cannot be used for this client (its AMT firmware version is empty or N/A)',
    );
    expect(amtUnusableWords('no-credentials')).toContain('no AMT user name and password');
  });

  it('puts an AMT error into the shared words with the host', () => {
    expect(
      amtFailureWords(new AmtError('unreachable', 'ECONNREFUSED'), { host: '10.1.2.17', ports: [16992, 16993] }),
    ).toBe('AMT power-on failed: no AMT answers at 10.1.2.17 (nothing listens on 16992/16993)');
    expect(amtFailureWords(new AmtError('timeout', 'read timed out'), { host: '10.1.2.17' })).toBe(
      'AMT power-on failed: no answer in time from 10.1.2.17 (the device or network is slow, or a firewall drops the packets)',
    );
    expect(amtFailureWords(new Error('boom'), { host: 'h' })).toBe('AMT power-on failed: boom');
  });

  it('names what Wake-on-LAN lacks', () => {
    expect(wolUnavailableWords(false, true)).toBe(
      "Wake-on-LAN is not possible (the client's MAC address is not known)",
    );
    expect(wolUnavailableWords(false, false)).toBe(
      "Wake-on-LAN is not possible (the client's MAC address and IP address and subnet mask are not known)",
    );
  });

  it('words the wait timeouts with the state and seconds', () => {
    expect(amtWaitTimeoutWords(180_000, 'sleep')).toBe(
      "AMT accepted the power-on, but the client's power state was still Sleep (S3) when the 180 s wait time ended",
    );
    expect(joinReasons(['a', 'b'])).toBe('a; then b');
  });
});
