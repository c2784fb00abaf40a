// window.amt is derived from the contract: one named method per channel, one onX per event.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildAmtApi, CHANNELS, EVENT_NAMES, type AmtApi, type FleetSnapshot } from '../../../../shared/ipc';

describe('buildAmtApi', () => {
  it('names a method per channel and an onX per event, and routes calls to the transport', async () => {
    const calls: string[] = [];
    const api = buildAmtApi({
      invoke: async (channel, request) => {
        calls.push(`${channel} ${JSON.stringify(request)}`);
        return { ok: channel };
      },
      subscribe: (event) => {
        calls.push(`subscribe ${event}`);
        return () => calls.push(`unsubscribe ${event}`);
      },
    });
    expect(Object.keys(api)).toHaveLength(Object.keys(CHANNELS).length + EVENT_NAMES.length);
    expect(await api.clientsImportCsv({ csv: 'a,b' })).toEqual({ ok: 'clients:import-csv' });
    const off = api.onClientsChanged(() => undefined);
    off();
    expect(calls).toEqual([
      'clients:import-csv {"csv":"a,b"}',
      'subscribe clients:changed',
      'unsubscribe clients:changed',
    ]);
    expect(Object.isFrozen(api)).toBe(true);
    expectTypeOf(api.fleetSnapshot).returns.resolves.toEqualTypeOf<FleetSnapshot>();
    expectTypeOf<AmtApi>().toHaveProperty('powerAction');
  });
});

describe('CHANNEL_NAMES and EVENT_NAMES (the zod-free lists the preload and bridge use)', () => {
  it('equal the contract, in both directions', async () => {
    const { CHANNEL_NAMES } = await import('../../../../shared/ipc');
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(CHANNELS).sort());
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });
});
