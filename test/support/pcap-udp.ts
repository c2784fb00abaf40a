// Reads the UDP datagrams out of a classic pcap file written by tcpdump -w on an Ethernet link (what the
// Wake-on-LAN capture tests need): libpcap's file format, Ethernet II, IPv4, UDP. Anything else is skipped.

import { readFileSync } from 'node:fs';

const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const PCAP_MAGIC_NANOS = 0xa1b23c4d;
const GLOBAL_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const LINKTYPE_ETHERNET = 1;
const ETHERNET_HEADER_BYTES = 14;
const ETHERTYPE_IPV4 = 0x0800;
const IP_PROTOCOL_UDP = 17;
const UDP_HEADER_BYTES = 8;

export interface CapturedDatagram {
  readonly source: string;
  readonly destination: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly payload: Buffer;
}

function ipv4(bytes: Buffer, at: number): string {
  return [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]].join('.');
}

/** The IPv4/UDP datagrams of `file`, in capture order. A record cut short (a capture still being written) ends the list. */
export function readPcapUdp(file: string): CapturedDatagram[] {
  const data = readFileSync(file);
  if (data.length < GLOBAL_HEADER_BYTES) return [];
  const magicLe = data.readUInt32LE(0);
  const magicBe = data.readUInt32BE(0);
  const littleEndian = magicLe === PCAP_MAGIC_MICROS || magicLe === PCAP_MAGIC_NANOS;
  if (!littleEndian && magicBe !== PCAP_MAGIC_MICROS && magicBe !== PCAP_MAGIC_NANOS)
    throw new Error(`${file} is not a pcap file`);
  const u32 = (at: number): number => (littleEndian ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const linkType = u32(20);
  if (linkType !== LINKTYPE_ETHERNET)
    throw new Error(`${file}: link type ${linkType}, expected Ethernet (${LINKTYPE_ETHERNET})`);
  const out: CapturedDatagram[] = [];
  for (let at = GLOBAL_HEADER_BYTES; at + RECORD_HEADER_BYTES <= data.length;) {
    const captured = u32(at + 8);
    const frame = data.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + captured);
    if (frame.length < captured) break;
    at += RECORD_HEADER_BYTES + captured;
    if (frame.length < ETHERNET_HEADER_BYTES || frame.readUInt16BE(12) !== ETHERTYPE_IPV4) continue;
    const ip = frame.subarray(ETHERNET_HEADER_BYTES);
    const headerBytes = ((ip[0] as number) & 0x0f) * 4;
    if (ip[9] !== IP_PROTOCOL_UDP || ip.length < headerBytes + UDP_HEADER_BYTES) continue;
    const udp = ip.subarray(headerBytes);
    const udpLength = udp.readUInt16BE(4);
    out.push({
      source: ipv4(ip, 12),
      destination: ipv4(ip, 16),
      sourcePort: udp.readUInt16BE(0),
      destinationPort: udp.readUInt16BE(2),
      payload: Buffer.from(udp.subarray(UDP_HEADER_BYTES, udpLength)),
    });
  }
  return out;
}
