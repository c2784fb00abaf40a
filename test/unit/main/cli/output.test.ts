// Unit tests for amtctl's output formatting (main/cli/output.ts) and error words (main/cli/error-words.ts).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatSection, formatSummary, formatTable, jsonLine } from '../../../../main/cli/output';
import { describeError, ERROR_WORDS, WordedAmtError } from '../../../../main/cli/error-words';
import { AmtError } from '../../../../shared/domain';

describe('formatTable', () => {
  it('aligns columns and leaves the last cell unpadded', () => {
    const text = formatTable(
      ['HOST', 'STATE', 'VIA'],
      [
        ['pc1', 'On (S0)', 'tls'],
        ['a-long-host', 'Soft off (S5)', 'http'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'HOST         STATE          VIA',
      'pc1          On (S0)        tls',
      'a-long-host  Soft off (S5)  http',
    ]);
  });

  it('lets a short failure row span without widening the columns', () => {
    const text = formatTable(
      ['HOST', 'STATE', 'VIA'],
      [
        ['pc1', 'On (S0)', 'tls'],
        ['pc2', 'error: no AMT answers at pc2:16993 (nothing listens)'],
      ],
    );
    expect(text.split('\n')[1]).toBe('pc1   On (S0)  tls');
    expect(text.split('\n')[2]).toBe('pc2   error: no AMT answers at pc2:16993 (nothing listens)');
  });
});

describe('formatSection', () => {
  it('aligns labels under a title', () => {
    expect(
      formatSection('pc1', [
        ['BIOS', 'Dell 1.2'],
        ['Memory', '8 GiB'],
      ]),
    ).toBe('pc1\n  BIOS    Dell 1.2\n  Memory  8 GiB');
  });
});

describe('small formatters', () => {
  it('formats sizes, summaries and JSON lines', () => {
    expect(formatBytes(8 * 1024 ** 3)).toBe('8 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatSummary(3, 0)).toBe('3 hosts: all succeeded');
    expect(formatSummary(2, 1)).toBe('3 hosts: 2 succeeded, 1 failed');
    expect(jsonLine({ host: 'pc1', missing: undefined })).toBe('{"host":"pc1"}');
  });
});

describe('describeError', () => {
  it('says what unreachable means, naming the endpoint', () => {
    const report = describeError(
      new AmtError('unreachable', 'connect ECONNREFUSED', { endpoint: '127.50.0.9:16993' }),
      {
        host: '127.50.0.9',
        ports: [16993],
      },
    );
    expect(report.code).toBe('unreachable');
    expect(report.words).toBe('no AMT answers at 127.50.0.9 (nothing listens on 16993)');
  });

  it('names the standard AMT ports when the ports tried are unknown', () => {
    expect(describeError(new AmtError('unreachable', 'x'), { host: 'pc9' }).words).toBe(
      'no AMT answers at pc9 (nothing listens on 16992/16993)',
    );
  });

  it('words an auth failure for people', () => {
    expect(describeError(new AmtError('auth-failed', 'HTTP 401'), { host: 'pc1' }).words).toBe(
      'wrong user name or password',
    );
  });

  it('shows a --wait timeout in its own words', () => {
    expect(
      describeError(new WordedAmtError('timeout', 'did not reach On (S0) within 5.0 s'), { host: 'pc1' }).words,
    ).toBe('did not reach On (S0) within 5.0 s');
  });

  it('has words for every code and survives non-AmtErrors', () => {
    for (const words of Object.values(ERROR_WORDS)) expect(words.length).toBeGreaterThan(5);
    expect(describeError(new TypeError('oops'), { host: 'pc1' })).toMatchObject({
      code: 'internal',
      words: 'internal error: oops',
    });
  });
});

describe('scrub and describeError redaction', () => {
  it("removes a password from an error message but never from amtctl's own words", async () => {
    const { scrub } = await import('../../../../main/cli/run-hosts');
    const redact = (t: string): string => scrub(t, 'wrong');
    expect(
      describeError(new AmtError('auth-failed', 'digest for wrong failed'), { host: 'pc1' }, redact),
    ).toMatchObject({
      words: 'wrong user name or password',
      message: 'digest for *** failed',
    });
    expect(scrub('no secret here', 'Pass-w0rd!')).toBe('no secret here');
    expect(scrub('xx', 'x')).toBe('(message withheld: it might contain the password)');
  });
});

describe('pin mismatch words', () => {
  const error = new AmtError('tls-pin-mismatch', 'changed', {
    expectedFingerprint: 'cc:dd',
    actualFingerprint: 'aa:bb',
  });
  it('names the pinned and the presented fingerprint when a stored pin was the reference', () => {
    expect(describeError(error, { host: 'pc1' }).words).toMatch(
      /^the device's certificate changed since it was pinned .* \[pinned cc:dd\] \[it presents aa:bb\]$/,
    );
  });
  it('says it does not match --pin when the user gave one', () => {
    expect(describeError(error, { host: 'pc1', explicitPin: true }).words).toBe(
      "the device's certificate does not match the fingerprint given with --pin [given cc:dd] [it presents aa:bb]",
    );
  });
});
