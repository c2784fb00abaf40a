// main/jobs' DeviceChannel for the clients an enrolled relay serves (issue 8): each step becomes one WORK for
// the relay, carrying the job's id and per-relay limit (the relay enforces it too) and the client's address,
// never its credentials (the relay asks for those, console-relay-service.ts checks the client is below it).
// While the relay is offline a step waits up to the job's wait time; ready() fails the target with the reason.

import { AmtError, type PowerAction, type PowerState, type RelayId } from '../../shared/domain';
import type { ChannelJob, CollectedInfo, DeviceChannel, JobDevice, MagicPacketSent } from '../jobs/index';
import { MAX_PER_RELAY_LIMIT, MIN_PER_RELAY_LIMIT } from './constants';
import type { ConsoleRelayService, WorkRequest } from './console-relay-service';
import type { WorkOp, WorkTarget, WorkValue } from './messages';

/** When a step runs outside a job (none today): how long it waits for an offline relay. */
const DEFAULT_OFFLINE_WAIT_MS = 60_000;
const DEFAULT_PER_RELAY_LIMIT = 10;

function workTarget(device: JobDevice): WorkTarget {
  const { endpoint } = device.amt;
  return {
    clientId: device.clientId,
    hostName: device.hostName,
    ip: device.ip,
    mac: device.mac,
    subnetMask: device.subnetMask,
    amt: {
      host: endpoint.host,
      httpPort: endpoint.httpPort,
      tlsPort: endpoint.tlsPort,
      usable: device.amt.usable,
      legacyTls: device.amt.usable && device.amt.legacyTls === true,
    },
  };
}

function expect<K extends WorkOp>(value: WorkValue, op: K): Extract<WorkValue, { op: K }> {
  if (value.op !== op)
    throw new AmtError('relay-unavailable', `the relay answered a ${op} request with a ${value.op} result`);
  return value as Extract<WorkValue, { op: K }>;
}

export function createRelayDeviceChannel(
  service: ConsoleRelayService,
  relayId: RelayId,
  job?: ChannelJob,
): DeviceChannel {
  const waitMs = job === undefined ? DEFAULT_OFFLINE_WAIT_MS : job.waitSec * 1000;
  const limit = Math.min(
    MAX_PER_RELAY_LIMIT,
    Math.max(MIN_PER_RELAY_LIMIT, job?.maxPerRelay ?? DEFAULT_PER_RELAY_LIMIT),
  );
  const ask = (device: JobDevice, op: WorkOp, extra: Partial<WorkRequest> = {}): Promise<WorkValue> => {
    if (!device.amt.usable && op !== 'magic-packet' && op !== 'os-answers') {
      return Promise.reject(new AmtError('bad-input', `AMT cannot be used for ${device.hostName}`));
    }
    return service.request(
      relayId,
      { jobId: job?.id ?? null, perRelayLimit: limit, op, target: workTarget(device), ...extra },
      waitMs,
    );
  };
  return {
    async readPowerState(device): Promise<PowerState> {
      return expect(await ask(device, 'power-state'), 'power-state').state;
    },
    async requestPower(device, action: PowerAction) {
      expect(await ask(device, 'power', { action }), 'power');
    },
    async setBootToBiosSetup(device) {
      expect(await ask(device, 'boot-bios'), 'boot-bios');
    },
    async collectInfo(device): Promise<CollectedInfo> {
      return expect(await ask(device, 'collect-info'), 'collect-info').info;
    },
    async sendMagicPacket(device): Promise<MagicPacketSent> {
      const sent = expect(await ask(device, 'magic-packet'), 'magic-packet');
      return { address: sent.address, port: sent.port };
    },
    async osAnswers(device, port) {
      try {
        return expect(await ask(device, 'os-answers', { port }), 'os-answers').answers;
      } catch {
        return false;
      }
    },
    async ready(_device, signal) {
      const availability = await service.whenOnline(relayId, waitMs, signal);
      return availability.ok ? undefined : availability.words;
    },
  };
}

/** store-job-deps' relayChannel: the serving relay's channel, or undefined where the console reaches the client. */
export function relayChannelFor(
  service: ConsoleRelayService,
): (relayId: RelayId, job?: ChannelJob) => DeviceChannel | undefined {
  return (relayId, job) => {
    const serving = service.servingRelay(relayId);
    return serving === undefined ? undefined : createRelayDeviceChannel(service, serving, job);
  };
}
