// AMT operations over WsmanClient, driven by FixtureTransport (a stand-in for the wire, tested separately).
import { describe, expect, it } from 'vitest';
import { WsmanClient } from '../../../../main/amt/wsman-client';
import { getPowerState, requestPowerAction } from '../../../../main/amt/power';
import { getFirmwareVersion, versionFromServerHeader } from '../../../../main/amt/firmware';
import { getGeneralSettings } from '../../../../main/amt/general-settings';
import { getEthernetPorts } from '../../../../main/amt/network';
import { platformGuidToUuid } from '../../../../main/amt/platform-uuid';
import { getHardwareInventory } from '../../../../main/amt/inventory';
import { bootSettingsFor, bootTo, BOOT_TARGETS, setNextBoot } from '../../../../main/amt/boot';
import { FixtureTransport, fixture, type Reply } from './fixture-transport';
import { expectAmtError } from '../../../support/expect-amt-error';

function clientOf(replies: ReadonlyArray<Reply | string>): { client: WsmanClient; transport: FixtureTransport } {
  const transport = new FixtureTransport(replies);
  return { client: new WsmanClient(transport), transport };
}

const ENUMERATE = fixture('CIM_SoftwareIdentity.Enumerate.xml');
const ON = fixture('CIM_ServiceAvailableToElement.Pull.xml');
/** The same association answer with PowerState 8 (soft off). */
const OFF = ON.replace(/<h:PowerState>2<\/h:PowerState>/, '<h:PowerState>8</h:PowerState>');
const GET_OFF = fixture('CIM_AssociatedPowerManagementService.Get.xml');
/** The same Get answer with PowerState 2 (on). */
const GET_ON = GET_OFF.replace(/<g:PowerState>8<\/g:PowerState>/, '<g:PowerState>2</g:PowerState>');
const UNREACHABLE = fixture('Fault.DestinationUnreachable.xml');
const POWER_OK = fixture('CIM_PowerManagementService.RequestPowerStateChange.xml');
const BOOT_ORDER_OK = fixture('CIM_BootConfigSetting.ChangeBootOrder.xml');
const ROLE_OK = fixture('CIM_BootService.SetBootConfigRole.xml');
/** No captured BootSettingData PutResponse exists; AMT answers a Put with the instance, as a Get does. */
const BOOT_PUT = fixture('AMT_BootSettingData.Get.xml');

describe('power', () => {
  it('reads PowerState in one Get of CIM_AssociatedPowerManagementService', async () => {
    const { client, transport } = clientOf([GET_OFF]);
    expect(await getPowerState(client)).toEqual({ state: 'soft-off', value: 8, availableRequests: [2] });
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]).toContain('CIM_AssociatedPowerManagementService</w:ResourceURI>');
    expect(transport.requests[0]).toContain('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action>');
  });

  it('falls back to enumerating CIM_ServiceAvailableToElement when the Get is refused with a fault', async () => {
    const { client, transport } = clientOf([{ body: UNREACHABLE, status: 400 }, ENUMERATE, ON]);
    expect(await getPowerState(client)).toEqual({ state: 'on', value: 2, availableRequests: expect.any(Array) });
    expect(transport.requests[1]).toContain('CIM_ServiceAvailableToElement</w:ResourceURI>');
  });

  it('reads PowerState 8 as soft-off through the fallback too', async () => {
    const { client } = clientOf([{ body: UNREACHABLE, status: 400 }, ENUMERATE, OFF]);
    const reading = await getPowerState(client);
    expect(reading.state).toBe('soft-off');
    expect(reading.value).toBe(8);
  });

  it('refuses an empty association', async () => {
    const { client } = clientOf([
      { body: UNREACHABLE, status: 400 },
      ENUMERATE,
      fixture('AMT_PublicKeyCertificate.Pull.empty.xml'),
    ]);
    expect((await expectAmtError(getPowerState(client))).message).toMatch(/returned no instance/);
  });

  it('does not hide a wire error behind the fallback', async () => {
    const { client } = clientOf([{ body: 'not xml', status: 200 }]);
    expect((await expectAmtError(getPowerState(client))).code).toBe('malformed-xml');
  });

  it('sends the value of the shared POWER_ACTIONS table', async () => {
    const { client, transport } = clientOf([POWER_OK, POWER_OK]);
    expect(await requestPowerAction(client, 'reset')).toEqual({ action: 'reset', requestValue: 10, returnValue: 0 });
    await requestPowerAction(client, 'graceful-reset');
    expect(transport.requests[0]).toContain('<h:PowerState>10</h:PowerState>');
    expect(transport.requests[1]).toContain('<h:PowerState>14</h:PowerState>');
    expect(transport.requests[0]).toContain('<Selector Name="Name">ManagedSystem</Selector>');
  });
});

describe('firmware', () => {
  it('joins the AMT VersionString and the Build Number', async () => {
    const { client } = clientOf([ENUMERATE, fixture('CIM_SoftwareIdentity.Pull.xml')]);
    const fw = await getFirmwareVersion(client);
    expect(fw.major).toBe(12);
    expect(fw.minor).toBe(0);
    expect(fw.version).toBe('12.0.67.1579');
    expect(fw.build).toBe(1579);
    expect(fw.sku).toBe('16392');
    expect(fw.source).toBe('software-identity');
  });

  it('falls back to the Server header when the query fails with a fault', async () => {
    const { client } = clientOf([
      {
        body: fixture('AMT_GeneralSettings.Get.xml'),
        headers: { server: 'Intel(R) Active Management Technology 15.0.23.1706' },
      },
      { body: fixture('Fault.DestinationUnreachable.xml'), status: 400 },
    ]);
    await client.get('AMT_GeneralSettings');
    expect(await getFirmwareVersion(client)).toEqual({
      version: '15.0.23.1706',
      major: 15,
      minor: 0,
      patch: 23,
      build: 1706,
      sku: undefined,
      source: 'server-header',
    });
  });

  it('rethrows the fault when no Server header was seen', async () => {
    const { client } = clientOf([{ body: fixture('Fault.DestinationUnreachable.xml'), status: 400 }]);
    expect((await expectAmtError(getFirmwareVersion(client))).code).toBe('wsman-fault');
  });

  it('parses the AMT 11.8 Server header', () => {
    expect(versionFromServerHeader('Intel(R) Active Management Technology 11.8.50.3425')?.version).toBe('11.8.50.3425');
    expect(versionFromServerHeader('Apache')).toBeUndefined();
  });
});

describe('general settings', () => {
  it('reads host name, domain and digest realm', async () => {
    const { client } = clientOf([fixture('AMT_GeneralSettings.Get.pretty.xml')]);
    const g = await getGeneralSettings(client);
    expect(g.hostName).toBe('Test Host Name');
    expect(g.digestRealm).toMatch(/^Digest:/);
    expect(g.fqdn).toBe(g.domainName ? `Test Host Name.${g.domainName}` : 'Test Host Name');
  });

  it('keeps an empty host name empty (raw AMT 15 capture)', async () => {
    const { client } = clientOf([fixture('AMT_GeneralSettings.Get.xml')]);
    const g = await getGeneralSettings(client);
    expect(g).toMatchObject({
      hostName: '',
      domainName: '',
      fqdn: '',
      digestRealm: 'Digest:62FFAC181B3F3457C5B3894ED21F3E6E',
      amtNetworkEnabled: true,
    });
  });
});

describe('network', () => {
  it('reads both Ethernet ports with normalised MACs', async () => {
    const { client } = clientOf([
      fixture('AMT_EthernetPortSettings.Enumerate.xml'),
      fixture('AMT_EthernetPortSettings.Pull.xml'),
    ]);
    const [wired, wireless] = await getEthernetPorts(client);
    expect(wired).toMatchObject({
      kind: 'wired',
      mac: '00:be:43:d8:22:a4',
      dhcpEnabled: true,
      linkUp: true,
      subnetMask: '255.255.255.0',
      defaultGateway: '192.168.6.1',
    });
    expect(wireless).toMatchObject({ kind: 'wireless', mac: undefined, linkUp: false });
  });
});

describe('inventory', () => {
  it('byte-swaps the first three groups of PlatformGUID', () => {
    expect(platformGuidToUuid('44454C4C4B0010428033B6C04F504633')).toBe('4c4c4544-004b-4210-8033-b6c04f504633');
    expect(platformGuidToUuid('00112233445566778899AABBCCDDEEFF')).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(() => platformGuidToUuid('nothex')).toThrowError(/not 32 hex digits/);
  });

  it('collects UUID, BIOS, CPUs, memory, chassis and baseboard', async () => {
    const { client, transport } = clientOf([
      fixture('CIM_ComputerSystemPackage.Get.xml'),
      fixture('CIM_BIOSElement.Get.xml'),
      ENUMERATE,
      fixture('CIM_Processor.Pull.xml'),
      ENUMERATE,
      fixture('CIM_PhysicalMemory.Pull.xml'),
      fixture('CIM_Chassis.Get.xml'),
      fixture('CIM_Card.Get.xml'),
    ]);
    const inv = await getHardwareInventory(client);
    expect(inv.system.uuid).toBe('4c4c4544-004b-4210-8033-b6c04f504633');
    expect(inv.bios).toEqual({
      manufacturer: 'Intel Corp.',
      version: 'QNCFLX70.0054.2020.0810.2227',
      softwareElementId: 'QNCFLX70.0054.2020.0810.2227',
      releaseDate: '2020-08-10T00:00:00Z',
    });
    expect(inv.processors).toEqual([
      { deviceId: 'CPU 0', family: 198, maxClockSpeedMhz: 8300, currentClockSpeedMhz: 2400, cpuStatus: 1 },
    ]);
    expect(inv.memory).toHaveLength(2);
    expect(inv.memory[0]?.capacityBytes).toBe(17179869184);
    expect(inv.memory.map((m) => m.partNumber)).toContain('CT16G4SFD824A.M16FE ');
    expect(inv.chassis.model).toBe('NUC9V7QNX');
    expect(inv.baseboard).toMatchObject({ manufacturer: 'Dell Inc.', model: '0MVDNX', version: 'A00' });
    expect(transport.requests).toHaveLength(8);
  });
});

describe('boot', () => {
  const actionsOf = (t: FixtureTransport) => t.actions().map((a) => a.replace(/^.*\//, ''));

  it('sets PXE in the order of §2.6 and strips read-only fields from the Put', async () => {
    const { client, transport } = clientOf([
      fixture('AMT_BootCapabilities.Get.xml'),
      fixture('AMT_BootSettingData.Get.xml'),
      BOOT_ORDER_OK,
      BOOT_PUT,
      ROLE_OK,
      BOOT_ORDER_OK,
    ]);
    await setNextBoot(client, 'pxe');
    expect(actionsOf(transport)).toEqual([
      'Get',
      'Get',
      'ChangeBootOrder',
      'Put',
      'SetBootConfigRole',
      'ChangeBootOrder',
    ]);
    expect(transport.requests[0]).toContain('AMT_BootCapabilities</w:ResourceURI>');
    expect(transport.requests[2]).not.toContain('<h:Source>');
    const put = transport.requests[3] ?? '';
    for (const field of [
      'WinREBootEnabled',
      'UEFILocalPBABootEnabled',
      'UEFIHTTPSBootEnabled',
      'SecureBootControlEnabled',
      'BootguardStatus',
      'OptionsCleared',
      'BIOSLastStatus',
      'RPEEnabled',
    ]) {
      expect(put, field).not.toContain(field);
    }
    expect(put).toContain('<h:ConfigurationDataReset>false</h:ConfigurationDataReset>');
    expect(put).toContain('<h:BIOSSetup>false</h:BIOSSetup>');
    expect(transport.requests[4]).toContain('Intel(r) AMT: Boot Configuration 0</Selector>');
    expect(transport.requests[4]).toContain('<h:Role>1</h:Role>');
    expect(transport.requests[5]).toContain('Intel(r) AMT: Force PXE Boot</Selector>');
  });

  it('sets BIOS setup with the flag in the Put and no boot source', async () => {
    const { client, transport } = clientOf([
      fixture('AMT_BootCapabilities.Get.xml'),
      fixture('AMT_BootSettingData.Get.xml'),
      BOOT_ORDER_OK,
      BOOT_PUT,
      ROLE_OK,
      BOOT_ORDER_OK,
    ]);
    await setNextBoot(client, 'bios', { useSol: true });
    expect(transport.requests[3]).toContain('<h:BIOSSetup>true</h:BIOSSetup>');
    expect(transport.requests[3]).toContain('<h:UseSOL>true</h:UseSOL>');
    expect(transport.requests[5]).not.toContain('<h:Source>');
  });

  it('sets IDE-R CD with UseIDER and IDERBootDevice 1', () => {
    const current = {
      UseIDER: 'false',
      IDERBootDevice: '0',
      BIOSSetup: 'true',
      OptionsCleared: 'true',
      ElementName: 'x',
    };
    expect(bootSettingsFor(current, BOOT_TARGETS['ider-cd'])).toEqual({
      UseIDER: 'true',
      IDERBootDevice: '1',
      BIOSSetup: 'false',
      ElementName: 'x',
      ConfigurationDataReset: 'false',
      UseSOL: 'false',
    });
  });

  it('never carries a pending erase, UEFI parameters, locks or a password bypass into the Put (issue 12 item 5)', () => {
    const armedByAnotherTool = {
      ElementName: 'Intel(r) AMT Boot Configuration Settings',
      InstanceID: 'Intel(r) AMT:BootSettingData 0',
      SecureErase: 'true',
      PlatformErase: 'true',
      RSEPassword: 'secret-from-elsewhere',
      UefiBootParametersArray: 'AQIDBA==',
      UefiBootNumberOfParams: '2',
      LockKeyboard: 'true',
      LockPowerButton: 'true',
      LockResetButton: 'true',
      LockSleepButton: 'true',
      UserPasswordBypass: 'true',
      BootMediaIndex: '3',
      EnforceSecureBoot: 'true',
      FirmwareVerbosity: '2',
      BIOSSetup: 'true',
      UseSOL: 'true',
    };
    const put = bootSettingsFor(armedByAnotherTool, BOOT_TARGETS.pxe);
    expect(put).toEqual({
      ElementName: 'Intel(r) AMT Boot Configuration Settings',
      InstanceID: 'Intel(r) AMT:BootSettingData 0',
      SecureErase: 'false',
      PlatformErase: 'false',
      UefiBootNumberOfParams: '0',
      LockKeyboard: 'false',
      LockPowerButton: 'false',
      LockResetButton: 'false',
      LockSleepButton: 'false',
      UserPasswordBypass: 'false',
      BootMediaIndex: '0',
      FirmwareVerbosity: '2', // not destructive: the device's own setting stays
      BIOSSetup: 'false',
      ConfigurationDataReset: 'false',
      UseSOL: 'false',
    });
  });

  it('fails with unsupported before changing anything when the device cannot do it', async () => {
    const caps = fixture('AMT_BootCapabilities.Get.xml').replace(
      '<g:ForcePXEBoot>true</g:ForcePXEBoot>',
      '<g:ForcePXEBoot>false</g:ForcePXEBoot>',
    );
    const { client, transport } = clientOf([caps]);
    const e = await expectAmtError(setNextBoot(client, 'pxe'));
    expect(e.code).toBe('unsupported');
    expect(e.message).toBe('the device cannot boot to PXE (network) (AMT_BootCapabilities.ForcePXEBoot is not true)');
    expect(transport.requests).toHaveLength(1);
  });

  it('bootTo powers on (2) a device that is off', async () => {
    const { client, transport } = clientOf([
      GET_OFF,
      fixture('AMT_BootCapabilities.Get.xml'),
      fixture('AMT_BootSettingData.Get.2015.xml'),
      BOOT_ORDER_OK,
      BOOT_PUT,
      ROLE_OK,
      BOOT_ORDER_OK,
      GET_OFF,
      POWER_OK,
    ]);
    expect(await bootTo(client, 'bios')).toEqual({ target: 'bios', previousState: 'soft-off', powerAction: 'on' });
    expect(transport.requests[8]).toContain('<h:PowerState>2</h:PowerState>');
  });

  it('bootTo resets (10) a device that is on', async () => {
    const { client, transport } = clientOf([
      GET_ON,
      fixture('AMT_BootCapabilities.Get.xml'),
      fixture('AMT_BootSettingData.Get.xml'),
      BOOT_ORDER_OK,
      BOOT_PUT,
      ROLE_OK,
      BOOT_ORDER_OK,
      GET_ON,
      POWER_OK,
    ]);
    expect((await bootTo(client, 'hdd')).powerAction).toBe('reset');
    expect(transport.requests[6]).toContain('Intel(r) AMT: Force Hard-drive Boot</Selector>');
    expect(transport.requests[8]).toContain('<h:PowerState>10</h:PowerState>');
  });
});
