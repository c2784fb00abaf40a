// `amtctl info HOST…` (issue spec "amtctl", info): firmware version, host name and domain, MAC, DHCP, IP
// and power state, read one after another (AMT wants one request in flight per device, §1.2).

import { POWER_STATE_LABEL, type PowerState } from '../../../shared/domain';
import {
  getEthernetPorts,
  getFirmwareVersion,
  getGeneralSettings,
  getPowerState,
  type EthernetPort,
} from '../../amt/index';
import type { HostCommand } from '../host-command';

export interface DeviceInfo {
  readonly firmwareVersion: string;
  readonly hostName: string;
  readonly domainName: string;
  readonly mac: string | undefined;
  readonly dhcpEnabled: boolean | undefined;
  readonly ipAddress: string | undefined;
  readonly powerState: PowerState;
  readonly via: string | undefined;
}

/** The port people mean by "the PC's MAC": the wired one with an address, else any with an address. */
export function primaryPort(ports: readonly EthernetPort[]): EthernetPort | undefined {
  return (
    ports.find((p) => p.kind === 'wired' && p.mac !== undefined) ?? ports.find((p) => p.mac !== undefined) ?? ports[0]
  );
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? '-' : value ? 'yes' : 'no';
}

export function infoCommand(): HostCommand<DeviceInfo> {
  return {
    headers: ['FIRMWARE', 'HOST NAME', 'MAC', 'DHCP', 'IP', 'POWER', 'VIA'],
    async run(session) {
      const firmware = await getFirmwareVersion(session.client);
      const general = await getGeneralSettings(session.client);
      const port = primaryPort(await getEthernetPorts(session.client));
      const power = await getPowerState(session.client);
      return {
        firmwareVersion: firmware.version,
        hostName: general.hostName,
        domainName: general.domainName,
        mac: port?.mac,
        dhcpEnabled: port?.dhcpEnabled,
        ipAddress: port?.ipAddress,
        powerState: power.state,
        via: session.via(),
      };
    },
    toJson: (r) => ({
      firmwareVersion: r.firmwareVersion,
      hostName: r.hostName,
      domainName: r.domainName,
      mac: r.mac,
      dhcpEnabled: r.dhcpEnabled,
      ipAddress: r.ipAddress,
      powerState: r.powerState,
      powerStateLabel: POWER_STATE_LABEL[r.powerState],
      via: r.via,
    }),
    toCells: (r) => [
      r.firmwareVersion,
      (r.domainName ? `${r.hostName}.${r.domainName}` : r.hostName) || '-',
      r.mac ?? '-',
      yesNo(r.dhcpEnabled),
      r.ipAddress ?? '-',
      POWER_STATE_LABEL[r.powerState],
      r.via ?? '',
    ],
  };
}
