// The console's own DeviceChannel: AMT over the shared transport pool, whose run() is the per-device gate
// (one request per device at a time, a fleet-wide bound shared with main/api and discovery), and main/wol's sender.

import { AmtError, parseMac } from '../../shared/domain';
import {
  getEthernetPorts,
  getFirmwareVersion,
  getHardwareInventory,
  getPowerState,
  requestPowerAction,
  setNextBoot,
  WsmanClient,
  type PinStore,
  type TlsPolicy,
  type TransportPool,
} from '../amt/index';
import { probeTcp, readDeviceIdentity, settleHostId, writerFor } from '../fleet/index';
import type { Store } from '../store/index';
import { wake, type WolDestination } from '../wol/index';
import type { CollectedInfo, DeviceChannel, JobDevice } from './device-channel';

export interface LocalChannelOptions {
  readonly pool: TransportPool;
  readonly pins: PinStore;
  readonly tlsPolicy: TlsPolicy;
  /** Per connect and per read. */
  readonly timeoutMs: number;
  /** UDP port of the magic packet (default main/wol's, 9). */
  readonly wolPort?: number;
  /** Where the packet goes instead of the client's subnet-directed broadcast (loopback tests: the client's own address). */
  readonly wolDestination?: (device: JobDevice) => WolDestination;
  /** TCP connect timeout of the "OS answers" probe. */
  readonly probeTimeoutMs?: number;
  /** Where host IDs are kept (M4); without it the channel has no storeHostId. */
  readonly store?: Store;
}

const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export function createLocalDeviceChannel(options: LocalChannelOptions): DeviceChannel {
  const withAmt = <T>(device: JobDevice, work: (wsman: WsmanClient) => Promise<T>): Promise<T> => {
    const amt = device.amt;
    if (!amt.usable) throw new AmtError('bad-input', `AMT cannot be used for ${device.hostName}`);
    const transport = {
      endpoint: amt.endpoint,
      credentials: amt.credentials,
      tlsPolicy: options.tlsPolicy,
      pins: options.pins,
      connectTimeoutMs: options.timeoutMs,
      readTimeoutMs: options.timeoutMs,
      legacyTls: amt.legacyTls === true,
    };
    return options.pool.run(transport, (t) => work(new WsmanClient(t)));
  };
  const storeHostIdWith = (store: Store) => (device: JobDevice) =>
    withAmt(device, async (wsman) => {
      const client = store.clients.get(device.clientId);
      if (!client) throw new AmtError('bad-input', `client ${device.hostName} no longer exists`);
      return settleHostId(store, client, await readDeviceIdentity(wsman), writerFor(wsman), {
        created: false,
        reinstalled: false,
      });
    });
  return {
    readPowerState: (device) => withAmt(device, async (wsman) => (await getPowerState(wsman)).state),
    requestPower: (device, action) =>
      withAmt(device, async (wsman) => {
        await requestPowerAction(wsman, action);
      }),
    setBootToBiosSetup: (device) => withAmt(device, (wsman) => setNextBoot(wsman, 'bios')),
    ...(options.store === undefined ? {} : { storeHostId: storeHostIdWith(options.store) }),
    collectInfo: (device) =>
      withAmt(device, async (wsman): Promise<CollectedInfo> => {
        const firmware = await getFirmwareVersion(wsman);
        const power = await getPowerState(wsman);
        const ports = await getEthernetPorts(wsman);
        const hardware = await getHardwareInventory(wsman);
        const wired = ports.find((p) => p.kind === 'wired') ?? ports[0];
        const inventory = [
          hardware.bios.version ? `BIOS ${hardware.bios.version}` : undefined,
          `${hardware.processors.length} processor(s)`,
          `${hardware.memory.length} memory module(s)`,
        ]
          .filter((w) => w !== undefined)
          .join(', ');
        return {
          amtVersion: firmware.version,
          power: power.state,
          networkPorts: ports.length,
          mac: wired?.mac ?? null,
          dhcp: wired?.dhcpEnabled ?? null,
          inventory,
        };
      }),
    async sendMagicPacket(device) {
      const mac = device.mac === null ? undefined : parseMac(device.mac);
      if (mac === undefined)
        throw new AmtError('bad-input', `the MAC address of ${device.hostName} is not known or not valid`);
      const destination: WolDestination =
        options.wolDestination?.(device) ??
        (device.subnetMask === null
          ? { kind: 'address', address: '255.255.255.255' }
          : { kind: 'subnet', ip: device.ip, mask: device.subnetMask });
      const sent = await wake({
        mac,
        destination,
        ...(options.wolPort === undefined ? {} : { port: options.wolPort }),
      });
      return { address: sent.address, port: sent.port };
    },
    async osAnswers(device, port) {
      return (await probeTcp(device.ip, port, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS)) === 'open';
    },
  };
}
