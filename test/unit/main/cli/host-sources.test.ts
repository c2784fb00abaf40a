// Unit tests for amtctl's host sources (main/cli/host-sources.ts): ranges, CIDR, files, limits.
import { describe, expect, it } from 'vitest';
import { collectHosts, expandRange, parseHostsFile, parseIpv4, MAX_HOSTS } from '../../../../main/cli/host-sources';
import { AmtError } from '../../../../shared/domain';

function badInput(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AmtError);
    expect((error as AmtError).code).toBe('bad-input');
    return (error as AmtError).message;
  }
  throw new Error('expected bad-input');
}

describe('expandRange', () => {
  it('expands a start-end range with both ends included', () => {
    expect(expandRange('127.0.0.1-127.0.0.4')).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('accepts the last octet alone as the end', () => {
    expect(expandRange('10.0.0.8-10')).toEqual(['10.0.0.8', '10.0.0.9', '10.0.0.10']);
  });

  it('crosses octet boundaries', () => {
    expect(expandRange('10.0.0.254-10.0.1.1')).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
  });

  it('expands a CIDR block without network and broadcast addresses', () => {
    const hosts = expandRange('10.0.0.0/28');
    expect(hosts).toHaveLength(14);
    expect(hosts[0]).toBe('10.0.0.1');
    expect(hosts.at(-1)).toBe('10.0.0.14');
  });

  it('takes /31 and /32 whole and aligns a base that is not the network address', () => {
    expect(expandRange('10.0.0.7/32')).toEqual(['10.0.0.7']);
    expect(expandRange('10.0.0.7/31')).toEqual(['10.0.0.6', '10.0.0.7']);
    expect(expandRange('10.0.0.7/30')).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it.each([
    ['10.0.0.9-10.0.0.1', /end comes before the start/],
    ['10.0.0.300-310', /not an IPv4 address/],
    ['10.0.0.1-foo', /not an IPv4 address or last octet/],
    ['10.0.0.0/33', /prefix length/],
    ['10.0.0/24', /not an IPv4 address/],
    ['banana', /expected a\.b\.c\.d-a\.b\.c\.e/],
    ['010.0.0.1-2', /not an IPv4 address/],
  ])('rejects %s', (range, pattern) => {
    expect(badInput(() => expandRange(range))).toMatch(pattern);
  });

  it('refuses a range above the limit with the count and the limit in the message', () => {
    const message = badInput(() => expandRange('10.0.0.0/16'));
    expect(message).toContain('65534 addresses');
    expect(message).toContain(String(MAX_HOSTS));
  });
});

describe('parseIpv4', () => {
  it('parses dotted quads and refuses the rest', () => {
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('1.2.3')).toBeUndefined();
    expect(parseIpv4('1.2.3.256')).toBeUndefined();
  });
});

describe('parseHostsFile', () => {
  it('reads one host per line, skipping blank lines and comments', () => {
    const text = '# lab PCs\npc1\n\n  pc2:16993   # the one by the window\r\n#pc3\n127.0.0.1\n';
    expect(parseHostsFile('hosts.txt', text)).toEqual(['pc1', 'pc2:16993', '127.0.0.1']);
  });

  it('ignores a byte-order mark before the first host', () => {
    expect(parseHostsFile('hosts.txt', '\uFEFFpc1\r\npc2\r\n')).toEqual(['pc1', 'pc2']);
  });

  it('names file and line when a line holds two hosts', () => {
    expect(badInput(() => parseHostsFile('hosts.txt', 'pc1\npc2 pc3\n'))).toMatch(/^hosts\.txt:2: one host per line/);
  });
});

describe('collectHosts', () => {
  it('combines arguments, files and ranges in order and drops duplicates', () => {
    const hosts = collectHosts({
      args: ['pc1', '10.0.0.2'],
      hostsFiles: [{ path: 'f', text: 'pc2\npc1\n' }],
      ranges: ['10.0.0.1-3,10.0.0.9/32'],
    });
    expect(hosts).toEqual(['pc1', '10.0.0.2', 'pc2', '10.0.0.1', '10.0.0.3', '10.0.0.9']);
  });

  it('refuses an empty host list', () => {
    expect(
      badInput(() => collectHosts({ args: [], hostsFiles: [{ path: 'f', text: '# nothing\n' }], ranges: [] })),
    ).toMatch(/no hosts/);
  });

  it('refuses more hosts in total than the limit', () => {
    expect(
      badInput(() => collectHosts({ args: [], hostsFiles: [], ranges: ['10.0.0.1-10', '10.0.1.1-10'] }, 15)),
    ).toMatch(/20 hosts given; the limit is 15/);
  });
});
