// Subnet-directed broadcast addresses for Wake-on-LAN (docs amt-protocols.md §4, mission M6): WoL does
// not cross routers, so the packet goes to the client's own subnet's broadcast (192.168.10.37/24 →
// 192.168.10.255), which a host on that subnet, or a router configured for directed broadcast, delivers.

import { AmtError, formatIpv4, isIpv6Address, isSubnetMask, parseIpv4 } from '../../shared/domain';

const IPV4_BITS = 32;
/** /31 (RFC 3021 point-to-point links) and /32 (one host) have no broadcast address. */
export const MAX_BROADCAST_PREFIX_LENGTH = 30;
const LOOPBACK_FIRST_OCTET = 127;
const FIRST_MULTICAST_OCTET = 224; // 224.0.0.0 and above: multicast and reserved, never a client's address

export interface SubnetBroadcast {
  /** The subnet-directed broadcast address, dotted. */
  readonly broadcast: string;
  /** The network address, dotted (for messages and the console's subnet grouping). */
  readonly network: string;
  readonly prefixLength: number;
}

function bad(message: string): AmtError {
  return new AmtError('bad-input', message);
}

/**
 * Parses a subnet mask as dotted (255.255.255.0) or as a prefix length (24 or /24) into its prefix
 * length. A non-contiguous mask (255.0.255.0) is refused: no real subnet has one.
 */
export function parseSubnetMask(text: string): number {
  const trimmed = text.trim();
  const prefixText = trimmed.startsWith('/') ? trimmed.slice(1) : trimmed;
  if (/^\d{1,2}$/.test(prefixText)) {
    const prefixLength = Number(prefixText);
    if (prefixLength > IPV4_BITS) throw bad(`subnet mask '${text}': a prefix length is 0-${IPV4_BITS}`);
    return prefixLength;
  }
  const value = parseIpv4(trimmed);
  if (value === undefined)
    throw bad(`subnet mask '${text}' is neither a dotted mask (255.255.255.0) nor a prefix length (24)`);
  if (!isSubnetMask(trimmed))
    throw bad(`subnet mask '${text}' is not contiguous (its one bits must all come before its zero bits)`);
  let prefixLength = 0;
  for (let bit = IPV4_BITS - 1; bit >= 0 && (value >>> bit) & 1; bit--) prefixLength++;
  return prefixLength;
}

/** The subnet-directed broadcast of the subnet `ip` sits in. Throws 'bad-input' with the reason. */
export function subnetBroadcast(ip: string, mask: string): SubnetBroadcast {
  const address = parseIpv4(ip.trim());
  if (address === undefined && isIpv6Address(ip.trim())) {
    throw bad(`${ip.trim()} is an IPv6 address: a magic packet goes to a broadcast address and IPv6 has no broadcast`);
  }
  if (address === undefined) throw bad(`'${ip}' is not an IPv4 address`);
  const firstOctet = address >>> 24;
  if (firstOctet === 0) throw bad(`${ip} is in 0.0.0.0/8 ("this network"), not a client's address`);
  if (firstOctet === LOOPBACK_FIRST_OCTET) throw bad(`${ip} is a loopback address; there is no subnet to broadcast on`);
  if (firstOctet >= FIRST_MULTICAST_OCTET)
    throw bad(`${ip} is a multicast or reserved address, not a client's address`);
  const prefixLength = parseSubnetMask(mask);
  if (prefixLength === 0) {
    throw bad(
      `subnet mask '${mask}' covers every address; use the limited broadcast 255.255.255.255 to reach the local link`,
    );
  }
  if (prefixLength > MAX_BROADCAST_PREFIX_LENGTH) {
    const why = prefixLength === IPV4_BITS ? 'a /32 is one host' : 'a /31 is a point-to-point link (RFC 3021)';
    throw bad(
      `subnet mask '${mask}' leaves no broadcast address: ${why}; send to the host's address or use a relay there`,
    );
  }
  const hostBits = IPV4_BITS - prefixLength;
  const hostMask = 2 ** hostBits - 1;
  const network = address - (address % 2 ** hostBits);
  return { broadcast: formatIpv4(network + hostMask), network: formatIpv4(network), prefixLength };
}
