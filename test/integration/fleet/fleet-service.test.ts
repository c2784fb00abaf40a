// The fleetService facade (main/fleet/fleet-service.ts) main/api calls: snapshot, clients, relays, CSV,
// profiles (views only), credentials for main, audit.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPinStore, TransportPool } from '../../../main/amt/index';
import { createFleetService, type FleetService } from '../../../main/fleet/index';
import type { Store } from '../../../main/store/index';
import { openTempStore, tempFolder } from '../store/temp-store';

const folder = tempFolder('fleet-service');
let store: Store;
let service: FleetService;
const pool = new TransportPool();

beforeAll(() => {
  store = openTempStore(folder);
  service = createFleetService({ store, pool, pins: new MemoryPinStore(), serverName: 'Managing server' });
});
afterAll(() => {
  pool.closeAll();
  store.close();
  folder.remove();
});

describe('fleetService', () => {
  it('builds the tree snapshot from relays and clients', () => {
    const relay = service.addRelay({ name: 'Site A', kind: 'relay-manager', host: '10.0.0.2' });
    service.addClient({ hostName: 'pc-1', ip: '10.0.1.1', relayId: relay.id });
    expect(service.importCsv('host,ip,relay\npc-2,10.0.1.2,Site A\npc-3,bad,\n')).toEqual({
      added: 1,
      updated: 0,
      errors: [{ line: 3, message: '"bad" is not an IP address (IPv4 like 192.168.1.20, or IPv6 like fd00::20).' }],
    });
    const snapshot = service.snapshot();
    expect(snapshot.server.name).toBe('Managing server');
    expect(snapshot.relays.map((r) => r.name)).toEqual(['Site A']);
    expect(snapshot.clients.map((c) => [c.hostName, c.relayId])).toEqual([
      ['pc-1', relay.id],
      ['pc-2', relay.id],
    ]);
  });

  it('validates a client typed by hand like an imported one', () => {
    expect(() => service.addClient({ hostName: 'pc-9', ip: '10.0.1.300' })).toThrow(
      /"10.0.1.300" is not an IP address/,
    );
    expect(() => service.addClient({ hostName: 'bad name', ip: '10.0.1.9' })).toThrow(/not a valid host name/);
    const added = service.addClient({ hostName: 'pc-9', ip: '10.0.1.9', mac: 'A4AE111C024D' });
    expect(added.mac).toBe('a4:ae:11:1c:02:4d');
    expect(service.updateClient(added.id, { mac: 'A4-AE-11-1C-02-4E' }).mac).toBe('a4:ae:11:1c:02:4e');
    expect(() => service.updateClient(added.id, { subnetMask: '255.0.255.0' })).toThrow(/not a subnet mask/);
    expect(service.removeClients([added.id])).toBe(1);
  });

  it('lists profiles as views and gives credentials only through credentialsFor', () => {
    const client = service.snapshot().clients[0];
    if (!client) throw new Error('no client');
    const view = service.setProfile({ scope: 'default', targetId: null, user: 'admin', password: 'Service-Pass1!' });
    expect(view).toMatchObject({ scope: 'default', user: 'admin', hasPassword: true });
    expect(JSON.stringify(service.listProfiles())).not.toContain('Service-Pass1!');
    expect(JSON.stringify(service.snapshot())).not.toContain('Service-Pass1!');
    expect(service.credentialsFor(client.id)).toEqual({
      user: 'admin',
      password: 'Service-Pass1!',
      source: 'default',
      relayId: null,
    });
  });

  it('records and lists audit entries; removes clients', () => {
    const client = service.snapshot().clients[0];
    if (!client) throw new Error('no client');
    service.recordAudit({ actor: 'helpdesk', action: 'power:on', target: client.hostName, result: 'ok' });
    expect(service.listAudit({ target: client.hostName, limit: 10 })).toHaveLength(1);
    expect(service.removeClients([client.id])).toBe(1);
    expect(service.getClient(client.id)).toBeUndefined();
  });
});
