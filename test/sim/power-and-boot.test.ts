// Power transitions and boot control of the simulator (§2.4–2.6), driven with envelopes from Intel's
// wsman-messages library (a real client's requests) over real sockets.
import { AMT, CIM } from '@device-management-toolkit/wsman-messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, POWER_OFF_SOFT, POWER_ON, type Fleet, type SimDevice } from './index';
import { firstText, wsmanCall, type RawResponse } from './sim-test-client';

const cim = new CIM.Messages();
const amt = new AMT.Messages();
let fleet: Fleet;

beforeAll(async () => {
  // timeScale 0.25: a power-on from soft-off takes about one second, long enough to observe the old state.
  fleet = await startFleet({
    count: 4,
    seed: 'power',
    baseAddress: '127.20.3.1',
    ephemeralPorts: true,
    timeScale: 0.25,
  });
});
afterAll(async () => {
  await fleet?.close();
});

const call = (device: SimDevice, envelope: string): Promise<RawResponse> =>
  wsmanCall({ host: device.host, port: device.httpPort }, device, envelope);

async function requestPower(device: SimDevice, value: number): Promise<number> {
  const r = await call(device, cim.PowerManagementService.RequestPowerStateChange(value as never));
  expect(r.status).toBe(200);
  expect(r.body).toContain('<g:RequestPowerStateChange_OUTPUT><g:ReturnValue>');
  return Number(firstText(r.body, 'ReturnValue'));
}

async function readPowerState(device: SimDevice): Promise<number> {
  const enumerated = await call(device, cim.ServiceAvailableToElement.Enumerate());
  const context = firstText(enumerated.body, 'EnumerationContext') ?? '';
  const pulled = await call(device, cim.ServiceAvailableToElement.Pull(context));
  expect(pulled.body).toContain('<h:CIM_AssociatedPowerManagementService>');
  return Number(firstText(pulled.body, 'PowerState'));
}

async function waitForState(device: SimDevice, state: number): Promise<void> {
  for (let i = 0; i < 200 && (device.getPowerState() !== state || device.isPowerTransitionPending()); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(device.getPowerState()).toBe(state);
}

describe('simulator power state machine', () => {
  it('powers on from soft-off: PowerState reads 8 during the transition, then 2; a second change meanwhile is refused', async () => {
    const device = fleet.devices[0] as SimDevice;
    device.setPowerState(POWER_OFF_SOFT);
    expect(await readPowerState(device)).toBe(8);
    expect(await requestPower(device, 2)).toBe(0);
    expect(await readPowerState(device)).toBe(8);
    expect(await requestPower(device, 8)).toBe(2); // busy: one change at a time
    await waitForState(device, POWER_ON);
    expect(await readPowerState(device)).toBe(2);
  });

  it('refuses graceful actions while the host is off and unsupported values always', async () => {
    const device = fleet.devices[1] as SimDevice;
    device.setPowerState(POWER_OFF_SOFT);
    for (const graceful of [12, 14, 4, 7]) expect(await requestPower(device, graceful)).toBe(2);
    expect(await requestPower(device, 10)).toBe(2); // reset needs the host on
    for (const unsupported of [3, 6, 9, 13, 99]) expect(await requestPower(device, unsupported)).toBe(2);
    expect(device.getPowerState()).toBe(POWER_OFF_SOFT);
  });

  it('runs graceful shutdown and sleep while on', async () => {
    const device = fleet.devices[2] as SimDevice;
    device.setPowerState(POWER_ON);
    expect(await requestPower(device, 4)).toBe(0);
    await waitForState(device, 4);
    expect(await requestPower(device, 2)).toBe(0);
    await waitForState(device, POWER_ON);
    expect(await requestPower(device, 12)).toBe(0);
    await waitForState(device, POWER_OFF_SOFT);
  });

  it('answers every power call busy while the busy fault is on', async () => {
    const device = fleet.devices[2] as SimDevice;
    device.setPowerState(POWER_ON);
    device.setFault('busy', true);
    expect(await requestPower(device, 10)).toBe(2);
    device.setFault('busy', false);
    expect(await requestPower(device, 11)).toBe(0);
  });
});

describe('simulator boot control', () => {
  it('records boot settings and applies them once at the next reset', async () => {
    const device = fleet.devices[3] as SimDevice;
    device.setPowerState(POWER_ON);
    const got = await call(device, amt.BootSettingData.Get());
    expect(firstText(got.body, 'InstanceID')).toBe('Intel(r) AMT:BootSettingData 0');
    expect((await call(device, cim.BootConfigSetting.ChangeBootOrder())).body).toContain(
      '<g:ReturnValue>0</g:ReturnValue>',
    );
    const put = await call(
      device,
      amt.BootSettingData.Put({
        BIOSSetup: false,
        UseSOL: true,
        UseIDER: false,
        InstanceID: 'Intel(r) AMT:BootSettingData 0',
      } as never),
    );
    expect(put.status).toBe(200);
    expect(put.body).toContain('http://schemas.xmlsoap.org/ws/2004/09/transfer/PutResponse');
    expect(firstText(put.body, 'UseSOL')).toBe('true');
    expect(
      await call(device, cim.BootService.SetBootConfigRole('Intel(r) AMT: Boot Configuration 0', 1 as never)).then(
        (r) => r.body,
      ),
    ).toContain('<g:SetBootConfigRole_OUTPUT><g:ReturnValue>0</g:ReturnValue>');
    const order = await call(device, cim.BootConfigSetting.ChangeBootOrder('Intel(r) AMT: Force PXE Boot' as never));
    expect(order.body).toContain('<g:ChangeBootOrder_OUTPUT><g:ReturnValue>0</g:ReturnValue>');
    expect(device.nextBoot()).toMatchObject({ target: 'pxe', useSol: true, role: 1 });
    expect(await requestPower(device, 10)).toBe(0);
    await waitForState(device, POWER_ON);
    for (let i = 0; i < 100 && device.isPowerTransitionPending(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(device.lastBoot()?.plan).toMatchObject({
      target: 'pxe',
      source: 'Intel(r) AMT: Force PXE Boot',
      useSol: true,
    });
    expect(device.nextBoot().target).toBe('default');
  });

  it('refuses a Put that carries read-only fields, like the firmware', async () => {
    const device = fleet.devices[3] as SimDevice;
    const r = await call(
      device,
      amt.BootSettingData.Put({ BIOSSetup: true, WinREBootEnabled: true, BIOSLastStatus: 0 } as never),
    );
    expect(r.status).toBe(400);
    expect(r.body).toContain('<a:Fault>');
    expect(device.nextBoot().biosSetup).toBe(false);
  });

  it('returns a non-zero ReturnValue for an unknown boot source', async () => {
    const device = fleet.devices[3] as SimDevice;
    const r = await call(device, cim.BootConfigSetting.ChangeBootOrder('Some Other Vendor: Boot' as never));
    expect(Number(firstText(r.body, 'ReturnValue'))).not.toBe(0);
  });
});
