// One target through the per-target state machine (mission M1): queued → checking power → waking by AMT →
// waking by Wake-on-LAN → waiting until up → running → (shutting down) → done / failed / cancelled.
// Each state is written BEFORE its step runs, so a restarted scheduler redoes at most the step it was in;
// non-idempotent actions go through the action journal and are never sent twice (action-journal.ts).

import {
  FINAL_TARGET_STATES,
  isAmtError,
  isIpv6Address,
  isPoweredDown,
  type AmtErrorCode,
  type ClientProblem,
  type JobOptions,
  type PowerState,
} from '../../shared/domain';
import { amtFailureWords, amtUnusableWords, joinReasons, type ControlClock } from '../control/index';
import { once, recorded } from './action-journal';
import type { ChannelFor, CollectedInfo, DeviceChannel, JobDevice } from './device-channel';
import type { JobRecord, JobRepository, StoredTarget, TargetKey, TargetPatch, TargetStep } from './job-repository';
import { clockWords, waitSecondsWords } from './job-schedule';
import { JOB_TYPE_MODULES, type JobTypeContext, type JobTypeModule } from './types/index';
import { uncertainWords } from './types/type-words';

/** A magic packet goes out as a broadcast; IPv6 has none, so a client known by an IPv6 address cannot be woken. */
export function wolIpv6Words(ip: string): string {
  return (
    `Wake-on-LAN is not possible to an IPv6 address (${ip}): a magic packet is sent as a broadcast and IPv6 has ` +
    'no broadcast; wake this PC through AMT, or store its IPv4 address for Wake-on-LAN'
  );
}

export interface JobAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly result: 'ok' | 'failed';
  readonly detail: string;
  /** Absent for entries about the jobs feature as a whole (the defaults). */
  readonly jobId?: JobRecord['id'];
}

export interface TargetRunnerDeps {
  readonly repo: JobRepository;
  readonly channelFor: ChannelFor;
  /** The client as it is now; undefined when it was removed from the console. */
  readonly deviceOf: (target: StoredTarget) => JobDevice | undefined;
  readonly clock: ControlClock;
  readonly audit: (entry: JobAuditEntry) => void;
  /** A wrong password (or another AMT problem) shows on the client's details. */
  readonly setClientProblem: (target: StoredTarget, problem: ClientProblem) => void;
  readonly storeInfo: (target: StoredTarget, info: CollectedInfo) => void;
  /** Every persisted change of the target (for the batched progress). */
  readonly changed: (target: StoredTarget) => void;
  /** Pause between two "is it up yet?" checks. */
  readonly pollIntervalMs: number;
}

type Outcome =
  | { readonly kind: 'next'; readonly patch: TargetPatch }
  | { readonly kind: 'done'; readonly words: string }
  | { readonly kind: 'failed'; readonly words: string; readonly retry: boolean; readonly amtError?: AmtErrorCode };

/** Thrown inside a step when the signal aborts (stop or cancel): the step's state stays as persisted. */
class Aborted extends Error {}

function isFinal(target: StoredTarget): boolean {
  return FINAL_TARGET_STATES.has(target.state);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function notesOf(step: TargetStep): string[] {
  return [...(step.notes ?? [])];
}

/** A reason from the notes so far and the last words. */
function reasonOf(step: TargetStep, words: string): string {
  return joinReasons([...notesOf(step), words]);
}

export class TargetRunner {
  private readonly module: JobTypeModule;

  constructor(
    private readonly deps: TargetRunnerDeps,
    private readonly job: JobRecord,
    private readonly signal: AbortSignal,
  ) {
    this.module = JOB_TYPE_MODULES[job.type];
  }

  private get options(): JobOptions {
    return this.job.options;
  }

  /** Runs the target from its persisted state until it is final, requeued for a retry, or aborted. */
  async run(start: StoredTarget): Promise<StoredTarget> {
    let target = start;
    // Bounded: each state moves forward; 16 steps is more than the longest path through the machine.
    for (let steps = 0; steps < 16 && !isFinal(target) && !this.signal.aborted; steps++) {
      if (target.state === 'queued' && steps > 0) break; // requeued for a retry: the scheduler waits for notBefore
      let outcome: Outcome;
      try {
        outcome = (await this.channelAway(target)) ?? (await this.step(target));
      } catch (error) {
        if (error instanceof Aborted || this.signal.aborted) break;
        outcome = {
          kind: 'failed',
          words: `an internal error stopped the job: ${error instanceof Error ? error.message : String(error)}`,
          retry: true,
        };
      }
      if (this.signal.aborted) break;
      target = await this.apply(target, outcome);
    }
    return target;
  }

  private key(target: StoredTarget): TargetKey {
    return { runId: target.runId, clientId: target.clientId };
  }

  private async save(target: StoredTarget, patch: TargetPatch): Promise<StoredTarget> {
    const saved = await this.deps.repo.updateTarget(this.key(target), patch, iso(this.deps.clock.nowMs()));
    this.deps.changed(saved);
    return saved;
  }

  private async apply(target: StoredTarget, outcome: Outcome): Promise<StoredTarget> {
    const now = this.deps.clock.nowMs();
    if (outcome.kind === 'next') return this.save(target, outcome.patch);
    const reason = reasonOf(target.step, outcome.words);
    if (outcome.kind === 'done') {
      const saved = await this.save(target, { state: 'done', endedAt: iso(now), reason });
      this.audit(saved, 'job:target', 'ok', reason);
      return saved;
    }
    const amtError = outcome.amtError ?? target.amtError ?? null;
    const wrongPassword = amtError === 'auth-failed';
    const retry = outcome.retry && !wrongPassword && target.attempt <= this.options.retries;
    if (retry) {
      const next = now + this.options.retryIntervalSec * 1_000;
      const words = `attempt ${target.attempt} failed: ${reason}; attempt ${target.attempt + 1} at ${clockWords(next)}`;
      const saved = await this.save(target, {
        state: 'queued',
        attempt: target.attempt + 1,
        notBefore: iso(next),
        reason: words,
        amtError,
        wakeMethod: null,
        // The next attempt's reason starts with what this one ran into.
        step: { notes: [`attempt ${target.attempt} failed: ${reason}`] },
      });
      this.audit(saved, 'job:target-retry', 'failed', words);
      return saved;
    }
    const saved = await this.save(target, { state: 'failed', endedAt: iso(now), reason, amtError });
    this.audit(saved, 'job:target', 'failed', reason);
    return saved;
  }

  private audit(target: StoredTarget, action: string, result: 'ok' | 'failed', detail: string): void {
    this.deps.audit({
      actor: this.job.createdBy,
      action,
      target: target.hostName,
      result,
      jobId: this.job.id,
      detail: `job ${this.job.id} "${this.job.name}" (${this.job.type}), run ${target.runId}, attempt ${target.attempt}: ${detail}`,
    });
  }

  private step(target: StoredTarget): Promise<Outcome> {
    switch (target.state) {
      case 'queued':
        return Promise.resolve(this.begin(target));
      case 'checking-power':
        return this.checkPower(target);
      case 'waking-amt':
        return this.wakeByAmt(target);
      case 'waking-wol':
        return this.wakeByWol(target);
      case 'waiting-up':
        return this.waitUntilUp(target);
      case 'running':
        return this.runType(target);
      case 'shutting-down':
        return this.shutDown(target);
      default:
        return Promise.resolve({
          kind: 'failed',
          words: `the target is in an unknown state '${String(target.state)}'`,
          retry: false,
        });
    }
  }

  /** Client control applies to this target: the type wakes first, the option is on, the limits are not 0. */
  private clientControl(): boolean {
    return (
      this.module.wakesFirst &&
      this.options.clientControl &&
      this.options.maxConcurrent > 0 &&
      this.options.maxPerRelay > 0
    );
  }

  private begin(target: StoredTarget): Outcome {
    const startedAt = target.startedAt ?? iso(this.deps.clock.nowMs());
    if (!this.module.wakesFirst) return { kind: 'next', patch: { state: 'running', startedAt, notBefore: null } };
    return { kind: 'next', patch: { state: 'checking-power', startedAt, notBefore: null } };
  }

  private device(target: StoredTarget): { device: JobDevice; channel: DeviceChannel } | undefined {
    const device = this.deps.deviceOf(target);
    const job = { id: this.job.id, maxPerRelay: this.options.maxPerRelay, waitSec: this.options.waitSec };
    return device === undefined ? undefined : { device, channel: this.deps.channelFor(device.relayId, job) };
  }

  /** A channel that is away (a relay offline past the job's wait, or revoked) fails the target with its reason. */
  private async channelAway(target: StoredTarget): Promise<Outcome | undefined> {
    if (target.state === 'queued') return undefined;
    const found = this.device(target);
    const why = found?.channel.ready === undefined ? undefined : await found.channel.ready(found.device, this.signal);
    return why === undefined ? undefined : { kind: 'failed', words: why, retry: false };
  }

  private removed(): Outcome {
    return { kind: 'failed', words: 'the client was removed from the console', retry: false };
  }

  private noteAmtError(target: StoredTarget, device: JobDevice, error: unknown, what: 'read' | 'on'): string {
    const { host, httpPort, tlsPort } = device.amt.endpoint;
    if (isAmtError(error) && error.code === 'auth-failed') this.wrongPassword(target);
    const words = amtFailureWords(error, { host, ports: [httpPort, tlsPort] });
    return what === 'read' ? words.replace('AMT power-on failed', 'Reading the power state through AMT failed') : words;
  }

  /** The client's details show the wrong password afterwards; the job never tries that device again. */
  private wrongPassword(target: StoredTarget): void {
    this.deps.setClientProblem(target, {
      code: 'auth-failed',
      words:
        'AMT refused the user name or password during a job; check the credential profile that applies to this client. ' +
        'The job did not try it again (AMT locks the account after repeated failures).',
      at: iso(this.deps.clock.nowMs()),
    });
  }

  /** After AMT could not power the client on: Wake-on-LAN, when the job allows it. */
  private fallBackToWol(target: StoredTarget, notes: string[], amtError: AmtErrorCode | undefined): Outcome {
    const step: TargetStep = { ...target.step, notes };
    if (!this.options.wakeOnLanFallback) {
      return {
        kind: 'failed',
        words: joinReasons([...notes, 'the Wake-on-LAN fallback is off for this job']),
        retry: amtError !== undefined,
        ...(amtError ? { amtError } : {}),
      };
    }
    return { kind: 'next', patch: { state: 'waking-wol', step, ...(amtError ? { amtError } : {}) } };
  }

  private async checkPower(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    if (!this.clientControl()) {
      const why = this.options.clientControl
        ? "the job's concurrency limit is 0, so client control cannot start clients"
        : 'client control is off for this job';
      return this.requireOn(target, device, channel, why);
    }
    if (!device.amt.usable) return this.fallBackToWol(target, [amtUnusableWords(device.amt.why)], undefined);
    let state: PowerState;
    try {
      state = await channel.readPowerState(device);
    } catch (error) {
      const code = isAmtError(error) ? error.code : undefined;
      return this.fallBackToWol(target, [this.noteAmtError(target, device, error, 'read')], code);
    }
    const step: TargetStep = { ...target.step, amtAnswered: true };
    if (state === 'on') return this.upOrWait(target, { wakeMethod: 'already-on', step });
    if (isPoweredDown(state) || state === 'unknown') return { kind: 'next', patch: { state: 'waking-amt', step } };
    // A reset or power cycle under way: the client is on its way up already.
    return {
      kind: 'next',
      patch: { state: 'waiting-up', wakeMethod: 'already-on', step: { ...step, upDeadlineAt: this.deadline() } },
    };
  }

  /** Without client control, an off client cannot be worked on. */
  private async requireOn(
    target: StoredTarget,
    device: JobDevice,
    channel: DeviceChannel,
    why: string,
  ): Promise<Outcome> {
    if (!device.amt.usable) return { kind: 'next', patch: { state: 'running', wakeMethod: 'none' } };
    try {
      const state = await channel.readPowerState(device);
      if (state === 'on') return { kind: 'next', patch: { state: 'running', wakeMethod: 'already-on' } };
      return { kind: 'failed', words: `the client is not on and ${why}`, retry: false };
    } catch (error) {
      const code = isAmtError(error) ? error.code : undefined;
      return {
        kind: 'failed',
        words: this.noteAmtError(target, device, error, 'read'),
        retry: code !== 'auth-failed',
        ...(code ? { amtError: code } : {}),
      };
    }
  }

  private deadline(): string {
    return iso(this.deps.clock.nowMs() + this.options.waitSec * 1_000);
  }

  /** An already-on client is up at once, unless the job also wants its OS to answer. */
  private upOrWait(target: StoredTarget, patch: TargetPatch): Outcome {
    if (this.options.upPort === null) return { kind: 'next', patch: { ...patch, state: 'running' } };
    return {
      kind: 'next',
      patch: { ...patch, state: 'waiting-up', step: { ...(patch.step ?? target.step), upDeadlineAt: this.deadline() } },
    };
  }

  private journal(target: StoredTarget) {
    return { repo: this.deps.repo, key: this.key(target), attempt: target.attempt, clock: this.deps.clock };
  }

  private async wakeByAmt(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    if (!device.amt.usable) return this.fallBackToWol(target, [amtUnusableWords(device.amt.why)], undefined);
    const sentAt = this.deps.clock.nowMs();
    try {
      const result = await once(this.journal(target), 'power-on', () => channel.requestPower(device, 'on'));
      if (result === 'sent') this.audit(target, 'job:power-on', 'ok', `AMT power-on sent at ${clockWords(sentAt)}`);
      const notes = notesOf(target.step);
      // Uncertain: not sent again; the wait below decides (on in time: it arrived; otherwise the target fails, no retry).
      if (result === 'uncertain') notes.push(`${uncertainWords('AMT power-on')}; waiting to see whether it arrived`);
      const step: TargetStep = {
        ...target.step,
        notes,
        upDeadlineAt: target.step.upDeadlineAt ?? this.deadline(),
        ...(result === 'uncertain' ? { uncertain: 'power-on' } : {}),
      };
      return { kind: 'next', patch: { state: 'waiting-up', wakeMethod: 'amt', wokenByJob: true, step } };
    } catch (error) {
      const code = isAmtError(error) ? error.code : undefined;
      this.audit(target, 'job:power-on', 'failed', this.noteAmtError(target, device, error, 'on'));
      return this.fallBackToWol(
        target,
        [...notesOf(target.step), this.noteAmtError(target, device, error, 'on')],
        code,
      );
    }
  }

  private async wakeByWol(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    if (device.mac === null)
      return {
        kind: 'failed',
        words: "Wake-on-LAN is not possible (the client's MAC address is not known)",
        retry: false,
      };
    if (isIpv6Address(device.ip)) return { kind: 'failed', words: wolIpv6Words(device.ip), retry: false };
    const sentAt = this.deps.clock.nowMs();
    // The magic packet is idempotent: a restart in this state sends it again; the journal still records it.
    try {
      const sent = await recorded(
        this.journal(target),
        'magic-packet',
        () => channel.sendMagicPacket(device),
        (r) => `${r.address}:${r.port}`,
      );
      const where = `${sent.address}:${sent.port}`;
      this.audit(target, 'job:wake-on-lan', 'ok', `Wake-on-LAN sent at ${clockWords(sentAt)} to ${where}`);
      const step: TargetStep = {
        ...target.step,
        wolAddress: where,
        wolSentAt: iso(sentAt),
        upDeadlineAt: this.deadline(),
      };
      return { kind: 'next', patch: { state: 'waiting-up', wakeMethod: 'wake-on-lan', wokenByJob: true, step } };
    } catch (error) {
      const words = `the Wake-on-LAN packet could not be sent: ${error instanceof Error ? error.message : String(error)}`;
      this.audit(target, 'job:wake-on-lan', 'failed', words);
      return { kind: 'failed', words, retry: true };
    }
  }

  /** Is the client up: AMT S0 where AMT answers for it, and the OS on upPort where the job sets one. */
  private async isUp(
    target: StoredTarget,
    device: JobDevice,
    channel: DeviceChannel,
  ): Promise<boolean | 'cannot-tell'> {
    const amtCanTell = device.amt.usable && target.amtError !== 'auth-failed' && target.wakeMethod !== 'wake-on-lan';
    const amtCanTellAfterWol = device.amt.usable && target.amtError === null && target.step.amtAnswered === true;
    const useAmt = amtCanTell || amtCanTellAfterWol;
    const port = this.options.upPort;
    if (!useAmt && port === null) return 'cannot-tell';
    if (useAmt) {
      try {
        if ((await channel.readPowerState(device)) !== 'on') return false;
      } catch {
        return false; // a booting client may drop a connection; the wait bound still holds
      }
    }
    return port === null ? true : channel.osAnswers(device, port);
  }

  private async waitUntilUp(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    const deadlineMs = Date.parse(target.step.upDeadlineAt ?? this.deadline());
    const waitMs = this.options.waitSec * 1_000;
    const maxPolls = Math.ceil(waitMs / this.deps.pollIntervalMs) + 2;
    let up: boolean | 'cannot-tell' = false;
    for (let poll = 0; poll < maxPolls; poll++) {
      up = await this.isUp(target, device, channel);
      if (up === true) break;
      // A channel that went away meanwhile (a relay revoked, or offline past the wait) ends the wait with why.
      const away = channel.ready === undefined ? undefined : await channel.ready(device, this.signal);
      if (away !== undefined) return { kind: 'failed', words: away, retry: false };
      const leftMs = deadlineMs - this.deps.clock.nowMs();
      if (leftMs <= 0) break;
      await this.sleep(Math.min(this.deps.pollIntervalMs, leftMs));
    }
    if (up === true)
      return {
        kind: 'next',
        patch: {
          state: 'running',
          step: { ...target.step, notes: [...notesOf(target.step), ...this.wolNote(target)] },
        },
      };
    const uncertain = target.step.uncertain !== undefined;
    return { kind: 'failed', words: this.notUpWords(target, waitMs, up === 'cannot-tell'), retry: !uncertain };
  }

  /** Where and when the magic packet went, for the reason of a client that came up after it. */
  private wolNote(target: StoredTarget): string[] {
    if (target.wakeMethod !== 'wake-on-lan' || target.step.wolSentAt === undefined) return [];
    return [
      `Wake-on-LAN sent at ${clockWords(Date.parse(target.step.wolSentAt))} to ${target.step.wolAddress ?? 'the client'}`,
    ];
  }

  private notUpWords(target: StoredTarget, waitMs: number, cannotTell: boolean): string {
    const wait = waitSecondsWords(waitMs);
    const os = this.options.upPort === null ? '' : ` (nothing answered on TCP port ${this.options.upPort})`;
    if (target.wakeMethod === 'wake-on-lan') {
      const sentAt = target.step.wolSentAt === undefined ? '' : ` at ${clockWords(Date.parse(target.step.wolSentAt))}`;
      const how = cannotTell ? '; without AMT or an OS port to ask, the console cannot see it come up' : '';
      return `Wake-on-LAN sent${sentAt} to ${target.step.wolAddress ?? 'the client'}; no answer after ${wait}${os}${how}`;
    }
    if (target.wakeMethod === 'amt') return `AMT accepted the power-on, but the client was not up after ${wait}${os}`;
    return `the client was on but not up after ${wait}${os}`;
  }

  private sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(new Aborted());
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new Aborted());
      this.signal.addEventListener('abort', onAbort, { once: true });
      void this.deps.clock.sleep(ms).then(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private async runType(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    const context: JobTypeContext = {
      device,
      channel,
      options: this.options,
      wokenByJob: target.wokenByJob,
      once: async (action, send) => {
        const result = await once(this.journal(target), action, send);
        this.audit(target, `job:${action}`, 'ok', result === 'uncertain' ? uncertainWords(action) : `${action} sent`);
        return result;
      },
      waitFor: async (check, waitMs) => {
        const deadline = this.deps.clock.nowMs() + waitMs;
        const maxPolls = Math.ceil(waitMs / this.deps.pollIntervalMs) + 2;
        for (let poll = 0; poll < maxPolls; poll++) {
          if (await check()) return true;
          const leftMs = deadline - this.deps.clock.nowMs();
          if (leftMs <= 0) return false;
          await this.sleep(Math.min(this.deps.pollIntervalMs, leftMs));
        }
        return false;
      },
      storeInfo: async (info) => this.deps.storeInfo(target, info),
      powerState: async () => {
        try {
          return await channel.readPowerState(device);
        } catch {
          return undefined;
        }
      },
      nowMs: () => this.deps.clock.nowMs(),
    };
    const result = await this.module.run(context);
    if (!result.ok) {
      if (result.amtError === 'auth-failed') this.wrongPassword(target);
      return {
        kind: 'failed',
        words: result.words,
        retry: result.retry,
        ...(result.amtError ? { amtError: result.amtError } : {}),
      };
    }
    const notes = [...notesOf(target.step), result.words];
    if (this.options.shutdownAfter && this.module.shutdownAfterApplies && target.wokenByJob) {
      return { kind: 'next', patch: { state: 'shutting-down', step: { ...target.step, notes } } };
    }
    return { kind: 'done', words: result.words };
  }

  /** Graceful off where the OS answers on upPort, else AMT power off; sent once. */
  private async shutDown(target: StoredTarget): Promise<Outcome> {
    const found = this.device(target);
    if (!found) return this.removed();
    const { device, channel } = found;
    // The work itself succeeded: a shutdown that fails is said in the reason, the target is still done.
    const done = (words: string): Outcome => ({ kind: 'done', words });
    if (!device.amt.usable) return done(`it was not shut down afterwards: ${amtUnusableWords(device.amt.why)}`);
    const port = this.options.upPort;
    // A shutdown journalled before a restart keeps its kind: the OS that answered then may be down now, and
    // choosing again would send a power-off after the graceful off.
    const journalled = (await this.deps.repo.actions(this.key(target), target.attempt)).find(
      (a) => a.action === 'graceful-off' || a.action === 'power-off',
    );
    const graceful =
      journalled !== undefined
        ? journalled.action === 'graceful-off'
        : port !== null && (await channel.osAnswers(device, port));
    try {
      const result = await once(this.journal(target), graceful ? 'graceful-off' : 'power-off', () =>
        channel.requestPower(device, graceful ? 'soft-off' : 'off'),
      );
      const how = graceful ? 'shut down gracefully through AMT' : 'powered off through AMT';
      this.audit(target, 'job:shutdown', 'ok', result === 'uncertain' ? uncertainWords('shutdown') : how);
      return done(result === 'uncertain' ? uncertainWords('shutdown') : `afterwards ${how}`);
    } catch (error) {
      this.audit(target, 'job:shutdown', 'failed', amtFailureWords(error, { host: device.amt.endpoint.host }));
      return done(
        `the shutdown afterwards failed: ${amtFailureWords(error, { host: device.amt.endpoint.host }).replace('AMT power-on failed: ', '')}`,
      );
    }
  }
}
