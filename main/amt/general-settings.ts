// AMT_GeneralSettings: host name, domain and digest realm (amt-protocols.md §2.2).

import type { WsmanClient } from './wsman-client';
import { readOptionalBoolean, readOptionalString } from './wsman-record';

export const CLASS_GENERAL_SETTINGS = 'AMT_GeneralSettings';

export interface GeneralSettings {
  /** As configured in AMT; '' when never set. Not trimmed. */
  readonly hostName: string;
  readonly domainName: string;
  /** `hostName.domainName`, or just the host name when there is no domain. */
  readonly fqdn: string;
  /** `Digest:<32 hex>`; equals the realm of the device's 401 challenge (§1.7). */
  readonly digestRealm: string;
  readonly networkInterfaceEnabled: boolean | undefined;
  readonly amtNetworkEnabled: boolean | undefined;
  readonly pingResponseEnabled: boolean | undefined;
}

export async function getGeneralSettings(client: WsmanClient): Promise<GeneralSettings> {
  const r = await client.get(CLASS_GENERAL_SETTINGS);
  const hostName = readOptionalString(r, 'HostName') ?? '';
  const domainName = readOptionalString(r, 'DomainName') ?? '';
  return {
    hostName,
    domainName,
    fqdn: domainName === '' ? hostName : `${hostName}.${domainName}`,
    digestRealm: readOptionalString(r, 'DigestRealm') ?? '',
    networkInterfaceEnabled: readOptionalBoolean(r, 'NetworkInterfaceEnabled'),
    amtNetworkEnabled: readOptionalBoolean(r, 'AMTNetworkEnabled'),
    pingResponseEnabled: readOptionalBoolean(r, 'PingResponseEnabled'),
  };
}
