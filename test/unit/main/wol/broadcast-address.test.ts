// main/wol/broadcast-address.ts: subnet-directed broadcasts for several masks, and the masks it refuses.

import { describe, expect, it } from 'vitest';
import { parseSubnetMask, subnetBroadcast } from '../../../../main/wol';

describe('subnetBroadcast', () => {
  it('computes the broadcast and network for common and odd masks', () => {
    const cases: [string, string, string, string, number][] = [
      ['192.168.10.37', '255.255.255.0', '192.168.10.255', '192.168.10.0', 24],
      ['192.168.10.37', '/24', '192.168.10.255', '192.168.10.0', 24],
      ['10.1.2.3', '255.0.0.0', '10.255.255.255', '10.0.0.0', 8],
      ['172.16.5.200', '255.255.252.0', '172.16.7.255', '172.16.4.0', 22],
      ['192.168.1.130', '255.255.255.128', '192.168.1.255', '192.168.1.128', 25],
      ['192.168.1.100', '255.255.255.192', '192.168.1.127', '192.168.1.64', 26],
      ['192.168.1.5', '255.255.255.252', '192.168.1.7', '192.168.1.4', 30],
      ['8.8.8.8', '1', '127.255.255.255', '0.0.0.0', 1],
      ['200.1.2.3', '16', '200.1.255.255', '200.1.0.0', 16],
    ];
    for (const [ip, mask, broadcast, network, prefixLength] of cases) {
      expect(subnetBroadcast(ip, mask), `${ip} ${mask}`).toEqual({ broadcast, network, prefixLength });
    }
  });

  it('refuses /31 and /32 with the reason', () => {
    expect(() => subnetBroadcast('10.0.0.1', '255.255.255.254')).toThrow(/point-to-point link \(RFC 3021\)/);
    expect(() => subnetBroadcast('10.0.0.1', '/32')).toThrow(/a \/32 is one host/);
  });

  it('refuses non-contiguous, malformed and empty masks', () => {
    expect(() => subnetBroadcast('10.0.0.1', '255.0.255.0')).toThrow(/not contiguous/);
    expect(() => subnetBroadcast('10.0.0.1', '255.255.255.1')).toThrow(/not contiguous/);
    expect(() => subnetBroadcast('10.0.0.1', '255.255.256.0')).toThrow(/neither a dotted mask/);
    expect(() => subnetBroadcast('10.0.0.1', '33')).toThrow(/prefix length is 0-32/);
    expect(() => subnetBroadcast('10.0.0.1', 'wide')).toThrow(/neither a dotted mask/);
    expect(() => subnetBroadcast('10.0.0.1', '0.0.0.0')).toThrow(/255\.255\.255\.255/);
  });

  it('refuses addresses that are not a client on a subnet', () => {
    expect(() => subnetBroadcast('10.0.0', '24')).toThrow(/not an IPv4 address/);
    expect(() => subnetBroadcast('127.0.0.5', '8')).toThrow(/loopback/);
    expect(() => subnetBroadcast('0.1.2.3', '24')).toThrow(/this network/);
    expect(() => subnetBroadcast('239.1.1.1', '24')).toThrow(/multicast/);
    expect(() => subnetBroadcast('fd00::30', '64')).toThrow(/fd00::30 is an IPv6 address: .* IPv6 has no broadcast/);
    try {
      subnetBroadcast('10.0.0.1', '255.0.255.0');
    } catch (error) {
      expect(error).toMatchObject({ name: 'AmtError', code: 'bad-input' });
    }
  });
});

describe('parseSubnetMask', () => {
  it('turns dotted masks and prefix lengths into a prefix length', () => {
    expect(parseSubnetMask('255.255.255.0')).toBe(24);
    expect(parseSubnetMask('255.255.240.0')).toBe(20);
    expect(parseSubnetMask('255.255.255.255')).toBe(32);
    expect(parseSubnetMask('0.0.0.0')).toBe(0);
    expect(parseSubnetMask('/27')).toBe(27);
  });
});
