// Golden envelopes: the expected strings are written out by hand from amt-protocols.md §1.3–1.4 and §2.5,
// not produced by any helper, and compared byte for byte.
import { describe, expect, it } from 'vitest';
import {
  changeBootOrderEnvelope,
  enumerateEnvelope,
  getEnvelope,
  invokeEnvelope,
  pullEnvelope,
  putEnvelope,
  requestPowerStateChangeEnvelope,
  setBootConfigRoleEnvelope,
} from '../../../../main/amt/envelope';

const PROLOG =
  '<?xml version="1.0" encoding="utf-8"?><Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
  'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns="http://www.w3.org/2003/05/soap-envelope">';
const REPLY_TO =
  '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
  '<w:OperationTimeout>PT60S</w:OperationTimeout>';

describe('envelopes', () => {
  it('Get AMT_GeneralSettings, MessageID 0', () => {
    expect(getEnvelope('AMT_GeneralSettings', 0)).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings</w:ResourceURI>' +
        '<a:MessageID>0</a:MessageID>' +
        REPLY_TO +
        '</Header><Body></Body></Envelope>',
    );
  });

  it('the MessageID is the one passed in, whatever was built before', () => {
    getEnvelope('CIM_Chassis', 41);
    enumerateEnvelope('CIM_Processor', 42);
    expect(getEnvelope('CIM_Card', 7)).toContain('<a:MessageID>7</a:MessageID>');
    expect(getEnvelope('CIM_Card', 7)).toBe(getEnvelope('CIM_Card', 7));
  });

  it('Get with one selector, its value escaped', () => {
    expect(getEnvelope('CIM_SoftwareIdentity', 5, { InstanceID: 'A&B<"x">' })).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_SoftwareIdentity</w:ResourceURI>' +
        '<a:MessageID>5</a:MessageID>' +
        REPLY_TO +
        '<w:SelectorSet><w:Selector Name="InstanceID">A&amp;B&lt;&quot;x&quot;&gt;</w:Selector></w:SelectorSet>' +
        '</Header><Body></Body></Envelope>',
    );
  });

  it('Get with two selectors (fallback builder)', () => {
    expect(
      getEnvelope('CIM_ComputerSystem', 2, { CreationClassName: 'CIM_ComputerSystem', Name: 'ManagedSystem' }),
    ).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem</w:ResourceURI>' +
        '<a:MessageID>2</a:MessageID>' +
        REPLY_TO +
        '<w:SelectorSet><w:Selector Name="CreationClassName">CIM_ComputerSystem</w:Selector>' +
        '<w:Selector Name="Name">ManagedSystem</w:Selector></w:SelectorSet>' +
        '</Header><Body></Body></Envelope>',
    );
  });

  it('Enumerate and Pull of CIM_BootSourceSetting', () => {
    expect(enumerateEnvelope('CIM_BootSourceSetting', 1)).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootSourceSetting</w:ResourceURI>' +
        '<a:MessageID>1</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><Enumerate xmlns="http://schemas.xmlsoap.org/ws/2004/09/enumeration" /></Body></Envelope>',
    );
    expect(pullEnvelope('CIM_BootSourceSetting', 2, '01000000-0000-0000-0000-000000000000')).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootSourceSetting</w:ResourceURI>' +
        '<a:MessageID>2</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><Pull xmlns="http://schemas.xmlsoap.org/ws/2004/09/enumeration">' +
        '<EnumerationContext>01000000-0000-0000-0000-000000000000</EnumerationContext>' +
        '<MaxElements>999</MaxElements><MaxCharacters>99999</MaxCharacters></Pull></Body></Envelope>',
    );
  });

  it('Put keeps field order, repeats arrays, keeps spaces and escapes values', () => {
    expect(
      putEnvelope('AMT_BootSettingData', 8, {
        BIOSSetup: 'true',
        LinkPolicy: ['1', '14'],
        Empty: '',
        PartNumber: 'a<b ',
      }),
    ).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Put</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_BootSettingData</w:ResourceURI>' +
        '<a:MessageID>8</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><h:AMT_BootSettingData xmlns:h="http://intel.com/wbem/wscim/1/amt-schema/1/AMT_BootSettingData">' +
        '<h:BIOSSetup>true</h:BIOSSetup><h:LinkPolicy>1</h:LinkPolicy><h:LinkPolicy>14</h:LinkPolicy>' +
        '<h:Empty></h:Empty><h:PartNumber>a&lt;b </h:PartNumber>' +
        '</h:AMT_BootSettingData></Body></Envelope>',
    );
  });

  it('Put refuses nested values rather than writing them in the wrong namespace', () => {
    expect(() => putEnvelope('CIM_BIOSElement', 1, { ReleaseDate: { Datetime: 'x' } })).toThrowError(/nested/);
  });

  it('RequestPowerStateChange(10) with the ManagedSystem EPR (§2.5)', () => {
    expect(requestPowerStateChangeEnvelope(3, 10)).toBe(
      PROLOG +
        '<Header><a:Action>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_PowerManagementService/RequestPowerStateChange</a:Action>' +
        '<a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_PowerManagementService</w:ResourceURI>' +
        '<a:MessageID>3</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><h:RequestPowerStateChange_INPUT xmlns:h="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_PowerManagementService">' +
        '<h:PowerState>10</h:PowerState><h:ManagedElement>' +
        '<Address xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2004/08/addressing</Address>' +
        '<ReferenceParameters xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
        '<ResourceURI xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem</ResourceURI>' +
        '<SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
        '<Selector Name="CreationClassName">CIM_ComputerSystem</Selector><Selector Name="Name">ManagedSystem</Selector>' +
        '</SelectorSet></ReferenceParameters></h:ManagedElement></h:RequestPowerStateChange_INPUT></Body></Envelope>',
    );
  });

  it('ChangeBootOrder with and without a source; SetBootConfigRole (§2.6)', () => {
    const header = (id: number, cls: string, method: string) =>
      `<Header><a:Action>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/${cls}/${method}</a:Action><a:To>/wsman</a:To>` +
      `<w:ResourceURI>http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/${cls}</w:ResourceURI><a:MessageID>${id}</a:MessageID>` +
      REPLY_TO +
      '</Header>';
    expect(changeBootOrderEnvelope(4)).toBe(
      PROLOG +
        header(4, 'CIM_BootConfigSetting', 'ChangeBootOrder') +
        '<Body><h:ChangeBootOrder_INPUT xmlns:h="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootConfigSetting"></h:ChangeBootOrder_INPUT></Body></Envelope>',
    );
    expect(changeBootOrderEnvelope(5, 'Intel(r) AMT: Force PXE Boot')).toBe(
      PROLOG +
        header(5, 'CIM_BootConfigSetting', 'ChangeBootOrder') +
        '<Body><h:ChangeBootOrder_INPUT xmlns:h="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootConfigSetting"><h:Source>' +
        '<Address xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2004/08/addressing</Address>' +
        '<ReferenceParameters xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
        '<ResourceURI xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootSourceSetting</ResourceURI>' +
        '<SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><Selector Name="InstanceID">Intel(r) AMT: Force PXE Boot</Selector></SelectorSet>' +
        '</ReferenceParameters></h:Source></h:ChangeBootOrder_INPUT></Body></Envelope>',
    );
    expect(setBootConfigRoleEnvelope(6, 'Intel(r) AMT: Boot Configuration 0', 1)).toBe(
      PROLOG +
        header(6, 'CIM_BootService', 'SetBootConfigRole') +
        '<Body><h:SetBootConfigRole_INPUT xmlns:h="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootService"><h:BootConfigSetting>' +
        '<Address xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2004/08/addressing</Address>' +
        '<ReferenceParameters xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
        '<ResourceURI xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_BootConfigSetting</ResourceURI>' +
        '<SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><Selector Name="InstanceID">Intel(r) AMT: Boot Configuration 0</Selector></SelectorSet>' +
        '</ReferenceParameters></h:BootConfigSetting><h:Role>1</h:Role></h:SetBootConfigRole_INPUT></Body></Envelope>',
    );
  });

  it('a generic method with a scalar argument, and one with an EPR argument (fallback builder)', () => {
    expect(invokeEnvelope('AMT_RedirectionService', 'RequestStateChange', 9, [['RequestedState', '32771']])).toBe(
      PROLOG +
        '<Header><a:Action>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_RedirectionService/RequestStateChange</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://intel.com/wbem/wscim/1/amt-schema/1/AMT_RedirectionService</w:ResourceURI><a:MessageID>9</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><h:RequestStateChange_INPUT xmlns:h="http://intel.com/wbem/wscim/1/amt-schema/1/AMT_RedirectionService">' +
        '<h:RequestedState>32771</h:RequestedState></h:RequestStateChange_INPUT></Body></Envelope>',
    );
    expect(
      invokeEnvelope('IPS_Thing', 'Do', 10, [
        ['Target', { kind: 'epr', className: 'CIM_ComputerSystem', selectors: { Name: 'M&S' } }],
      ]),
    ).toBe(
      PROLOG +
        '<Header><a:Action>http://intel.com/wbem/wscim/1/ips-schema/1/IPS_Thing/Do</a:Action><a:To>/wsman</a:To>' +
        '<w:ResourceURI>http://intel.com/wbem/wscim/1/ips-schema/1/IPS_Thing</w:ResourceURI><a:MessageID>10</a:MessageID>' +
        REPLY_TO +
        '</Header><Body><h:Do_INPUT xmlns:h="http://intel.com/wbem/wscim/1/ips-schema/1/IPS_Thing"><h:Target>' +
        '<Address xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2004/08/addressing</Address>' +
        '<ReferenceParameters xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
        '<ResourceURI xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem</ResourceURI>' +
        '<SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><Selector Name="Name">M&amp;S</Selector></SelectorSet>' +
        '</ReferenceParameters></h:Target></h:Do_INPUT></Body></Envelope>',
    );
  });

  it('refuses an unknown class prefix and a bad MessageID', () => {
    expect(() => getEnvelope('XYZ_Thing', 1)).toThrowError(/unknown WS-Man class prefix/);
    expect(() => getEnvelope('AMT_GeneralSettings', -1)).toThrowError(/invalid MessageID/);
  });
});
