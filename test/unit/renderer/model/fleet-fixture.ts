// Small hand-made fleets for the renderer's model tests: one relay manager with a relay system below
// it, clients under each and one directly under the server.
import type { Client, ClientId, PowerState, Relay, RelayId } from '../../../../shared/domain';

export function relay(
  id: number,
  name: string,
  parentId: number | null = null,
  kind: Relay['kind'] = 'relay-system',
): Relay {
  return {
    id: id as RelayId,
    name,
    kind,
    host: `10.0.${id}.1`,
    parentId: parentId as RelayId | null,
    os: null,
    agentVersion: null,
  };
}

export function client(id: number, hostName: string, relayId: number | null, extra: Partial<Client> = {}): Client {
  return {
    id: id as ClientId,
    hostName,
    ip: `192.168.1.${id}`,
    amtPort: null,
    mac: `a4:ae:11:1c:02:${id.toString(16).padStart(2, '0')}`,
    subnetMask: '255.255.255.0',
    relayId: relayId as RelayId | null,
    os: 'Windows 11 Pro',
    agentVersion: '2.1',
    dhcp: true,
    amtVersion: '16.1.25',
    power: 'on' as PowerState,
    lastSeenAt: null,
    problem: null,
    legacyTls: false,
    ...extra,
  };
}

export const RELAYS: readonly Relay[] = [
  relay(1, 'East manager', null, 'relay-manager'),
  relay(2, 'East floor 2', 1),
  relay(3, 'West'),
];

export const CLIENTS: readonly Client[] = [
  client(10, 'pc-east-10', 1),
  client(11, 'pc-east-11', 1, { power: 'soft-off' }),
  client(20, 'pc-floor2-20', 2, { power: 'sleep' }),
  client(21, 'pc-floor2-21', 2, { amtVersion: null, os: 'Ubuntu 24.04' }),
  client(30, 'pc-west-30', 3, {
    problem: { code: 'auth-failed', words: 'Wrong AMT user name or password', at: '2026-01-01T00:00:00Z' },
  }),
  client(40, 'pc-direct-40', null, { power: 'hibernate' }),
];
