import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyClientsChanged,
  applyClientsRemoved,
  initialFleet,
  replaceFleet,
  useFleetStore,
} from '../../../../renderer/stores/fleet-store';
import type { ClientId, RelayId } from '../../../../shared/domain';
import { CLIENTS, RELAYS } from '../model/fleet-fixture';

const id = (n: number) => n as ClientId;

describe('fleet store', () => {
  beforeEach(() => {
    useFleetStore.setState(initialFleet(), true);
    replaceFleet('HQ', RELAYS, CLIENTS);
  });

  it('indexes a snapshot by relay, sorted by host name', () => {
    const s = useFleetStore.getState();
    expect(s.status).toBe('ready');
    expect(s.clientsById.size).toBe(CLIENTS.length);
    expect(s.index.clientsByRelay.get(1 as RelayId)?.map((c) => c.hostName)).toEqual(['pc-east-10', 'pc-east-11']);
  });

  it('patches a power change in place without moving the client or touching other relays', () => {
    const before = useFleetStore.getState();
    const changed = { ...before.clientsById.get(id(11))!, power: 'on' as const };
    applyClientsChanged([changed]);
    const after = useFleetStore.getState();
    expect(after.clientsById.get(id(11))?.power).toBe('on');
    expect(after.index.clientsByRelay.get(1 as RelayId)?.[1]).toBe(changed);
    expect(after.index.clientsByRelay.get(3 as RelayId)).toBe(before.index.clientsByRelay.get(3 as RelayId));
    expect(after.revision).toBe(before.revision + 1);
  });

  it('re-sorts when a change moves a client to another relay or renames it', () => {
    const moved = {
      ...useFleetStore.getState().clientsById.get(id(10))!,
      relayId: 3 as RelayId,
      hostName: 'aaa-first',
    };
    applyClientsChanged([moved]);
    const s = useFleetStore.getState();
    expect(s.index.clientsByRelay.get(1 as RelayId)?.map((c) => c.id)).toEqual([11]);
    expect(s.index.clientsByRelay.get(3 as RelayId)?.map((c) => c.hostName)).toEqual(['aaa-first', 'pc-west-30']);
  });

  it('adds a client it did not know from a change event', () => {
    const fresh = { ...CLIENTS[0]!, id: id(99), hostName: 'pc-new' };
    applyClientsChanged([fresh]);
    expect(
      useFleetStore
        .getState()
        .index.clientsByRelay.get(1 as RelayId)
        ?.map((c) => c.hostName),
    ).toEqual(['pc-east-10', 'pc-east-11', 'pc-new']);
  });

  it('drops removed clients from the map and the index', () => {
    applyClientsRemoved([id(10), id(40)]);
    const s = useFleetStore.getState();
    expect(s.clientsById.has(id(10))).toBe(false);
    expect(s.index.clientsByRelay.get(null)).toBeUndefined();
    expect(s.index.clientsByRelay.get(1 as RelayId)?.map((c) => c.id)).toEqual([11]);
  });
});
