import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseEndpoint, parseTarget } from '../../../../main/amt/endpoint';
import { AmtError } from '../../../../shared/domain';

function badInput(text: string): string {
  try {
    parseTarget(text);
  } catch (err) {
    expect(err).toBeInstanceOf(AmtError);
    expect((err as AmtError).code).toBe('bad-input');
    return (err as AmtError).message;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseTarget', () => {
  it('gives a bare host the AMT ports 16992/16993', () => {
    expect(parseEndpoint('pc-042.example.org')).toEqual({
      host: 'pc-042.example.org',
      httpPort: 16992,
      tlsPort: 16993,
    });
    expect(parseEndpoint('  10.0.0.7 ')).toEqual({ host: '10.0.0.7', httpPort: 16992, tlsPort: 16993 });
    expect(parseTarget('10.0.0.7').policy).toBeUndefined();
  });

  it('reads host:port as the HTTP port with TLS on the next one', () => {
    expect(parseEndpoint('127.10.0.1:20000')).toEqual({ host: '127.10.0.1', httpPort: 20000, tlsPort: 20001 });
  });

  it('reads bracketed and bare IPv6', () => {
    expect(parseEndpoint('[::1]:16992')).toEqual({ host: '::1', httpPort: 16992, tlsPort: 16993 });
    expect(parseEndpoint('[fe80::1]')).toEqual({ host: 'fe80::1', httpPort: 16992, tlsPort: 16993 });
    expect(parseEndpoint('::1')).toEqual({ host: '::1', httpPort: 16992, tlsPort: 16993 });
  });

  it('honours explicit schemes and sets the policy', () => {
    expect(parseTarget('https://pc1:16993')).toEqual({
      endpoint: { host: 'pc1', httpPort: 16992, tlsPort: 16993 },
      policy: 'tls-only',
    });
    expect(parseTarget('HTTPS://pc1')).toEqual({
      endpoint: { host: 'pc1', httpPort: 16992, tlsPort: 16993 },
      policy: 'tls-only',
    });
    expect(parseTarget('http://[::1]:8080/wsman')).toEqual({
      endpoint: { host: '::1', httpPort: 8080, tlsPort: 8081 },
      policy: 'http-only',
    });
  });

  it('refuses bad input with a specific message', () => {
    expect(badInput('')).toMatch(/empty/);
    expect(badInput('pc1:0')).toMatch(/outside 1-65535/);
    expect(badInput('pc1:70000')).toMatch(/outside 1-65535/);
    expect(badInput('pc1:abc')).toMatch(/not a number/);
    expect(badInput('pc1:65535')).toMatch(/no room for the TLS port/);
    expect(badInput('::1:16992x')).toMatch(/brackets/);
    expect(badInput('[::1')).toMatch(/not closed/);
    expect(badInput('[pc1]:1')).toMatch(/not an IPv6/);
    expect(badInput('ftp://pc1')).toMatch(/scheme "ftp"/);
    expect(badInput('https://pc1/index.htm')).toMatch(/not \/wsman/);
    expect(badInput('https://admin:pw@pc1')).toMatch(/credentials/);
    expect(badInput('pc 1')).toMatch(/spaces/);
    expect(badInput('pc1/wsman')).toMatch(/http:\/\//);
    expect(badInput('bad_host!')).toMatch(/neither an IP address nor a valid host name/);
    expect(badInput('999.1.1.1')).toMatch(/not a valid IPv4/);
    expect(badInput('-leading.example')).toMatch(/valid host name/);
  });

  it('does not echo endless input back', () => {
    expect(badInput(`${'a'.repeat(5000)}!`).length).toBeLessThan(400);
  });
});

describe('formatEndpoint', () => {
  it('brackets IPv6', () => {
    expect(formatEndpoint({ host: '::1', httpPort: 1, tlsPort: 2 })).toBe('[::1]:1');
    expect(formatEndpoint({ host: 'pc', httpPort: 1, tlsPort: 2 })).toBe('pc:1');
  });
});
