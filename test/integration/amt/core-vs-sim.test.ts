// The console core (transport → WsmanClient → operations) against the AMT simulator over real loopback
// sockets: TLS pinning, digest round trips, power, boot, enumeration paging, and each simulator fault
// turned into a specific error. Loopback range of this file: 127.100.0.0/16.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertFingerprint } from '../../../shared/domain';
import {
  MemoryPinStore,
  WsmanClient,
  bootTo,
  createWsmanTransport,
  getFirmwareVersion,
  getGeneralSettings,
  getPowerState,
  requestPowerAction,
  type TransportOptions,
  type WsmanTransport,
} from '../../../main/amt/index';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';
import { expectAmtError } from '../../support/expect-amt-error';

const PASSWORD = 'Sim-Core-Pass9!';
const POLL_LIMIT = 100;
const POLL_INTERVAL_MS = 50;

let fleet: Fleet;
const opened: WsmanTransport[] = [];

function device(index: number): SimDevice {
  const d = fleet.devices[index];
  if (!d) throw new Error(`no simulated device ${index}`);
  return d;
}

function connect(
  d: SimDevice,
  extra: Partial<TransportOptions> = {},
): { transport: WsmanTransport; client: WsmanClient } {
  const transport = createWsmanTransport({
    endpoint: { host: d.host, httpPort: d.httpPort, tlsPort: d.tlsPort },
    credentials: { user: d.user, password: PASSWORD },
    tlsPolicy: 'tls-only',
    pins: new MemoryPinStore(),
    connectTimeoutMs: 2_000,
    readTimeoutMs: 2_000,
    ...extra,
  });
  opened.push(transport);
  return { transport, client: new WsmanClient(transport) };
}

beforeAll(async () => {
  fleet = await startFleet({
    count: 12,
    baseAddress: '127.100.0.1',
    password: PASSWORD,
    timeScale: 0.02,
    withoutAmt: [11],
    maxItemsPerPull: 1,
    nonceLifetimeMs: 60_000,
  });
});

afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});

afterAll(async () => {
  await fleet?.close();
});

describe('core against the simulator', () => {
  it('pins the certificate on first contact and refuses a changed one, naming both fingerprints', async () => {
    const d = device(0);
    const pins = new MemoryPinStore();
    const first = connect(d, { pins });
    const settings = await getGeneralSettings(first.client);
    expect(settings.hostName).toBe(d.hostName);
    const pinned = pins.get(`${d.host}:${d.tlsPort}`);
    expect(pinned).toBe(d.certificateFingerprint().toLowerCase());
    expect(first.transport.negotiated?.tls).toBe(true);

    d.setFault('certChange', true);
    const presented = d.certificateFingerprint().toLowerCase();
    expect(presented).not.toBe(pinned);
    const second = connect(d, { pins });
    const error = await expectAmtError(getGeneralSettings(second.client));
    expect(error.code).toBe('tls-pin-mismatch');
    expect(error.message).toContain(String(pinned));
    expect(error.message).toContain(presented);
    expect(error.message).not.toContain(PASSWORD);

    // The user compares the fingerprint with the device and accepts it explicitly.
    const third = connect(d, { pins, explicitPin: presented as CertFingerprint });
    expect((await getGeneralSettings(third.client)).hostName).toBe(d.hostName);
    expect(pins.get(`${d.host}:${d.tlsPort}`)).toBe(presented);
    d.setFault('certChange', false);
  });

  it('costs two HTTP requests for the first call and one for each warm call', async () => {
    const { transport, client } = connect(device(1), { tlsPolicy: 'http-only' });
    await getGeneralSettings(client);
    expect(transport.stats.requests).toBe(2);
    await getGeneralSettings(client);
    await getGeneralSettings(client);
    expect(transport.stats.requests).toBe(4);
  });

  it('reads firmware version and enumerates every page when the device returns one item per Pull', async () => {
    const d = device(2);
    const { client } = connect(d);
    const firmware = await getFirmwareVersion(client);
    expect(firmware.source).toBe('software-identity');
    expect(firmware.version.startsWith(d.amtVersion.split('.').slice(0, 2).join('.'))).toBe(true);
    const identities = await client.enumerate('CIM_SoftwareIdentity');
    expect(identities.length).toBeGreaterThan(5);
  });

  it('powers a soft-off device on and sees it reach S0', async () => {
    const d = device(3);
    d.setPowerState(8);
    const { client } = connect(d);
    expect((await getPowerState(client)).state).toBe('soft-off');
    const result = await requestPowerAction(client, 'on');
    expect(result.returnValue).toBe(0);
    let state = (await getPowerState(client)).state;
    for (let i = 0; i < POLL_LIMIT && state !== 'on'; i++) {
      await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
      state = (await getPowerState(client)).state;
    }
    expect(state).toBe('on');
  });

  it('sets the next boot to BIOS setup and resets a running device into it', async () => {
    const d = device(4);
    d.setPowerState(2);
    const { client } = connect(d);
    const result = await bootTo(client, 'bios');
    expect(result.powerAction).toBe('reset');
    const plan = d.lastBoot()?.plan ?? d.nextBoot();
    expect(plan.biosSetup).toBe(true);
  });

  it('re-challenges once when the device expires a cached nonce, and succeeds', async () => {
    const d = device(5);
    const { transport, client } = connect(d, { tlsPolicy: 'http-only' });
    await getGeneralSettings(client); // probe + authenticated request: the nonce is now cached
    d.setFault('staleNonce', true);
    try {
      const before = transport.stats.requests;
      expect((await getGeneralSettings(client)).hostName).toBe(d.hostName);
      // The cached nonce is refused once, the retry with the new nonce succeeds: two requests, no failure.
      expect(transport.stats.requests - before).toBe(2);
    } finally {
      d.setFault('staleNonce', false);
    }
  });

  it('turns a wrong password into auth-failed after one failed login and stops using it', async () => {
    const d = device(6);
    const { transport, client } = connect(d, { credentials: { user: d.user, password: 'Wrong-Pass1!' } });
    const before = d.stats.unauthorized;
    const error = await expectAmtError(getGeneralSettings(client));
    expect(error.code).toBe('auth-failed');
    expect(error.message).not.toContain('Wrong-Pass1!');
    const sent = transport.stats.requests;
    expect((await expectAmtError(getGeneralSettings(client))).code).toBe('auth-failed');
    expect(transport.stats.requests).toBe(sent);
    // The unauthenticated probe and the one rejected login: never a loop towards the lockout.
    expect(d.stats.unauthorized - before).toBe(2);
  });

  it('reports a device without AMT as unreachable', async () => {
    const d = device(11);
    expect(d.hasAmt).toBe(false);
    const error = await expectAmtError(getGeneralSettings(connect(d, { tlsPolicy: 'tls-then-http' }).client));
    expect(error.code).toBe('unreachable');
  });

  const faults = [
    { fault: 'malformedXml', code: 'malformed-xml' },
    { fault: 'dropMidResponse', code: 'connection-closed' },
    { fault: 'garbage', code: 'malformed-http' },
    { fault: 'noAnswer', code: 'timeout' },
  ] as const;
  for (const { fault, code } of faults) {
    it(`turns the simulator's ${fault} fault into ${code}`, async () => {
      const d = device(7);
      d.setFault(fault, true);
      try {
        const { client } = connect(d, { tlsPolicy: 'http-only', readTimeoutMs: 500 });
        const error = await expectAmtError(getGeneralSettings(client));
        expect(error.code).toBe(code);
        expect(error.message.length).toBeGreaterThan(10);
      } finally {
        d.setFault(fault, false);
      }
    });
  }

  it('reports a busy device refusing a power change as amt-status', async () => {
    const d = device(8);
    d.setFault('busy', true);
    try {
      const error = await expectAmtError(requestPowerAction(connect(d).client, 'reset'));
      expect(error.code).toBe('amt-status');
      expect(error.detail.returnValue).toBeGreaterThan(0);
    } finally {
      d.setFault('busy', false);
    }
  });
});
