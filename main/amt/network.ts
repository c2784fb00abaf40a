// AMT_EthernetPortSettings: per-port MAC, addresses and link (amt-protocols.md §2.3).

import { parseMac, type MacAddress } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { readOptionalBoolean, readOptionalNumber, readOptionalString, type WsmanRecord } from './wsman-record';

export const CLASS_ETHERNET_PORT_SETTINGS = 'AMT_EthernetPortSettings';
/** PhysicalConnectionType 3 = WLAN (§2.3). */
const CONNECTION_TYPE_WLAN = 3;
/** Instance `… Settings 1` is the wireless port when PhysicalConnectionType is absent (older firmware). */
const WIRELESS_INSTANCE_SUFFIX = ' 1';
const NO_MAC = '00:00:00:00:00:00';

export interface EthernetPort {
  readonly instanceId: string;
  readonly kind: 'wired' | 'wireless';
  /** Normalised `aa:bb:…`; undefined when the port reports none (all zeros, as unused WLAN ports do). */
  readonly mac: MacAddress | undefined;
  readonly dhcpEnabled: boolean | undefined;
  readonly ipAddress: string | undefined;
  readonly subnetMask: string | undefined;
  readonly defaultGateway: string | undefined;
  readonly primaryDns: string | undefined;
  readonly secondaryDns: string | undefined;
  readonly linkUp: boolean | undefined;
}

export async function getEthernetPorts(client: WsmanClient): Promise<EthernetPort[]> {
  const items = await client.enumerate(CLASS_ETHERNET_PORT_SETTINGS);
  return items.map(toEthernetPort);
}

export function toEthernetPort(r: WsmanRecord): EthernetPort {
  const instanceId = readOptionalString(r, 'InstanceID') ?? '';
  const connectionType = readOptionalNumber(r, 'PhysicalConnectionType');
  const wireless =
    connectionType === undefined
      ? instanceId.endsWith(WIRELESS_INSTANCE_SUFFIX)
      : connectionType === CONNECTION_TYPE_WLAN;
  const mac = parseMac(readOptionalString(r, 'MACAddress') ?? '');
  const text = (field: string): string | undefined => {
    const value = readOptionalString(r, field)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    instanceId,
    kind: wireless ? 'wireless' : 'wired',
    mac: mac === NO_MAC ? undefined : mac,
    dhcpEnabled: readOptionalBoolean(r, 'DHCPEnabled'),
    ipAddress: text('IPAddress'),
    subnetMask: text('SubnetMask'),
    defaultGateway: text('DefaultGateway'),
    primaryDns: text('PrimaryDNS'),
    secondaryDns: text('SecondaryDNS'),
    linkUp: readOptionalBoolean(r, 'LinkIsUp'),
  };
}
