// Unit tests for `amtctl sim` loading (main/cli/commands/sim.ts): a missing or wrong bundle is a clear
// error, not a crash; a present one is started, printed and closed when the stop signal arrives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSim } from '../../../../main/cli/commands/sim';

const dir = mkdtempSync(join(tmpdir(), 'amtctl-sim-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `amtctl sim` on a bundle file in the temp folder, collecting stderr. */
async function runSimOn(bundle: string): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await runSim({
    count: 1,
    json: false,
    baseAddress: undefined,
    timeScale: undefined,
    initialPower: undefined,
    out: () => undefined,
    err: (t) => err.push(t),
    stopSignal: () => new Promise(() => undefined),
    bundleUrl: pathToFileURL(join(dir, bundle)),
  });
  return { code, err };
}

describe('runSim', () => {
  it('says the simulator is not built when the bundle is missing', async () => {
    const { code, err } = await runSimOn('missing.mjs');
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(
      /the simulator is not built \(.*missing\.mjs is missing\); run 'npm run build' first/,
    );
  });

  it('refuses a bundle without startFleet', async () => {
    writeFileSync(join(dir, 'wrong.mjs'), 'export const nothing = 1;\n');
    const { code, err } = await runSimOn('wrong.mjs');
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('does not export startFleet()');
  });

  it('prints one JSON line per device and closes the fleet when asked to stop', async () => {
    // A stand-in bundle with the simulator's shape records what it was asked to do.
    writeFileSync(
      join(dir, 'fake.mjs'),
      `export const calls = [];
export async function startFleet(options) {
  calls.push(['start', options]);
  const devices = Array.from({ length: options.count }, (_, i) => ({
    host: '127.50.9.' + (i + 1), httpPort: 16992, tlsPort: 16993, user: 'admin', password: 'P', mac: '00-00-00-00-00-0' + i, amtVersion: '15.0.23',
  }));
  return { devices, close: async () => { calls.push(['close']); } };
}
`,
    );
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const out: string[] = [];
    const run = runSim({
      count: 2,
      json: true,
      baseAddress: '127.50.9.1',
      timeScale: 0.5,
      initialPower: 'soft-off',
      out: (t) => out.push(t),
      err: () => undefined,
      stopSignal: () => stopped,
      bundleUrl: pathToFileURL(join(dir, 'fake.mjs')),
    });
    const fake = (await import(pathToFileURL(join(dir, 'fake.mjs')).href)) as { calls: unknown[][] };
    for (let i = 0; i < 100 && out.length < 2; i++) await new Promise((r) => setImmediate(r)); // bounded
    expect(out.map((l) => JSON.parse(l))).toEqual([
      {
        host: '127.50.9.1',
        httpPort: 16992,
        tlsPort: 16993,
        user: 'admin',
        password: 'P',
        mac: '00-00-00-00-00-00',
        amtVersion: '15.0.23',
      },
      {
        host: '127.50.9.2',
        httpPort: 16992,
        tlsPort: 16993,
        user: 'admin',
        password: 'P',
        mac: '00-00-00-00-00-01',
        amtVersion: '15.0.23',
      },
    ]);
    expect(fake.calls).toEqual([
      ['start', { count: 2, baseAddress: '127.50.9.1', timeScale: 0.5, initialPowerState: 8 }],
    ]);
    stop('SIGTERM');
    expect(await run).toBe(0);
    expect(fake.calls.at(-1)).toEqual(['close']);
  });
});
