// Redirection settings and user consent of the simulator (§2.7, §2.8) over real sockets, with envelopes from
// Intel's wsman-messages library: the configuration a console reads and writes before SOL/IDE-R/KVM.
import { AMT, CIM, IPS } from '@device-management-toolkit/wsman-messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimDevice } from './index';
import { firstText, wsmanCall, type RawResponse } from './sim-test-client';

const amt = new AMT.Messages();
const cim = new CIM.Messages();
const ips = new IPS.Messages();
let fleet: Fleet;
let device: SimDevice;

beforeAll(async () => {
  fleet = await startFleet({ count: 1, seed: 'consent', baseAddress: '127.20.14.1', ephemeralPorts: true, optInRequired: 4294967295 });
  device = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  await fleet?.close();
});

const call = (envelope: string): Promise<RawResponse> => wsmanCall({ host: device.host, port: device.httpPort }, device, envelope);
const returnValue = async (envelope: string): Promise<number> => Number(firstText((await call(envelope)).body, 'ReturnValue'));

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
    for (let i = 1; i <= 3; i++) expect(await returnValue(ips.OptInService.SendOptInCode((code + i) % 1_000_000))).toBe(2);
    expect(device.optInCode()).toBeNull();
    expect(await returnValue(ips.OptInService.SendOptInCode(code))).toBe(2);
  });
});
