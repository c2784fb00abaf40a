// Enumerate/Pull paging and the inventory classes of the simulator (§1.4, §2.1–2.3, §2.9, fixtures README item 5).
import { AMT, CIM, IPS } from '@device-management-toolkit/wsman-messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, uuidToPlatformGuid, type Fleet, type SimDevice } from './index';
import { ACTIONS, NS, allTexts, firstText, requestEnvelope, wsmanCall, type RawResponse } from './sim-test-client';

const cim = new CIM.Messages();
const amt = new AMT.Messages();
const ips = new IPS.Messages();
let fleet: Fleet;
let device: SimDevice;

beforeAll(async () => {
  fleet = await startFleet({ count: 1, seed: 'enum', baseAddress: '127.20.4.1', ephemeralPorts: true });
  device = fleet.devices[0] as SimDevice;
});
afterAll(async () => {
  await fleet?.close();
});

const call = (envelope: string): Promise<RawResponse> =>
  wsmanCall({ host: device.host, port: device.httpPort }, device, envelope);

const pullEnvelope = (className: string, context: string, maxElements?: number): string =>
  requestEnvelope({
    action: ACTIONS.pull,
    resourceUri: `${NS.cim}${className}`,
    messageId: 'p',
    body: `<Pull xmlns="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><EnumerationContext>${context}</EnumerationContext>${
      maxElements ? `<MaxElements>${maxElements}</MaxElements>` : ''
    }</Pull>`,
  });

describe('simulator enumeration', () => {
  it('enumerates CIM_SoftwareIdentity with the firmware version and build number', async () => {
    const e = await call(cim.SoftwareIdentity.Enumerate());
    expect(e.body).toContain('http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse');
    const context = firstText(e.body, 'EnumerationContext') ?? '';
    expect(context).toMatch(/^[0-9A-F]{8}-0000-0000-0000-000000000000$/);
    const p = await call(cim.SoftwareIdentity.Pull(context));
    expect(p.body).toContain(
      'xmlns:g="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:h="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_SoftwareIdentity"',
    );
    expect(p.body).toContain('<g:EndOfSequence></g:EndOfSequence>');
    const ids = allTexts(p.body, 'InstanceID');
    expect(ids).toEqual([
      'Flash',
      'Netstack',
      'AMTApps',
      'AMT',
      'Sku',
      'VendorID',
      'Build Number',
      'Recovery Version',
      'Recovery Build Num',
      'Legacy Mode',
      'AMT FW Core Version',
    ]);
    const versions = allTexts(p.body, 'VersionString');
    expect(versions[3]).toBe(device.amtVersion);
    expect(versions[6]).toBe(String(device.profile.firmware.build));
  });

  it('pages CIM_BootSourceSetting one item per Pull, repeating the context until EndOfSequence', async () => {
    const e = await call(cim.BootSourceSetting.Enumerate());
    const context = firstText(e.body, 'EnumerationContext') ?? '';
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      const p = await call(pullEnvelope('CIM_BootSourceSetting', context));
      seen.push(...allTexts(p.body, 'InstanceID'));
      if (p.body.includes('EndOfSequence')) {
        expect(p.body).not.toContain('EnumerationContext');
        break;
      }
      expect(firstText(p.body, 'EnumerationContext')).toBe(context);
    }
    expect(seen).toEqual([
      'Intel(r) AMT: Force Hard-drive Boot',
      'Intel(r) AMT: Force PXE Boot',
      'Intel(r) AMT: Force CD/DVD Boot',
    ]);
  });

  it('honours MaxElements and rejects a finished context', async () => {
    const e = await call(cim.SoftwareIdentity.Enumerate());
    const context = firstText(e.body, 'EnumerationContext') ?? '';
    const first = await call(pullEnvelope('CIM_SoftwareIdentity', context, 4));
    expect(allTexts(first.body, 'InstanceID')).toHaveLength(4);
    const rest = await call(pullEnvelope('CIM_SoftwareIdentity', context, 100));
    expect(allTexts(rest.body, 'InstanceID')).toHaveLength(7);
    const after = await call(pullEnvelope('CIM_SoftwareIdentity', context, 1));
    expect(after.status).toBe(400);
    expect(after.body).toContain('c:InvalidEnumerationContext');
  });

  it('returns two AMT_EthernetPortSettings and Gets one by InstanceID; an unknown InstanceID is InvalidSelectors', async () => {
    const e = await call(amt.EthernetPortSettings.Enumerate());
    const p = await call(amt.EthernetPortSettings.Pull(firstText(e.body, 'EnumerationContext') ?? ''));
    expect(allTexts(p.body, 'InstanceID')).toEqual([
      'Intel(r) AMT Ethernet Port Settings 0',
      'Intel(r) AMT Ethernet Port Settings 1',
    ]);
    expect(firstText(p.body, 'MACAddress')).toBe(device.mac);
    expect(device.mac).toMatch(/^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/);
    const get = await call(
      requestEnvelope({
        action: ACTIONS.get,
        resourceUri: `${NS.amt}AMT_EthernetPortSettings`,
        messageId: 'g',
        selectors: { InstanceID: 'Intel(r) AMT Ethernet Port Settings 1' },
      }),
    );
    expect(firstText(get.body, 'PhysicalConnectionType')).toBe('3');
    const bad = await call(
      requestEnvelope({
        action: ACTIONS.get,
        resourceUri: `${NS.amt}AMT_EthernetPortSettings`,
        messageId: 'g',
        selectors: { InstanceID: 'nope' },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('e:InvalidSelectors');
  });
});

describe('simulator inventory', () => {
  it('reports PlatformGUID in SMBIOS byte order of the device UUID', async () => {
    const r = await call(cim.ComputerSystemPackage.Get());
    expect(firstText(r.body, 'PlatformGUID')).toBe(uuidToPlatformGuid(device.uuid));
    // The Dell capture's PlatformGUID 44454C4C4B0010428033B6C04F504633 is the usual Dell UUID 4C4C4544-004B-4210-…
    expect(uuidToPlatformGuid('4c4c4544-004b-4210-8033-b6c04f504633')).toBe('44454C4C4B0010428033B6C04F504633');
  });

  it('answers chassis, baseboard, BIOS, processors and memory from the device profile', async () => {
    const chassis = await call(cim.Chassis.Get());
    expect(firstText(chassis.body, 'Model')).toBe(device.profile.chassis.model);
    const card = await call(cim.Card.Get());
    expect(firstText(card.body, 'SerialNumber')).toBe(device.profile.baseboard.serialNumber);
    const bios = await call(cim.BIOSElement.Get());
    expect(bios.body).toContain(
      `<g:ReleaseDate><h:Datetime>${device.profile.bios.releaseDate}</h:Datetime></g:ReleaseDate>`,
    );
    const cpuEnum = await call(cim.Processor.Enumerate());
    const cpus = await call(cim.Processor.Pull(firstText(cpuEnum.body, 'EnumerationContext') ?? ''));
    expect(allTexts(cpus.body, 'DeviceID')).toHaveLength(device.profile.processors.length);
    const memEnum = await call(cim.PhysicalMemory.Enumerate());
    const mem = await call(cim.PhysicalMemory.Pull(firstText(memEnum.body, 'EnumerationContext') ?? ''));
    expect(allTexts(mem.body, 'Capacity').map(Number)).toEqual(device.profile.dimms.map((d) => d.capacityBytes));
    expect(allTexts(mem.body, 'PartNumber')[0]).toMatch(/ $/); // trailing space kept, like real SMBIOS strings
  });

  it('answers the service classes a console reads before redirection and boot changes', async () => {
    expect(firstText((await call(amt.SetupAndConfigurationService.Get())).body, 'ProvisioningState')).toBe('2');
    expect(firstText((await call(amt.RedirectionService.Get())).body, 'ListenerEnabled')).toBe('true');
    expect(firstText((await call(ips.OptInService.Get())).body, 'OptInRequired')).toBe('0');
    expect(firstText((await call(amt.BootCapabilities.Get())).body, 'ForcePXEBoot')).toBe('true');
    expect(firstText((await call(amt.GeneralSettings.Get())).body, 'HostName')).toBe(device.hostName);
  });
});
