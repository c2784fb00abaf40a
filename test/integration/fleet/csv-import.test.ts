// CSV import of clients (main/fleet/csv-import.ts) into an SQLite store on disk: flexible headers, per-row
// validation reported by line, good rows kept, upsert by host name.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { RelayId } from '../../../shared/domain';
import { importClientsCsv } from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const folder = tempFolder('csv-import');
let store: Store;
let counter = 0;
beforeEach(() => {
  store?.close();
  store = openTempStore(folder, `csv-${counter++}.db`);
});
afterAll(() => {
  store?.close();
  folder.remove();
});

const HEADER = 'Host name,IP address,MAC address,Subnet mask,Relay,OS,Agent version,DHCP,AMT firmware version';

describe('importClientsCsv', () => {
  it('imports every column of the mission format', () => {
    const relay = store.relays.add({ name: 'Branch 7', kind: 'relay-system', host: '10.7.0.2' });
    const csv = `${HEADER}\r\npc-001,10.7.0.11,A4-AE-11-1C-02-4D,255.255.255.0,branch 7,Windows 11,3.2.1,yes,16.1.25\r\npc-002,10.7.0.12,,255.255.255.0,,Windows 10,3.2.1,No,N/A\r\n`;
    const result = importClientsCsv(store, csv);
    expect(result).toEqual({ added: 2, updated: 0, errors: [] });
    expect(store.clients.getByHostName('pc-001')).toMatchObject({
      ip: '10.7.0.11',
      mac: 'a4:ae:11:1c:02:4d',
      subnetMask: '255.255.255.0',
      relayId: relay.id,
      os: 'Windows 11',
      agentVersion: '3.2.1',
      dhcp: true,
      amtVersion: '16.1.25',
    });
    expect(store.clients.getByHostName('pc-002')).toMatchObject({
      mac: null,
      relayId: null,
      dhcp: false,
      amtVersion: null,
    });
  });

  it('reports bad rows by line with a specific message and keeps the good rows', () => {
    const csv = [
      'hostname,ip,mac,subnet,dhcp,amt version',
      'pc-ok-1,10.0.0.1,,,,',
      'pc-bad-ip,10.0.0.300,,,,',
      'pc-bad-mac,10.0.0.3,zz:11,,,',
      '',
      'pc-bad-mask,10.0.0.4,,255.0.255.0,,',
      'pc-bad-dhcp,10.0.0.5,,,maybe,',
      'pc-bad-version,10.0.0.6,,,,sixteen',
      ',10.0.0.7,,,,',
      'pc-ok-1,10.0.0.8,,,,',
      'pc-ok-2,10.0.0.9,,,1,11.8.50',
      'pc-too-many,10.0.0.10,,,,,extra',
    ].join('\n');
    const result = importClientsCsv(store, csv);
    expect(result.added).toBe(2);
    expect(result.updated).toBe(0);
    expect(result.errors).toEqual([
      { line: 3, message: '"10.0.0.300" is not an IP address (IPv4 like 192.168.1.20, or IPv6 like fd00::20).' },
      { line: 4, message: '"zz:11" is not a MAC address (like a4:ae:11:1c:02:4d).' },
      { line: 6, message: '"255.0.255.0" is not a subnet mask (like 255.255.255.0).' },
      { line: 7, message: 'DHCP is "maybe"; write yes or no (true/false, 1/0 also work).' },
      { line: 8, message: '"sixteen" is not an AMT firmware version (like 16.1.25) or N/A.' },
      { line: 9, message: 'The host name is empty.' },
      { line: 10, message: 'Host name "pc-ok-1" is already on line 2.' },
      { line: 12, message: '7 values, but the header has 6 columns.' },
    ]);
    expect(store.clients.list().map((c) => c.hostName)).toEqual(['pc-ok-1', 'pc-ok-2']);
    expect(store.clients.getByHostName('pc-ok-2')).toMatchObject({ dhcp: true, amtVersion: '11.8.50' });
  });

  it('refuses a row naming an unknown relay (relays are never created by an import)', () => {
    const result = importClientsCsv(store, 'host,ip,relay\npc-1,10.0.0.1,Nowhere\n');
    expect(result.errors).toEqual([
      { line: 2, message: 'There is no relay named "Nowhere"; add the relay first, then import again.' },
    ]);
    expect(store.relays.list()).toEqual([]);
    expect(store.clients.count()).toBe(0);
  });

  it('updates existing clients by host name (any case), keeping columns the file does not have', () => {
    const existing = store.clients.add({
      hostName: 'PC-7',
      ip: '10.0.0.7',
      os: 'Windows 10',
      mac: 'aa:bb:cc:dd:ee:ff',
    });
    const result = importClientsCsv(store, 'HOSTNAME,IPADDRESS,OS\npc-7,10.0.0.77,\n');
    expect(result).toEqual({ added: 0, updated: 1, errors: [] });
    expect(store.clients.get(existing.id)).toMatchObject({
      hostName: 'PC-7',
      ip: '10.0.0.77',
      os: null,
      mac: 'aa:bb:cc:dd:ee:ff',
    });
  });

  it('puts rows without a relay under the relay chosen for the import', () => {
    const relay = store.relays.add({ name: 'R', kind: 'relay-system', host: 'h' });
    importClientsCsv(store, 'host,ip\npc-1,10.0.0.1\n', { relayId: relay.id });
    expect(store.clients.getByHostName('pc-1')?.relayId).toBe(relay.id);
    expect(importClientsCsv(store, 'host,ip\npc-2,10.0.0.2\n', { relayId: 999 as RelayId }).errors[0]?.message).toMatch(
      /\(#999\) does not exist/,
    );
  });

  it('reports a header without the required columns, an empty file, and an unclosed quote as line errors', () => {
    expect(importClientsCsv(store, 'name,os\npc,win\n').errors).toEqual([
      { line: 1, message: 'The first line must be a header naming the columns; it has no IP address column.' },
    ]);
    expect(importClientsCsv(store, '').errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/empty/) });
    expect(importClientsCsv(store, 'host,ip\npc-1,10.0.0.1\n"pc-2,10.0.0.2\n').errors).toEqual([
      { line: 3, message: 'A quoted field is never closed.' },
    ]);
    expect(store.clients.count()).toBe(0);
  });

  it('reads an AMT port column (a simulated fleet on one address) and refuses a column named twice', () => {
    expect(importClientsCsv(store, 'Host,IP,AMT port\nsim-1,127.0.0.1,17000\nsim-2,127.0.0.1,70000\n')).toEqual({
      added: 1,
      updated: 0,
      errors: [{ line: 3, message: '"70000" is not a port number (1-65535).' }],
    });
    expect(store.clients.getByHostName('sim-1')?.amtPort).toBe(17000);
    expect(importClientsCsv(store, 'host,hostname,ip\n').errors).toEqual([
      { line: 1, message: 'The header names the host name column twice ("hostname").' },
    ]);
  });

  it('refuses input over the size bound without reading it', () => {
    const big = `host,ip\n${'pc-x,10.0.0.1\n'.repeat(100)}`;
    expect(importClientsCsv(store, big, { maxBytes: 200 }).errors[0]?.message).toMatch(/larger than 200 bytes/);
  });
});
