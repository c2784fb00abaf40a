// clients:changed is batched per tick: a refresh of many clients is one message with each client once (its
// latest copy), not one message per client; a flush sends what is pending at once and nothing twice.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiEvents } from '../../../../main/api';
import type { Client, ClientId } from '../../../../shared/domain';
import type { EventName } from '../../../../shared/ipc';

const client = (id: number, power: Client['power']): Client =>
  ({ id: id as ClientId, hostName: `pc-${id}`, power }) as Client;
const TICK_MS = 20;

describe('ApiEvents client changes', () => {
  const events = new ApiEvents(() => undefined, TICK_MS);
  afterEach(() => events.flushClientChanges());

  it('sends one clients:changed per tick with every client once, latest copy winning', async () => {
    const seen: Array<{ event: EventName; payload: unknown }> = [];
    const off = events.subscribe((event, payload) => seen.push({ event, payload }));
    for (let i = 1; i <= 1000; i += 1) events.clientChanged(client(i, 'soft-off'));
    events.clientChanged(client(5, 'on'));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS * 5));
    off();
    expect(seen).toHaveLength(1);
    const batch = seen[0]?.payload as { clients: Client[] };
    expect(seen[0]?.event).toBe('clients:changed');
    expect(batch.clients).toHaveLength(1000);
    expect(batch.clients.find((c) => c.id === 5)?.power).toBe('on');
  });

  it('flushes pending changes at once and sends nothing more at the tick', async () => {
    const seen: EventName[] = [];
    const off = events.subscribe((event) => seen.push(event));
    events.clientChanged(client(1, 'on'));
    events.flushClientChanges();
    expect(seen).toEqual(['clients:changed']);
    events.flushClientChanges();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS * 3));
    off();
    expect(seen).toEqual(['clients:changed']);
  });
});
