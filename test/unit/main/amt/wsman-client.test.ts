// WsmanClient driven by FixtureTransport, which stands in for the wire (tested separately).
import { describe, expect, it } from 'vitest';
import { WsmanClient } from '../../../../main/amt/wsman-client';
import { FixtureTransport, fixture, dechunk } from './fixture-transport';
import { expectAmtError } from '../../../support/expect-amt-error';

const PULL_ACTION = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull';

describe('WsmanClient', () => {
  it('gets an instance and numbers requests from 0', async () => {
    const transport = new FixtureTransport([fixture('AMT_GeneralSettings.Get.pretty.xml')]);
    const client = new WsmanClient(transport);
    const settings = await client.get('AMT_GeneralSettings');
    expect(settings['HostName']).toBe('Test Host Name');
    expect(transport.requests[0]).toContain('<a:MessageID>0</a:MessageID>');
  });

  it('enumerates across three Pull pages with the latest context until EndOfSequence', async () => {
    const transport = new FixtureTransport([
      fixture('CIM_BootSourceSetting.Enumerate.xml'),
      fixture('CIM_BootSourceSetting.Pull.1of3.xml'),
      fixture('CIM_BootSourceSetting.Pull.2of3.xml'),
      fixture('CIM_BootSourceSetting.Pull.3of3.xml'),
    ]);
    const items = await new WsmanClient(transport).enumerate('CIM_BootSourceSetting');
    expect(items.map((i) => i['InstanceID'])).toEqual([
      'Intel(r) AMT: Force Hard-drive Boot',
      'Intel(r) AMT: Force PXE Boot',
      expect.stringMatching(/^Intel\(r\) AMT: Force /),
    ]);
    expect(transport.actions().filter((a) => a === PULL_ACTION)).toHaveLength(3);
    expect(transport.requests[1]).toContain(
      '<EnumerationContext>01000000-0000-0000-0000-000000000000</EnumerationContext>',
    );
  });

  it('returns no items for an empty Items element', async () => {
    const transport = new FixtureTransport([
      fixture('CIM_SoftwareIdentity.Enumerate.xml'),
      fixture('AMT_PublicKeyCertificate.Pull.empty.xml'),
    ]);
    expect(await new WsmanClient(transport).enumerate('AMT_PublicKeyCertificate')).toEqual([]);
  });

  it('gives up on an enumeration that never ends, with a specific error', async () => {
    const endless = fixture('CIM_BootSourceSetting.Pull.1of3.xml');
    const transport = new FixtureTransport([
      fixture('CIM_BootSourceSetting.Enumerate.xml'),
      ...Array.from({ length: 10 }, () => endless),
    ]);
    const e = await expectAmtError(new WsmanClient(transport, { maxPullPages: 5 }).enumerate('CIM_BootSourceSetting'));
    expect(e.code).toBe('response-too-large');
    expect(e.message).toBe(
      'Enumerate CIM_BootSourceSetting: the device did not end the enumeration after 5 Pull requests',
    );
    expect(transport.requests).toHaveLength(6);
  });

  it('bounds the number of items', async () => {
    const transport = new FixtureTransport([
      fixture('CIM_SoftwareIdentity.Enumerate.xml'),
      fixture('CIM_SoftwareIdentity.Pull.xml'),
    ]);
    const e = await expectAmtError(
      new WsmanClient(transport, { maxEnumerationItems: 10 }).enumerate('CIM_SoftwareIdentity'),
    );
    expect(e.code).toBe('response-too-large');
    expect(e.message).toMatch(/more than 10 instances/);
  });

  it('refuses a PullResponse with neither context nor EndOfSequence', async () => {
    const broken = fixture('CIM_BootSourceSetting.Pull.1of3.xml').replace(
      /<g:EnumerationContext>[^<]*<\/g:EnumerationContext>/,
      '',
    );
    const transport = new FixtureTransport([fixture('CIM_BootSourceSetting.Enumerate.xml'), broken]);
    const e = await expectAmtError(new WsmanClient(transport).enumerate('CIM_BootSourceSetting'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toMatch(/neither EnumerationContext nor EndOfSequence/);
  });

  it('refuses a response whose RelatesTo is not the request MessageID', async () => {
    const transport = new FixtureTransport([
      { body: fixture('Fault.AlreadyExists.xml'), keepRelatesTo: true, status: 400 },
    ]);
    const e = await expectAmtError(new WsmanClient(transport).get('AMT_GeneralSettings'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toBe('Get AMT_GeneralSettings: response RelatesTo "31" does not match request MessageID 0');
  });

  it('accepts a RelatesTo equal to the MessageID when ids do not start at 0', async () => {
    const transport = new FixtureTransport([
      { body: fixture('Fault.AlreadyExists.xml'), keepRelatesTo: true, status: 400 },
    ]);
    const e = await expectAmtError(new WsmanClient(transport, { firstMessageId: 31 }).get('AMT_GeneralSettings'));
    expect(e.code).toBe('wsman-fault');
  });

  it('turns an AlreadyExists fault (HTTP 400) into wsman-fault with subcode and reason', async () => {
    const transport = new FixtureTransport([{ body: fixture('Fault.AlreadyExists.xml'), status: 400 }]);
    const e = await expectAmtError(new WsmanClient(transport).put('AMT_GeneralSettings', { HostName: 'x' }));
    expect(e.code).toBe('wsman-fault');
    expect(e.detail.faultSubcode).toBe('AlreadyExists');
    expect(e.message).toBe(
      'Put AMT_GeneralSettings: the resource to create already exists (WS-Man fault AlreadyExists: The sender attempted to create a resource which already exists.)',
    );
  });

  it('turns a DestinationUnreachable fault (chunked capture) into a readable unsupported-class message', async () => {
    const transport = new FixtureTransport([
      { body: dechunk(fixture('Fault.DestinationUnreachable.chunked')), status: 400 },
    ]);
    const e = await expectAmtError(new WsmanClient(transport).get('AMT_Gone'));
    expect(e.code).toBe('wsman-fault');
    expect(e.detail.faultSubcode).toBe('DestinationUnreachable');
    expect(e.message).toMatch(/^Get AMT_Gone: the device does not support this class/);
  });

  it('reads AMT-STATUS from a fault detail when present', async () => {
    const body = fixture('Fault.AlreadyExists.xml')
      .replace('e:AlreadyExists', 'e:InternalError')
      .replace('<a:Detail></a:Detail>', '<a:Detail><e:FaultDetail>AMT-STATUS 0x0812</e:FaultDetail></a:Detail>');
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([{ body, status: 500 }])).get('AMT_GeneralSettings'),
    );
    expect(e.detail).toEqual({ faultSubcode: 'InternalError', returnValue: 0x812 });
  });

  it('maps a non-zero ReturnValue to amt-status with name and number', async () => {
    const twoOptIn = new FixtureTransport([fixture('IPS_OptInService.StartOptIn.xml')]);
    const e = await expectAmtError(new WsmanClient(twoOptIn).invoke('IPS_OptInService', 'StartOptIn'));
    expect(e.code).toBe('amt-status');
    expect(e.detail.returnValue).toBe(2);
    expect(e.message).toBe('IPS_OptInService.StartOptIn failed: ReturnValue 2 (0x0002, NOT_READY)');
    const proxy = new FixtureTransport([fixture('IPS_HTTPProxyService.AddProxyAccessPoint.2058.xml')]);
    const e2 = await expectAmtError(
      new WsmanClient(proxy).invoke('IPS_HTTPProxyService', 'AddProxyAccessPoint', [['AccessInfo', 'proxy.example']]),
    );
    expect(e2.code).toBe('amt-status');
    expect(e2.detail.returnValue).toBe(2058);
    expect(e2.message).toMatch(/ReturnValue 2058 \(0x080A, UNKNOWN_STATUS\)/);
  });

  it('reads a CIM method code with the DMTF names', async () => {
    const body = fixture('CIM_PowerManagementService.RequestPowerStateChange.xml').replace(
      /<g:ReturnValue>0</,
      '<g:ReturnValue>2<',
    );
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([body])).invoke('CIM_PowerManagementService', 'RequestPowerStateChange'),
    );
    expect(e.message).toBe(
      'CIM_PowerManagementService.RequestPowerStateChange failed: ReturnValue 2 (0x0002, UNKNOWN_ERROR)',
    );
  });

  it('returns the output record of a successful method', async () => {
    const result = await new WsmanClient(
      new FixtureTransport([fixture('AMT_SetupAndConfigurationService.Unprovision.xml')]),
    ).invoke('AMT_SetupAndConfigurationService', 'Unprovision', [['ProvisioningMode', '1']]);
    expect(result.returnValue).toBe(0);
  });

  it('reports a 400 with an HTML page as http-status', async () => {
    const html =
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" >\n<html><body>Bad request</body></html>';
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([{ body: html, status: 400 }])).get('AMT_GeneralSettings'),
    );
    expect(e.code).toBe('http-status');
    expect(e.detail.httpStatus).toBe(400);
    expect(e.message).toBe(
      'Get AMT_GeneralSettings: the device answered HTTP 400 with an HTML page instead of a SOAP fault (it rejected the request as malformed)',
    );
  });

  it('refuses a 400 SOAP body that is not a fault', async () => {
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([{ body: fixture('AMT_GeneralSettings.Get.xml'), status: 400 }])).get(
        'AMT_GeneralSettings',
      ),
    );
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toBe('Get AMT_GeneralSettings: HTTP 400 response carries no SOAP fault');
  });

  it('refuses a Get answered with another class', async () => {
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([fixture('CIM_Card.Get.xml')])).get('CIM_Chassis'),
    );
    expect(e.message).toBe('Get CIM_Chassis: expected <CIM_Chassis> in the SOAP Body, found <CIM_Card>');
  });

  it('refuses an oversized body with the configured limit', async () => {
    const e = await expectAmtError(
      new WsmanClient(new FixtureTransport([fixture('CIM_SoftwareIdentity.Pull.xml')]), { maxResponseBytes: 1024 }).get(
        'CIM_SoftwareIdentity',
      ),
    );
    expect(e.message).toBe('XML body is larger than the 1024-byte limit');
    expect(e.code).toBe('response-too-large');
  });

  it('read-modify-write drops read-only fields and sends the change', async () => {
    const transport = new FixtureTransport([
      fixture('AMT_RedirectionService.Get.xml'),
      fixture('AMT_RedirectionService.Put.xml'),
    ]);
    const updated = await new WsmanClient(transport).update(
      'AMT_RedirectionService',
      (r) => ({ ...r, ListenerEnabled: 'true' }),
      {
        readOnlyFields: ['EnabledState'],
      },
    );
    expect(updated['EnabledState']).toBe('32770');
    const put = transport.requests[1] ?? '';
    expect(put).toContain('<h:ListenerEnabled>true</h:ListenerEnabled>');
    expect(put).not.toContain('EnabledState');
    expect(put).toContain('<h:Name>Intel(r) AMT Redirection Service</h:Name>');
  });

  it('keeps one request in flight even when callers overlap', async () => {
    let active = 0;
    let maxActive = 0;
    const inner = new FixtureTransport([
      fixture('CIM_Chassis.Get.xml'),
      { body: fixture('Fault.AlreadyExists.xml'), status: 400 },
      fixture('CIM_Card.Get.xml'),
    ]);
    const slow = Object.assign(Object.create(inner) as FixtureTransport, {
      async post(envelope: string) {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setImmediate(resolve));
        try {
          return await inner.post(envelope);
        } finally {
          active--;
        }
      },
    });
    const client = new WsmanClient(slow);
    const results = await Promise.allSettled([
      client.get('CIM_Chassis'),
      client.get('AMT_GeneralSettings'),
      client.get('CIM_Card'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(maxActive).toBe(1);
    expect(inner.requests.map((r) => /<a:MessageID>(\d+)</.exec(r)?.[1])).toEqual(['0', '1', '2']);
  });

  it('remembers the Server header for the firmware fallback', async () => {
    const client = new WsmanClient(
      new FixtureTransport([
        {
          body: fixture('AMT_GeneralSettings.Get.xml'),
          headers: { Server: 'Intel(R) Active Management Technology 15.0.23.1706' },
        },
      ]),
    );
    await client.get('AMT_GeneralSettings');
    expect(client.serverHeader).toBe('Intel(R) Active Management Technology 15.0.23.1706');
  });
});
