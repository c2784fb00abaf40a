// amtctl wake's targets (main/cli/wake-targets.ts) and options (args.ts): destinations, hosts-file lines,
// and the usage errors (exit 2 material) for missing or conflicting destinations.

import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../main/cli/args';
import { collectWakeTargets, parseWakeHostsFile } from '../../../../main/cli/wake-targets';

const NO_DESTINATION = { broadcast: undefined, ip: undefined, mask: undefined };

describe('parseArgs for wake', () => {
  it('reads MACs and the wake options with their defaults', () => {
    const args = parseArgs([
      'wake',
      'a4:ae:11:1c:02:4d',
      'a4ae111c024e',
      '--ip',
      '192.168.10.37',
      '--mask',
      '24',
      '--json',
    ]);
    expect(args.command).toBe('wake');
    expect(args.hosts).toEqual(['a4:ae:11:1c:02:4d', 'a4ae111c024e']);
    expect(args.options.wake).toEqual({
      broadcast: undefined,
      ip: '192.168.10.37',
      mask: '24',
      port: 9,
      repeatCount: 3,
      secureOn: undefined,
    });
    expect(
      parseArgs(['wake', 'x', '--broadcast', '10.0.0.255', '--port', '7', '--repeat', '1']).options.wake,
    ).toMatchObject({ port: 7, repeatCount: 1 });
  });

  it('refuses out-of-range numbers and wake options on other commands', () => {
    expect(() => parseArgs(['wake', 'x', '--broadcast', '10.0.0.255', '--repeat', '11'])).toThrow(
      /--repeat must be between 1 and 10/,
    );
    expect(() => parseArgs(['wake', 'x', '--broadcast', '10.0.0.255', '--port', '0'])).toThrow(
      /--port must be between 1 and 65535/,
    );
    expect(() => parseArgs(['power', 'on', 'pc1', '--broadcast', '10.0.0.255'])).toThrow(
      /--broadcast does not apply to 'power'/,
    );
    expect(() => parseArgs(['wake', 'x', '--user', 'admin'])).toThrow(/--user does not apply to 'wake'/);
  });
});

describe('collectWakeTargets', () => {
  it('gives every MAC argument the command line destination, duplicates dropped', () => {
    const targets = collectWakeTargets({
      macs: ['a4:ae:11:1c:02:4d', 'a4:ae:11:1c:02:4d', 'bad'],
      hostsFiles: [],
      destination: { broadcast: '192.168.10.255', ip: undefined, mask: undefined },
      maxTargets: 10,
    });
    expect(targets).toEqual([
      { macText: 'a4:ae:11:1c:02:4d', destination: { kind: 'address', address: '192.168.10.255' } },
      { macText: 'bad', destination: { kind: 'address', address: '192.168.10.255' } },
    ]);
  });

  it('refuses missing, conflicting and impossible destinations', () => {
    const input = { macs: ['a4:ae:11:1c:02:4d'], hostsFiles: [], maxTargets: 10 };
    expect(() => collectWakeTargets({ ...input, destination: NO_DESTINATION })).toThrow(/needs where to send/);
    expect(() =>
      collectWakeTargets({ ...input, destination: { broadcast: '10.0.0.255', ip: '10.0.0.1', mask: '24' } }),
    ).toThrow(/not both/);
    expect(() =>
      collectWakeTargets({ ...input, destination: { broadcast: undefined, ip: '10.0.0.1', mask: undefined } }),
    ).toThrow(/go together/);
    expect(() =>
      collectWakeTargets({ ...input, destination: { broadcast: undefined, ip: '10.0.0.1', mask: '32' } }),
    ).toThrow(/one host/);
    expect(() =>
      collectWakeTargets({ ...input, destination: { broadcast: 'lan', ip: undefined, mask: undefined } }),
    ).toThrow(/needs an IPv4 address/);
    expect(() => collectWakeTargets({ macs: [], hostsFiles: [], destination: NO_DESTINATION, maxTargets: 10 })).toThrow(
      /no MAC addresses given/,
    );
    expect(() =>
      collectWakeTargets({
        macs: ['a', 'b', 'c'],
        hostsFiles: [],
        destination: { broadcast: '10.0.0.255', ip: undefined, mask: undefined },
        maxTargets: 2,
      }),
    ).toThrow(/limit is 2/);
  });
});

describe('parseWakeHostsFile', () => {
  it("reads 'MAC IP MASK', 'MAC IP/N' and bare MAC lines, with comments", () => {
    const text =
      '\uFEFF# wake list\na4:ae:11:1c:02:4d 192.168.10.37 255.255.255.0\r\na4ae111c024e 10.1.2.3/16  # lab\n\na4-ae-11-1c-02-4f\n';
    const targets = parseWakeHostsFile('wake.txt', text, { kind: 'address', address: '127.155.0.1' });
    expect(targets).toEqual([
      { macText: 'a4:ae:11:1c:02:4d', destination: { kind: 'subnet', ip: '192.168.10.37', mask: '255.255.255.0' } },
      { macText: 'a4ae111c024e', destination: { kind: 'subnet', ip: '10.1.2.3', mask: '/16' } },
      { macText: 'a4-ae-11-1c-02-4f', destination: { kind: 'address', address: '127.155.0.1' } },
    ]);
  });

  it('names the file and line of a bad one', () => {
    expect(() => parseWakeHostsFile('w.txt', 'a4ae111c024d 10.0.0.1', undefined)).toThrow(
      /w\.txt:1: '10\.0\.0\.1' needs a mask/,
    );
    expect(() => parseWakeHostsFile('w.txt', '\na4ae111c024d', undefined)).toThrow(/w\.txt:2: no IP and mask/);
    expect(() => parseWakeHostsFile('w.txt', 'a4ae111c024d 10.0.0.1 255.0.255.0', undefined)).toThrow(
      /w\.txt:1: subnet mask .* not contiguous/,
    );
    expect(() => parseWakeHostsFile('w.txt', 'a b c d', undefined)).toThrow(/got 4 fields/);
  });
});
