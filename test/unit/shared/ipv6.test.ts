// IPv6 literals (shared/domain/ipv6.ts): parsing RFC 4291 text, the RFC 5952 form the console stores, and the
// client-address rule (IPv4 as typed; no zones, no link-local, multicast or unspecified), against node:net's own
// isIPv6 on every accepted and refused literal.
import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AmtError, formatIpv6, isIpv6Address, normaliseClientAddress, parseIpv6 } from '../../../shared/domain';

describe('parseIpv6 and formatIpv6', () => {
  const canonical: Array<[string, string]> = [
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['[::1]', '::1'],
    ['2001:DB8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // RFC 5952 §4.2.3: the first of equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group is not compressed
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'], // the longer run wins
    ['fd00::20', 'fd00::20'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ];
  it.each(canonical)('%s is stored as %s', (text, stored) => {
    expect(isIPv6(text.replace(/^\[|\]$/g, ''))).toBe(true);
    expect(formatIpv6(parseIpv6(text) as number[])).toBe(stored);
    expect(isIPv6(stored)).toBe(true);
  });

  const refused = [
    '',
    '1',
    '192.168.1.20',
    'fd00::1::2',
    '2001:db8::g1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    ':1:2::3',
    '12345::1',
    '::1.2.3',
    '[::1',
    'fe80::1%eth0',
    'localhost',
  ];
  it.each(refused)('"%s" is not an IPv6 literal', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
    expect(isIpv6Address(text)).toBe(false);
  });
});

describe('normaliseClientAddress', () => {
  it('keeps IPv4 as typed and stores IPv6 in its RFC 5952 form', () => {
    expect(normaliseClientAddress(' 192.168.1.20 ')).toBe('192.168.1.20');
    expect(normaliseClientAddress('FD00:0000::0020')).toBe('fd00::20');
    expect(normaliseClientAddress('[2001:db8::1]')).toBe('2001:db8::1');
  });

  const refusals: Array<[string, RegExp]> = [
    ['', /The IP address is empty/],
    ['10.0.0.300', /"10\.0\.0\.300" is not an IP address \(IPv4 like 192\.168\.1\.20, or IPv6 like fd00::20\)/],
    ['fe80::1%eth0', /has a zone \(%eth0\); the console does not support IPv6 zones/],
    ['[fe80::1%25en0]', /has a zone \(%25en0\)/],
    ['fe80::1', /link-local IPv6 address \(fe80::\/10\)/],
    ['febf::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::', /unspecified/],
  ];
  it.each(refusals)('refuses "%s" as bad-input with its reason', (text, words) => {
    let caught: unknown;
    try {
      normaliseClientAddress(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AmtError);
    expect((caught as AmtError).code).toBe('bad-input');
    expect((caught as AmtError).message).toMatch(words);
  });

  it('accepts fec0::1 (outside fe80::/10)', () => {
    expect(normaliseClientAddress('fec0::1')).toBe('fec0::1');
  });
});
