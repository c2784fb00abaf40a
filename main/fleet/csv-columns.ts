// Column names a client CSV may use (mission M2/M6), matched without regard to case, spaces, '_', '-', '.'
// so "Host name", "hostname" and "HOST_NAME" are one column.

export type CsvColumn =
  'hostName' | 'ip' | 'amtPort' | 'mac' | 'subnetMask' | 'relay' | 'os' | 'agentVersion' | 'dhcp' | 'amtVersion';

const ALIASES: Readonly<Record<CsvColumn, readonly string[]>> = {
  hostName: ['hostname', 'host', 'name', 'computername', 'computer', 'clientname', 'systemname'],
  ip: ['ip', 'ipaddress', 'ipv4', 'ipv4address', 'ipv6', 'ipv6address', 'address'],
  amtPort: ['amtport', 'port'],
  mac: ['mac', 'macaddress'],
  subnetMask: ['subnetmask', 'subnet', 'mask', 'netmask'],
  relay: ['relay', 'relayname', 'relaysystem', 'relaymanager'],
  os: ['os', 'operatingsystem'],
  agentVersion: ['agentversion', 'agent'],
  dhcp: ['dhcp', 'dhcpenabled'],
  amtVersion: ['amtversion', 'amtfirmwareversion', 'amtfirmware', 'firmwareversion', 'amt'],
};

/** Words used in messages for each column. */
export const COLUMN_LABEL: Readonly<Record<CsvColumn, string>> = {
  hostName: 'host name',
  ip: 'IP address',
  amtPort: 'AMT port',
  mac: 'MAC address',
  subnetMask: 'subnet mask',
  relay: 'relay',
  os: 'OS',
  agentVersion: 'agent version',
  dhcp: 'DHCP',
  amtVersion: 'AMT firmware version',
};

const BY_ALIAS = new Map<string, CsvColumn>(
  (Object.entries(ALIASES) as Array<[CsvColumn, readonly string[]]>).flatMap(([column, names]) =>
    names.map((n) => [n, column] as const),
  ),
);

export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** The column a header cell names, or undefined for a column we do not import (ignored). */
export function columnOf(headerCell: string): CsvColumn | undefined {
  return BY_ALIAS.get(normaliseHeader(headerCell));
}

export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['hostName', 'ip'];
