// The relay's side of one WORK: the step run on the relay's own network through main/jobs' local channel
// (AMT through the relay's transport pool and per-device gate, the magic packet from the relay's subnet), the
// job's per-relay limit enforced here too, a repeated request id answered without acting twice (the work
// record for power actions and boot to BIOS, the in-flight promise for any step still running).

import { isAmtError, type ClientId, type PowerAction } from '../../shared/domain';
import type { AmtCredentials } from '../amt/index';
import type { DeviceChannel, JobDevice } from '../jobs/index';
import { NON_IDEMPOTENT_OPS } from './constants';
import type { WorkMessage, WorkOp, WorkOutcome, WorkValue } from './messages';
import type { RelayWorkRecord } from './relay-work-record';

/** Steps waiting for a free slot, over all jobs; beyond it the relay answers 'busy'. */
export const MAX_QUEUED_WORK = 10_000;
/** Finished outcomes of idempotent steps kept to answer a repeat without running it again. */
const MAX_RECENT_OUTCOMES = 4096;

export interface WorkRunnerDeps {
  readonly channel: DeviceChannel;
  /** The client's credentials from the console (kept in memory by the caller); throws when refused. */
  readonly credentials: (clientId: ClientId) => Promise<AmtCredentials>;
  readonly record: RelayWorkRecord;
  readonly nowIso: () => string;
}

interface Limiter {
  limit: number;
  active: number;
  maxActive: number;
  readonly queue: Array<() => void>;
}

export class RelayWorkRunner {
  private readonly inFlight = new Map<string, Promise<WorkOutcome>>();
  private readonly recent = new Map<string, WorkOutcome>();
  private readonly limiters = new Map<string, Limiter>();
  private queued = 0;

  constructor(private readonly deps: WorkRunnerDeps) {}

  /** The most steps of one job that ran at once on this relay (tests check the per-relay limit with it). */
  maxActiveOf(jobId: number | null): number {
    return this.limiters.get(String(jobId))?.maxActive ?? 0;
  }

  run(work: WorkMessage): Promise<WorkOutcome> {
    const running = this.inFlight.get(work.requestId);
    if (running) return running;
    const known = this.recent.get(work.requestId) ?? this.deps.record.get(work.requestId)?.outcome;
    if (known) return Promise.resolve(known);
    if (this.deps.record.get(work.requestId)) {
      return Promise.resolve({
        ok: false,
        code: 'uncertain',
        message:
          `the relay stopped while sending this ${work.op} and cannot tell whether the device got it; ` +
          'it was not sent again',
      });
    }
    const promise = this.limited(work).finally(() => this.inFlight.delete(work.requestId));
    this.inFlight.set(work.requestId, promise);
    return promise;
  }

  private async limited(work: WorkMessage): Promise<WorkOutcome> {
    const key = String(work.jobId);
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = { limit: work.perRelayLimit, active: 0, maxActive: 0, queue: [] };
      this.limiters.set(key, limiter);
    }
    limiter.limit = work.perRelayLimit;
    if (limiter.active >= limiter.limit) {
      if (this.queued >= MAX_QUEUED_WORK)
        return { ok: false, code: 'busy', message: `the relay has ${MAX_QUEUED_WORK} steps waiting already` };
      this.queued += 1;
      const slot = limiter;
      await new Promise<void>((resolve) => slot.queue.push(resolve));
      this.queued -= 1;
    }
    limiter.active += 1;
    limiter.maxActive = Math.max(limiter.maxActive, limiter.active);
    try {
      return await this.journalled(work);
    } finally {
      limiter.active -= 1;
      limiter.queue.shift()?.();
    }
  }

  private async journalled(work: WorkMessage): Promise<WorkOutcome> {
    // The credentials come first: a step that could not get them sent nothing, so it is neither journalled nor
    // remembered, and the console's repeat after a reconnect runs it afresh.
    let device: JobDevice;
    try {
      device = await this.device(work, !DEVICE_ONLY_OPS.has(work.op));
    } catch (error) {
      return failure(error);
    }
    const once = NON_IDEMPOTENT_OPS.has(work.op);
    if (once) this.deps.record.started(work.requestId, work.op, work.target.clientId, this.deps.nowIso());
    let outcome: WorkOutcome;
    try {
      outcome = { ok: true, value: await this.perform(work, device) };
    } catch (error) {
      outcome = failure(error);
    }
    if (once) this.deps.record.done(work.requestId, outcome);
    else this.remember(work.requestId, outcome);
    return outcome;
  }

  private remember(requestId: string, outcome: WorkOutcome): void {
    this.recent.set(requestId, outcome);
    const oldest = this.recent.keys().next();
    if (this.recent.size > MAX_RECENT_OUTCOMES && !oldest.done) this.recent.delete(oldest.value);
  }

  private async device(work: WorkMessage, needsCredentials: boolean): Promise<JobDevice> {
    const t = work.target;
    const endpoint = { host: t.amt.host, httpPort: t.amt.httpPort, tlsPort: t.amt.tlsPort };
    const base = {
      clientId: t.clientId as ClientId,
      hostName: t.hostName,
      ip: t.ip,
      mac: t.mac,
      subnetMask: t.subnetMask,
      relayId: null,
    };
    if (!t.amt.usable || !needsCredentials) return { ...base, amt: { usable: false, why: 'no-amt', endpoint } };
    const credentials = await this.deps.credentials(t.clientId as ClientId);
    return { ...base, amt: { usable: true, endpoint, credentials, legacyTls: t.amt.legacyTls } };
  }

  private async perform(work: WorkMessage, device: JobDevice): Promise<WorkValue> {
    const { channel } = this.deps;
    switch (work.op) {
      case 'power-state':
        return { op: 'power-state', state: await channel.readPowerState(device) };
      case 'power':
        await channel.requestPower(device, work.action ?? missing<PowerAction>('action'));
        return { op: 'power' };
      case 'boot-bios':
        await channel.setBootToBiosSetup(device);
        return { op: 'boot-bios' };
      case 'collect-info':
        return { op: 'collect-info', info: await channel.collectInfo(device) };
      case 'magic-packet': {
        const sent = await channel.sendMagicPacket(device);
        return { op: 'magic-packet', address: sent.address, port: sent.port };
      }
      case 'os-answers':
        return { op: 'os-answers', answers: await channel.osAnswers(device, work.port ?? missing<number>('port')) };
    }
  }
}

/** Steps that need the client's address only, never its AMT credentials. */
const DEVICE_ONLY_OPS: ReadonlySet<WorkOp> = new Set<WorkOp>(['magic-packet', 'os-answers']);

function failure(error: unknown): WorkOutcome {
  if (isAmtError(error)) return { ok: false, code: error.code, message: error.message.slice(0, 1000) };
  const words = `the relay failed: ${error instanceof Error ? error.message : String(error)}`;
  return { ok: false, code: 'relay-internal', message: words.slice(0, 1000) };
}

function missing<T>(field: string): T {
  throw new Error(`the WORK message lacks its ${field}`);
}
