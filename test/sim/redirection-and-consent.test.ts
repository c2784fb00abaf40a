// Redirection settings and user consent of the simulator (§2.7, §2.8) over real sockets, with envelopes from
// Intel's wsman-messages library: the configuration a console reads and writes before SOL/IDE-R/KVM.
import net from 'node:net';
import { AMT, CIM, IPS } from '@device-management-toolkit/wsman-messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimDevice } from './index';
import { ACTIONS, firstText, NS, requestEnvelope, wsmanCall, type RawResponse } from './sim-test-client';

const CODE_TIMEOUT_MS = 400;
const STATUS_OK = 0;
const STATUS_UNSUPPORTED = 3;
const STATUS_ERROR = 0xff;
const SESSION_IDS = { sol: 'SOL ', ider: 'IDER' } as const;
const amt = new AMT.Messages();
const cim = new CIM.Messages();
const ips = new IPS.Messages();
let fleet: Fleet;
let device: SimDevice;

beforeAll(async () => {
  fleet = await startFleet({
    count: 1,
    seed: 'consent',
    baseAddress: '127.20.14.1',
    ephemeralPorts: true,
    optInRequired: 4294967295,
    optInCodeTimeoutMs: CODE_TIMEOUT_MS,
  });
  device = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  await fleet?.close();
});

const call = (envelope: string): Promise<RawResponse> =>
  wsmanCall({ host: device.host, port: device.httpPort }, device, envelope);
const returnValue = async (envelope: string): Promise<number> =>
  Number(firstText((await call(envelope)).body, 'ReturnValue'));

describe('simulator redirection settings', () => {
  it('changes SOL/IDER enablement through RequestStateChange and refuses values outside 32768..32771', async () => {
    expect(await returnValue(amt.RedirectionService.RequestStateChange(32769 as never))).toBe(0);
    expect(firstText((await call(amt.RedirectionService.Get())).body, 'EnabledState')).toBe('32769');
    expect(await returnValue(amt.RedirectionService.RequestStateChange(5 as never))).not.toBe(0);
    expect(device.redirectionSettings().enabledState).toBe(32769);
  });

  it('enables and disables KVM through CIM_KVMRedirectionSAP', async () => {
    expect(await returnValue(cim.KVMRedirectionSAP.RequestStateChange(3 as never))).toBe(0);
    expect(firstText((await call(cim.KVMRedirectionSAP.Get())).body, 'EnabledState')).toBe('3');
    expect(await returnValue(cim.KVMRedirectionSAP.RequestStateChange(2 as never))).toBe(0);
    expect(device.redirectionSettings().kvmEnabledState).toBe(6);
  });
});

describe('simulator user consent', () => {
  it('shows a code on StartOptIn, refuses a wrong code, accepts the displayed one', async () => {
    expect(firstText((await call(ips.OptInService.Get())).body, 'OptInRequired')).toBe('4294967295');
    expect(await returnValue(ips.OptInService.StartOptIn())).toBe(0);
    expect(await returnValue(ips.OptInService.StartOptIn())).toBe(2); // a code is already displayed
    const code = device.optInCode();
    expect(code).not.toBeNull();
    expect(firstText((await call(ips.OptInService.Get())).body, 'OptInState')).toBe('2');
    expect(await returnValue(ips.OptInService.SendOptInCode(((code as number) + 1) % 1_000_000))).toBe(2);
    expect(await returnValue(ips.OptInService.SendOptInCode(code as number))).toBe(0);
    expect(device.redirectionSettings().optInState).toBe(3);
    expect(await returnValue(ips.OptInService.CancelOptIn())).toBe(0);
    expect(device.redirectionSettings().optInState).toBe(0);
  });

  it('drops the displayed code after three wrong codes [unconfirmed count]', async () => {
    expect(await returnValue(ips.OptInService.StartOptIn())).toBe(0);
    const code = device.optInCode() as number;
    for (let i = 1; i <= 3; i++)
      expect(await returnValue(ips.OptInService.SendOptInCode((code + i) % 1_000_000))).toBe(2);
    expect(device.optInCode()).toBeNull();
    expect(await returnValue(ips.OptInService.SendOptInCode(code))).toBe(2);
  });
});

/** StartRedirectionSession of one kind on the plain redirection port: the reply's status byte, or the socket error. */
function startSessionStatus(kind: 'sol' | 'ider'): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: device.host, port: device.redirectionPort });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no reply');
    }, 3000);
    const done = (result: number | string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const start = Buffer.concat([Buffer.from([0x10, 0, 0, 0]), Buffer.from(SESSION_IDS[kind], 'latin1')]);
    socket.on('connect', () => socket.write(start));
    socket.on('data', (data: Buffer) => done(data[0] === 0x11 ? (data[1] as number) : `type ${data[0] ?? '?'}`));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

describe('simulator enforcement on the redirection port', () => {
  it('refuses SOL and IDE-R without consent in client control mode, admits them once the code was given', async () => {
    expect(await returnValue(ips.OptInService.CancelOptIn())).toBe(0);
    await device.configureRedirection({ enabledState: 32771 });
    expect(await startSessionStatus('sol')).toBe(STATUS_ERROR);
    expect(await startSessionStatus('ider')).toBe(STATUS_ERROR);
    expect(await returnValue(ips.OptInService.StartOptIn())).toBe(0);
    expect(await returnValue(ips.OptInService.SendOptInCode(device.optInCode() as number))).toBe(0);
    expect(await startSessionStatus('sol')).toBe(STATUS_OK);
  });

  it('lets a displayed code expire after OptInCodeTimeout: the right code is then refused', async () => {
    expect(await returnValue(ips.OptInService.StartOptIn())).toBe(0);
    expect(firstText((await call(ips.OptInService.Get())).body, 'OptInCodeTimeout')).toBe('1');
    const code = device.optInCode() as number;
    await new Promise((r) => setTimeout(r, CODE_TIMEOUT_MS + 200));
    expect(device.optInCode()).toBeNull();
    expect(firstText((await call(ips.OptInService.Get())).body, 'OptInState')).toBe('0');
    expect(await returnValue(ips.OptInService.SendOptInCode(code))).toBe(2);
  });

  it('refuses a type switched off in EnabledState, closes the ports while ListenerEnabled is false', async () => {
    await device.configureRedirection({ enabledState: 32769 }); // IDE-R only
    // No consent needed for the next checks (admin control mode):
    const uri = `${NS.ips}IPS_OptInService`;
    const body = `<h:IPS_OptInService xmlns:h="${uri}"><h:OptInRequired>0</h:OptInRequired></h:IPS_OptInService>`;
    const putOptIn = requestEnvelope({ action: ACTIONS.put, resourceUri: uri, messageId: '7', body });
    expect((await call(putOptIn)).status).toBe(200);
    expect(device.redirectionSettings().optInRequired).toBe(0);
    expect(await startSessionStatus('sol')).toBe(STATUS_UNSUPPORTED);
    expect(await startSessionStatus('ider')).toBe(STATUS_OK);
    await device.configureRedirection({ listenerEnabled: false });
    expect(await startSessionStatus('ider')).toBe('ECONNREFUSED');
    // Over WS-Man, as a console turns it on (Put ListenerEnabled, RequestStateChange 32771): the ports come back.
    const put = amt.RedirectionService.Put({
      CreationClassName: 'AMT_RedirectionService',
      ElementName: 'Intel(r) AMT Redirection Service',
      EnabledState: 32771,
      ListenerEnabled: true,
      Name: 'Intel(r) AMT Redirection Service',
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: 'Intel(r) AMT',
    } as never);
    expect((await call(put)).status).toBe(200);
    expect(await returnValue(amt.RedirectionService.RequestStateChange(32771 as never))).toBe(0);
    await device.configureRedirection({});
    expect(await startSessionStatus('sol')).toBe(STATUS_OK);
  });
});
