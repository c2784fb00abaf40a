// Every file in test/fixtures/amt-wsman goes through the parser here, with its meaningful values checked.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSoapResponse, requireBody, type SoapResponse } from '../../../../main/amt/soap-response';
import {
  elementToRecord,
  readEndpointReference,
  readOptionalDatetime,
  readStrings,
  type WsmanRecord,
} from '../../../../main/amt/wsman-record';
import { faultToError } from '../../../../main/amt/soap-fault';
import { childNamed } from '../../../../main/amt/xml-parse';
import { AmtError } from '../../../../shared/domain';
import { dechunk, FIXTURE_DIR, fixture, httpFixture } from './fixture-transport';

const covered = new Set<string>();

function parse(name: string): SoapResponse {
  covered.add(name);
  let body: string;
  if (name.endsWith('.http')) body = httpFixture(name).body;
  else if (name.endsWith('.chunked')) body = dechunk(fixture(name));
  else body = fixture(name);
  return parseSoapResponse(body);
}

/** The instance of a Get/Put response. */
function instance(name: string, className: string): WsmanRecord {
  return elementToRecord(requireBody(parse(name), className, name));
}

/** The items of an Enumerate/Pull response, plus its context and end marker. */
function page(name: string, element = 'PullResponse') {
  const body = requireBody(parse(name), element, name);
  const items = childNamed(body, 'Items')?.children.map(elementToRecord) ?? [];
  return {
    items,
    itemNames: childNamed(body, 'Items')?.children.map((c) => c.name) ?? [],
    context: childNamed(body, 'EnumerationContext')?.text,
    ended: childNamed(body, 'EndOfSequence') !== undefined,
  };
}

function output(name: string, method: string): WsmanRecord {
  return elementToRecord(requireBody(parse(name), `${method}_OUTPUT`, name));
}

describe('AMT WS-Man fixtures', () => {
  it('AMT_GeneralSettings Get: raw capture, re-indented copy and two chunked HTTP captures', () => {
    const raw = instance('AMT_GeneralSettings.Get.xml', 'AMT_GeneralSettings');
    expect(raw['DigestRealm']).toBe('Digest:62FFAC181B3F3457C5B3894ED21F3E6E');
    expect(raw['HostName']).toBe('');
    expect(raw['AMTNetworkEnabled']).toBe('1');
    const pretty = instance('AMT_GeneralSettings.Get.pretty.xml', 'AMT_GeneralSettings');
    expect(pretty['HostName']).toBe('Test Host Name');
    expect(pretty).toHaveProperty('ThunderboltDockEnabled');
    const http15 = httpFixture('AMT_GeneralSettings.Get.http');
    expect(http15.headers['server']).toBe('Intel(R) Active Management Technology 15.0.23.1706');
    const r15 = instance('AMT_GeneralSettings.Get.http', 'AMT_GeneralSettings');
    expect(r15['InstanceID']).toBe('Intel(r) AMT: General Settings');
    expect(typeof r15['DigestRealm']).toBe('string');
    expect(r15['DigestRealm']).toMatch(/^Digest:[0-9A-F]{32}$/);
    const r11 = instance('AMT_GeneralSettings.Get.amt11.http', 'AMT_GeneralSettings');
    expect(r11['DigestRealm']).toMatch(/^Digest:[0-9A-F]{32}$/);
    expect(httpFixture('AMT_GeneralSettings.Get.amt11.http').headers['server']).toMatch(/11\.8\.50\.3425$/);
  });

  it('CIM_SoftwareIdentity: Enumerate context and 11 Pull items with VersionString 12.0.67', () => {
    const start = page('CIM_SoftwareIdentity.Enumerate.xml', 'EnumerateResponse');
    expect(start.context).toBe('17000000-0000-0000-0000-000000000000');
    const pull = page('CIM_SoftwareIdentity.Pull.xml');
    expect(pull.items).toHaveLength(11);
    expect(pull.ended).toBe(true);
    const amt = pull.items.find((i) => i['InstanceID'] === 'AMT');
    expect(amt?.['VersionString']).toBe('12.0.67');
    expect(pull.items.find((i) => i['InstanceID'] === 'Sku')?.['VersionString']).toBe('16392');
    expect(pull.items.find((i) => i['InstanceID'] === 'Build Number')?.['VersionString']).toMatch(/^\d+$/);
  });

  it('AMT_EthernetPortSettings: Enumerate, Pull with two ports, Put returning the instance', () => {
    expect(page('AMT_EthernetPortSettings.Enumerate.xml', 'EnumerateResponse').context).toBe(
      '95340000-0000-0000-0000-000000000000',
    );
    const pull = page('AMT_EthernetPortSettings.Pull.xml');
    expect(pull.items).toHaveLength(2);
    const [wired, wireless] = pull.items;
    expect(wired?.['MACAddress']).toBe('00-be-43-d8-22-a4');
    expect(readStrings(wired!, 'LinkPolicy')).toEqual(['1', '14']);
    expect(wireless?.['PhysicalConnectionType']).toBe('3');
    expect(wireless?.['MACAddress']).toBe('00-00-00-00-00-00');
    const put = instance('AMT_EthernetPortSettings.Put.xml', 'AMT_EthernetPortSettings');
    expect(put['IPAddress']).toBe('192.168.1.53');
    expect(put['DHCPEnabled']).toBe('true');
  });

  it('power state: PowerState 2 and 8, association items typed as the concrete class', () => {
    expect(
      instance('CIM_AssociatedPowerManagementService.Get.xml', 'CIM_AssociatedPowerManagementService')['PowerState'],
    ).toBe('8');
    const pretty = instance(
      'CIM_AssociatedPowerManagementService.Get.pretty.xml',
      'CIM_AssociatedPowerManagementService',
    );
    expect(pretty['PowerState']).toBe('2');
    expect(readStrings(pretty, 'AvailableRequestedPowerStates')).toHaveLength(8);
    expect(readEndpointReference(pretty['ServiceProvided'])?.resourceUri).toMatch(/CIM_PowerManagementService$/);
    // One element of a repeated property looks like a scalar; readStrings still gives a list.
    expect(
      readStrings(
        instance('CIM_AssociatedPowerManagementService.Get.xml', 'CIM_AssociatedPowerManagementService'),
        'AvailableRequestedPowerStates',
      ),
    ).toEqual(['2']);
    const pull = page('CIM_AssociatedPowerManagementService.Pull.xml');
    expect(pull.items[0]?.['PowerState']).toBe('2');
    const sate = page('CIM_ServiceAvailableToElement.Pull.xml');
    expect(sate.itemNames[0]).toBe('CIM_AssociatedPowerManagementService');
    expect(sate.items[0]?.['PowerState']).toBe('2');
    expect(sate.ended).toBe(true);
  });

  it('RequestPowerStateChange outputs with ReturnValue 0', () => {
    expect(
      output('CIM_PowerManagementService.RequestPowerStateChange.xml', 'RequestPowerStateChange')['ReturnValue'],
    ).toBe('0');
    expect(
      output('CIM_PowerManagementService.RequestPowerStateChange.pretty.xml', 'RequestPowerStateChange')['ReturnValue'],
    ).toBe('0');
  });

  it('boot: capabilities, setting data old and new, config setting, method outputs, three source pages', () => {
    const caps = instance('AMT_BootCapabilities.Get.xml', 'AMT_BootCapabilities');
    expect(caps['ForcePXEBoot']).toBe('true');
    expect(caps['IDER']).toBe('true');
    const modern = instance('AMT_BootSettingData.Get.xml', 'AMT_BootSettingData');
    expect(readStrings(modern, 'BIOSLastStatus')).toEqual(['2', '0']);
    expect(modern['InstanceID']).toBe('Intel(r) AMT:BootSettingData 0');
    const old = instance('AMT_BootSettingData.Get.2015.xml', 'AMT_BootSettingData');
    expect(old['BIOSSetup']).toBe('false');
    expect(old).not.toHaveProperty('WinREBootEnabled');
    expect(instance('CIM_BootConfigSetting.Get.xml', 'CIM_BootConfigSetting')['InstanceID']).toBe(
      'Intel(r) AMT: Boot Configuration 0',
    );
    expect(output('CIM_BootConfigSetting.ChangeBootOrder.xml', 'ChangeBootOrder')['ReturnValue']).toBe('0');
    const role = parse('CIM_BootService.SetBootConfigRole.xml');
    expect(role.header.action).toMatch(/SetBootConfigRoleResponse$/);
    expect(elementToRecord(requireBody(role, 'SetBootConfigRole_OUTPUT', 'x'))['ReturnValue']).toBe('0');
    expect(page('CIM_BootSourceSetting.Enumerate.xml', 'EnumerateResponse').context).toBe(
      '01000000-0000-0000-0000-000000000000',
    );
    const p1 = page('CIM_BootSourceSetting.Pull.1of3.xml');
    const p2 = page('CIM_BootSourceSetting.Pull.2of3.xml');
    const p3 = page('CIM_BootSourceSetting.Pull.3of3.xml');
    expect([p1.ended, p2.ended, p3.ended]).toEqual([false, false, true]);
    expect(p1.context).toBe('01000000-0000-0000-0000-000000000000');
    expect(p3.context).toBeUndefined();
    expect(p1.items[0]?.['InstanceID']).toBe('Intel(r) AMT: Force Hard-drive Boot');
    expect(p2.items[0]?.['InstanceID']).toBe('Intel(r) AMT: Force PXE Boot');
    expect(p3.items).toHaveLength(1);
  });

  it('redirection and KVM: Get, Put, RequestStateChange', () => {
    expect(instance('AMT_RedirectionService.Get.xml', 'AMT_RedirectionService')['EnabledState']).toBe('32771');
    expect(instance('AMT_RedirectionService.Put.xml', 'AMT_RedirectionService')['EnabledState']).toBe('32770');
    expect(output('AMT_RedirectionService.RequestStateChange.xml', 'RequestStateChange')['ReturnValue']).toBe('0');
    expect(instance('CIM_KVMRedirectionSAP.Get.xml', 'CIM_KVMRedirectionSAP')['EnabledState']).toBe('6');
    expect(output('CIM_KVMRedirectionSAP.RequestStateChange.xml', 'RequestStateChange')['ReturnValue']).toBe('0');
  });

  it('setup and configuration: Get, Unprovision as XML and as chunked HTTP', () => {
    const sc = instance('AMT_SetupAndConfigurationService.Get.xml', 'AMT_SetupAndConfigurationService');
    expect(sc['ProvisioningState']).toBe('2');
    expect(sc['ProvisioningMode']).toBe('1');
    expect(output('AMT_SetupAndConfigurationService.Unprovision.xml', 'Unprovision')['ReturnValue']).toBe('0');
    expect(output('AMT_SetupAndConfigurationService.Unprovision.http', 'Unprovision')['ReturnValue']).toBe('0');
  });

  it('user consent: Get, Put (uint32 4294967295), StartOptIn and SendOptInCode with ReturnValue 2', () => {
    expect(instance('IPS_OptInService.Get.xml', 'IPS_OptInService')['OptInRequired']).toBe('0');
    expect(instance('IPS_OptInService.Put.xml', 'IPS_OptInService')['OptInRequired']).toBe('4294967295');
    expect(output('IPS_OptInService.StartOptIn.xml', 'StartOptIn')['ReturnValue']).toBe('2');
    expect(output('IPS_OptInService.SendOptInCode.xml', 'SendOptInCode')['ReturnValue']).toBe('2');
  });

  it('AddProxyAccessPoint 2058: header Action with surrounding whitespace, EPR with empty parts', () => {
    const r = parse('IPS_HTTPProxyService.AddProxyAccessPoint.2058.xml');
    expect(r.header.action).toBe(
      'http://intel.com/wbem/wscim/1/ips-schema/1/IPS_HTTPProxyService/AddProxyAccessPointResponse',
    );
    const out = elementToRecord(requireBody(r, 'AddProxyAccessPoint_OUTPUT', 'x'));
    expect(out['ReturnValue']).toBe('2058');
    expect(readEndpointReference(out['ProxyAccessPoint'])).toEqual({
      address: 'default',
      resourceUri: '',
      selectors: {},
    });
  });

  it('inventory: PlatformGUID with EPRs, chassis, card, BIOS with nested Datetime, CPU, two DIMMs untrimmed', () => {
    const csp = instance('CIM_ComputerSystemPackage.Get.xml', 'CIM_ComputerSystemPackage');
    expect(csp['PlatformGUID']).toBe('44454C4C4B0010428033B6C04F504633');
    expect(readEndpointReference(csp['Dependent'])?.selectors).toEqual({
      CreationClassName: 'CIM_ComputerSystem',
      Name: 'ManagedSystem',
    });
    expect(readEndpointReference(csp['Antecedent'])?.selectors).toEqual({
      CreationClassName: 'CIM_Chassis',
      Tag: 'CIM_Chassis',
    });
    expect(instance('CIM_Chassis.Get.xml', 'CIM_Chassis')['Model']).toBe('NUC9V7QNX');
    expect(instance('CIM_Card.Get.xml', 'CIM_Card')['SerialNumber']).toBe('/6KB3PF3/CNPEC0017500BC/');
    const bios = instance('CIM_BIOSElement.Get.xml', 'CIM_BIOSElement');
    expect(readOptionalDatetime(bios, 'ReleaseDate')).toBe('2020-08-10T00:00:00Z');
    expect(bios['Version']).toBe('QNCFLX70.0054.2020.0810.2227');
    const cpu = page('CIM_Processor.Pull.xml');
    expect(cpu.items).toHaveLength(1);
    expect(cpu.items[0]?.['MaxClockSpeed']).toBe('8300');
    const mem = page('CIM_PhysicalMemory.Pull.xml');
    expect(mem.items).toHaveLength(2);
    expect(mem.items.some((m) => m['PartNumber'] === 'CT16G4SFD824A.M16FE ')).toBe(true);
    expect(mem.items.map((m) => m['Tag'])).toContain('9876543210 (#1)');
    expect(mem.items[0]?.['Capacity']).toBe('17179869184');
  });

  it('an empty Items element is no instances', () => {
    const empty = page('AMT_PublicKeyCertificate.Pull.empty.xml');
    expect(empty.items).toEqual([]);
    expect(empty.ended).toBe(true);
  });

  it('faults: AlreadyExists and DestinationUnreachable (XML and chunked) with subcodes and reasons', () => {
    const exists = parse('Fault.AlreadyExists.xml');
    expect(exists.fault).toEqual({
      code: 'Sender',
      subcode: 'AlreadyExists',
      reason: 'The sender attempted to create a resource which already exists.',
      detail: '',
    });
    expect(exists.header.relatesTo).toBe('31');
    for (const name of ['Fault.DestinationUnreachable.xml', 'Fault.DestinationUnreachable.chunked']) {
      const r = parse(name);
      expect(r.fault?.subcode).toBe('DestinationUnreachable');
      expect(r.fault?.reason).toBe(
        'No route can be determined to reach the destination role defined by the WSAddressing To.',
      );
      const error = faultToError(r.fault!, 'Get AMT_Foo');
      expect(error).toBeInstanceOf(AmtError);
      expect(error.code).toBe('wsman-fault');
      expect(error.detail.faultSubcode).toBe('DestinationUnreachable');
      expect(error.message).toMatch(/^Get AMT_Foo: the device does not support this class/);
    }
  });

  it('the 401 capture is HTML, not SOAP, and is refused', () => {
    covered.add('HTTP.401Unauthorized.http');
    const r = httpFixture('HTTP.401Unauthorized.http');
    expect(r.status).toBe(401);
    expect(() => parseSoapResponse(r.body)).toThrowError(/DOCTYPE/);
  });

  it('covers every fixture file', () => {
    const data = readdirSync(FIXTURE_DIR).filter((f) => /\.(xml|http|chunked)$/.test(f));
    expect(data.length).toBeGreaterThan(40);
    expect(data.filter((f) => !covered.has(f))).toEqual([]);
  });
});
