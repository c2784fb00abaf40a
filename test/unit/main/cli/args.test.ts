// Unit tests for amtctl's argument parser (main/cli/args.ts).
import { describe, expect, it } from 'vitest';
import { parseArgs, DEFAULT_TLS_POLICY, DEFAULT_CONCURRENCY } from '../../../../main/cli/args';
import { AmtError } from '../../../../shared/domain';

function usageError(argv: string[]): AmtError {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(AmtError);
    expect((error as AmtError).code).toBe('bad-input');
    return error as AmtError;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('parses a power action with hosts and options anywhere on the line', () => {
    const parsed = parseArgs([
      '--json',
      'power',
      'on',
      'pc1',
      '--wait',
      'pc2:16992',
      '--concurrency=4',
      '--timeout',
      '2500',
    ]);
    expect(parsed.command).toBe('power');
    expect(parsed.powerVerb).toBe('on');
    expect(parsed.hosts).toEqual(['pc1', 'pc2:16992']);
    expect(parsed.options.json).toBe(true);
    expect(parsed.options.wait).toBe(true);
    expect(parsed.options.concurrency).toBe(4);
    expect(parsed.options.timeoutMs).toBe(2500);
  });

  it('applies documented defaults', () => {
    const { options } = parseArgs(['info', 'pc1']);
    expect(options.tlsPolicy).toBe(DEFAULT_TLS_POLICY);
    expect(DEFAULT_TLS_POLICY).toBe('tls-then-http');
    expect(options.concurrency).toBe(DEFAULT_CONCURRENCY);
    expect(options.json).toBe(false);
    expect(options.user).toBeUndefined();
  });

  it('collects repeated --range and --hosts-file values', () => {
    const { options } = parseArgs([
      'info',
      '--range',
      '10.0.0.1-5',
      '--range=10.0.1.0/30',
      '-f',
      'a.txt',
      '--hosts-file',
      'b.txt',
    ]);
    expect(options.ranges).toEqual(['10.0.0.1-5', '10.0.1.0/30']);
    expect(options.hostsFiles).toEqual(['a.txt', 'b.txt']);
  });

  it('treats everything after -- as hosts', () => {
    expect(parseArgs(['info', '--', '--weird-host']).hosts).toEqual(['--weird-host']);
  });

  it('reads boot --to and sim --count', () => {
    expect(parseArgs(['boot', 'pc1', '--to', 'pxe']).options.bootTo).toBe('pxe');
    expect(parseArgs(['sim', '--count', '3', '--json']).options.count).toBe(3);
  });

  it('returns help for --help with or without a command', () => {
    expect(parseArgs(['--help']).command).toBe('help');
    expect(parseArgs(['power', '--help']).options.help).toBe(true);
  });

  it.each([
    [[], /no command/],
    [['frobnicate', 'pc1'], /unknown command 'frobnicate'/],
    [['power', 'explode', 'pc1'], /unknown power action 'explode'/],
    [['power'], /needs an action/],
    [['info', 'pc1', '--colour'], /unknown option --colour/],
    [['info', 'pc1', '-x'], /unknown option -x/],
    [['info', 'pc1', '--timeout'], /--timeout needs a value/],
    [['info', 'pc1', '--timeout', 'soon'], /whole number/],
    [['info', 'pc1', '--concurrency', '0'], /between 1 and/],
    [['info', 'pc1', '--tls-policy', 'maybe'], /--tls-policy must be one of/],
    [['boot', 'pc1'], /needs --to/],
    [['boot', 'pc1', '--to', 'usb'], /--to must be one of bios, floppy, cd, pxe \(got 'usb'\)/],
    [['info', 'pc1', '--to', 'pxe'], /--to does not apply to 'info'/],
    [['power', 'status', 'pc1', '--wait'], /--wait applies to power actions/],
    [['sim', 'pc1'], /takes no host arguments/],
    [['info', 'pc1', '--json=yes'], /takes no value/],
    [['info', 'pc1', '--timeout', '1', '--timeout', '2'], /given twice/],
    [['info', 'pc1', '--user', ''], /must not be empty/],
  ])('rejects %j with a one-line message', (argv, pattern) => {
    const error = usageError(argv as string[]);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain('\n');
  });
});
