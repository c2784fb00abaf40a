// The router refuses what the untrusted renderer may send before any handler runs: unknown channels,
// malformed, oversized, too deep or over-specified (.strict()) requests; and it turns throws into replies.
import { describe, expect, it } from 'vitest';
import { ApiError, createRouter, type Handlers } from '../../../../main/api';
import { AmtError } from '../../../../shared/domain';
import { CHANNELS, type Channel } from '../../../../shared/ipc';

const context = { transport: 'test' } as const;

function recordingHandlers(calls: string[], override: Partial<Record<Channel, () => Promise<unknown>>> = {}): Handlers {
  const handlers: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(CHANNELS) as Channel[]) {
    handlers[channel] = async (request) => {
      calls.push(`${channel} ${JSON.stringify(request)}`);
      return override[channel] ? override[channel]() : { echoed: request };
    };
  }
  return handlers as unknown as Handlers;
}

describe('createRouter', () => {
  it('passes a valid request to its handler and wraps the value', async () => {
    const calls: string[] = [];
    const router = createRouter(recordingHandlers(calls));
    const reply = await router.handle('power:action', { ids: [1, 2], action: 'on', confirmed: false }, context);
    expect(reply).toEqual({ ok: true, value: { echoed: { ids: [1, 2], action: 'on', confirmed: false } } });
    expect(calls).toHaveLength(1);
  });

  it('refuses an unknown channel, including names inherited from Object.prototype', async () => {
    const calls: string[] = [];
    const router = createRouter(recordingHandlers(calls));
    for (const name of ['clients:explode', '__proto__', 'constructor', 'toString']) {
      const reply = await router.handle(name, {}, context);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses malformed requests with invalid-request naming the field, before the handler', async () => {
    const calls: string[] = [];
    const router = createRouter(recordingHandlers(calls));
    const cases: Array<[string, unknown, RegExp]> = [
      ['power:action', { ids: [1], action: 'explode', confirmed: true }, /action/],
      ['power:action', { ids: [], action: 'on', confirmed: true }, /ids/],
      ['power:action', { ids: ['1'], action: 'on', confirmed: true }, /ids\.0/],
      ['power:action', { ids: [1.5], action: 'on', confirmed: true }, /ids\.0/],
      ['power:action', { ids: [1], action: 'on' }, /confirmed/],
      ['clients:details', null, /expected object/i],
      ['clients:details', 'id=1', /expected object/i],
      ['clients:add', { hostName: 'x'.repeat(256), ip: '127.0.0.1' }, /hostName/],
      ['audit:list', { limit: 100000 }, /limit/],
    ];
    for (const [channel, request, field] of cases) {
      const reply = await router.handle(channel, request, context);
      expect(reply.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code).toBe('invalid-request');
      expect(reply.error.message).toMatch(field);
    }
    expect(calls).toEqual([]);
  });

  it('refuses extra fields (.strict()) and never echoes their values', async () => {
    const calls: string[] = [];
    const router = createRouter(recordingHandlers(calls));
    const reply = await router.handle('fleet:snapshot', { sneaky: 'Secret-Value-1!' }, context);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(reply)).toContain('sneaky');
    expect(JSON.stringify(reply)).not.toContain('Secret-Value-1!');
    const tooLongPassword = await router.handle(
      'profiles:set',
      { scope: 'default', targetId: null, user: 'admin', password: 'P@ssw0rd-'.repeat(10) },
      context,
    );
    expect(tooLongPassword).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(tooLongPassword)).not.toContain('P@ssw0rd-');
    expect(calls).toEqual([]);
  });

  it('refuses oversized and deeply nested payloads without walking all of them', async () => {
    const calls: string[] = [];
    const router = createRouter(recordingHandlers(calls), { maxRequestBytes: 1024 });
    const big = await router.handle('clients:import-csv', { csv: 'a'.repeat(2000) }, context);
    expect(big).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/larger than 1024 bytes/) },
    });
    let deep: unknown = { id: 1 };
    for (let i = 0; i < 50; i++) deep = { nested: deep };
    const nested = await router.handle('clients:details', deep, context);
    expect(nested).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/nested deeper/) },
    });
    const cyclic: Record<string, unknown> = { ids: [1], action: 'on', confirmed: true };
    cyclic.self = cyclic;
    const loop = await router.handle('power:action', cyclic, context);
    expect(loop).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const manyIds = await router.handle(
      'clients:remove',
      { ids: Array.from({ length: 10_001 }, (_, i) => i + 1) },
      context,
    );
    expect(manyIds).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it('maps thrown errors to a code and words, never a stack or an internal message', async () => {
    const logged: string[] = [];
    const router = createRouter(
      recordingHandlers([], {
        'clients:details': async () => {
          throw new ApiError('not-found', 'That client no longer exists.');
        },
        'clients:refresh': async () => {
          throw new AmtError('auth-failed', 'HTTP 401 after a fresh challenge', { endpoint: '127.0.0.9:16993' });
        },
        'fleet:snapshot': async () => {
          throw new Error('SQLITE_CORRUPT at /home/someone/.config/db.sqlite');
        },
      }),
      { log: (line) => logged.push(line) },
    );
    expect(await router.handle('clients:details', { id: 1 }, context)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That client no longer exists.' },
    });
    expect(await router.handle('clients:refresh', { ids: [1] }, context)).toEqual({
      ok: false,
      error: { code: 'auth-failed', message: 'Wrong user name or password.' },
    });
    const internal = await router.handle('fleet:snapshot', {}, context);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toMatch(/SQLITE|home|at /);
    expect(logged.join('\n')).toContain('SQLITE_CORRUPT');
  });
});
