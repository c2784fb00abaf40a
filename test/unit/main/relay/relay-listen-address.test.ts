// Where the console listens for relays, as written on a command line or in the environment (main/relay).
import { describe, expect, it } from 'vitest';
import { parseRelayListen } from '../../../../main/relay/index';

describe('parseRelayListen', () => {
  it('reads HOST:PORT and an IPv6 host in brackets', () => {
    expect(parseRelayListen('0.0.0.0:16999')).toEqual({ host: '0.0.0.0', port: 16999 });
    expect(parseRelayListen(' console.corp.example:443 ')).toEqual({ host: 'console.corp.example', port: 443 });
    expect(parseRelayListen('[::]:16999')).toEqual({ host: '::', port: 16999 });
    expect(parseRelayListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('refuses what is not an address to listen on, saying how to write one', () => {
    for (const bad of ['16999', '0.0.0.0', '0.0.0.0:70000', '::1:16999', '[not-v6]:16999', ':16999', 'host:port']) {
      expect(() => parseRelayListen(bad), bad).toThrow(/listen for relays|IPv6/);
    }
  });
});
