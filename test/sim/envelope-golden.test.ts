// Golden tests: given the values a captured device had, the simulator's WS-Man service writes the firmware's
// envelope byte for byte (test/fixtures/amt-wsman raw single-line captures).
import { AMT, CIM } from '@device-management-toolkit/wsman-messages';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BootConfiguration } from './boot-configuration';
import type { DeviceState } from './class-catalog';
import { ACTION_FAULT_WSMAN, POWER_ON } from './constants';
import type { DeviceProfile } from './device-profile';
import { writeFaultEnvelope } from './envelope-writer';
import { PowerStateMachine } from './power-state-machine';
import { RedirectionState } from './redirection-state';
import { parseWsmanRequest } from './request-parser';
import { ACTIONS, NS, requestEnvelope } from './sim-test-client';
import { WsmanService } from './wsman-service';
import { DEFAULT_STORAGE_LIMITS, ThirdPartyStorage } from './third-party-storage';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/amt-wsman/${name}`, import.meta.url), 'utf8');
const cim = new CIM.Messages();
const amt = new AMT.Messages();

/** A device carrying the captured values; fields a class does not read are left out on purpose. */
function stateWith(profile: Partial<DeviceProfile>): DeviceState {
  const boot = new BootConfiguration();
  return {
    profile: profile as DeviceProfile,
    boot,
    power: new PowerStateMachine({ initialState: POWER_ON, timeScale: 0, boot }),
    redirection: new RedirectionState(),
    storage: new ThirdPartyStorage(
      DEFAULT_STORAGE_LIMITS,
      { hostName: profile.hostName ?? '', installedAt: '', reinstalls: 0 },
      undefined,
    ),
  };
}

/** Re-addresses a request built by wsman-messages so it carries the MessageID the capture's RelatesTo echoes. */
function withMessageId(envelope: string, messageId: string): string {
  return envelope.replace(/<a:MessageID>[^<]*<\/a:MessageID>/, `<a:MessageID>${messageId}</a:MessageID>`);
}

function service(state: DeviceState, firstMessageId: number): WsmanService {
  return new WsmanService(state, { busy: () => false, firstMessageId });
}

describe('simulator envelopes against raw firmware captures', () => {
  it('reproduces AMT_GeneralSettings.Get.xml (AMT 15.0.23)', () => {
    const s = service(stateWith({ realm: 'Digest:62FFAC181B3F3457C5B3894ED21F3E6E', hostName: '', domainName: '' }), 1);
    const reply = s.handle(parseWsmanRequest(withMessageId(amt.GeneralSettings.Get(), '0')));
    expect(reply.envelope).toBe(fixture('AMT_GeneralSettings.Get.xml'));
  });

  it('reproduces CIM_ComputerSystemPackage.Get.xml (endpoint references and PlatformGUID)', () => {
    const s = service(stateWith({ platformGuid: '44454C4C4B0010428033B6C04F504633' }), 1);
    const reply = s.handle(parseWsmanRequest(withMessageId(cim.ComputerSystemPackage.Get(), '1')));
    expect(reply.envelope).toBe(fixture('CIM_ComputerSystemPackage.Get.xml'));
  });

  it('reproduces CIM_Card.Get.xml (common namespace declared but unused)', () => {
    const s = service(
      stateWith({
        baseboard: {
          manufacturer: 'Dell Inc.',
          model: '0MVDNX',
          serialNumber: '/6KB3PF3/CNPEC0017500BC/',
          version: 'A00',
        },
      }),
      3,
    );
    const reply = s.handle(parseWsmanRequest(withMessageId(cim.Card.Get(), '2')));
    expect(reply.envelope).toBe(fixture('CIM_Card.Get.xml'));
  });

  it('reproduces AMT_RedirectionService.Get.xml', () => {
    const s = service(stateWith({}), 0x22877);
    const reply = s.handle(parseWsmanRequest(withMessageId(amt.RedirectionService.Get(), '0')));
    expect(reply.envelope).toBe(fixture('AMT_RedirectionService.Get.xml'));
  });

  it('reproduces the captured boot sequence: Enumerate, three one-item Pulls, Get, ChangeBootOrder, SetBootConfigRole', () => {
    const s = service(stateWith({}), 1);
    const relatesTo = (name: string): string => /<b:RelatesTo>([^<]*)</.exec(fixture(name))?.[1] ?? '';
    const pull = (context: string): string =>
      requestEnvelope({
        action: ACTIONS.pull,
        resourceUri: `${NS.cim}CIM_BootSourceSetting`,
        messageId: 'x',
        body: `<Pull xmlns="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><EnumerationContext>${context}</EnumerationContext></Pull>`,
      });
    const steps: Array<[string, string]> = [
      ['CIM_BootSourceSetting.Enumerate.xml', cim.BootSourceSetting.Enumerate()],
      ['CIM_BootSourceSetting.Pull.1of3.xml', pull('01000000-0000-0000-0000-000000000000')],
      ['CIM_BootSourceSetting.Pull.2of3.xml', pull('01000000-0000-0000-0000-000000000000')],
      ['CIM_BootSourceSetting.Pull.3of3.xml', pull('01000000-0000-0000-0000-000000000000')],
      ['CIM_BootConfigSetting.Get.xml', cim.BootConfigSetting.Get()],
      ['CIM_BootConfigSetting.ChangeBootOrder.xml', cim.BootConfigSetting.ChangeBootOrder()],
      [
        'CIM_BootService.SetBootConfigRole.xml',
        cim.BootService.SetBootConfigRole('Intel(r) AMT: Boot Configuration 0', 1 as never),
      ],
    ];
    for (const [name, request] of steps) {
      const reply = s.handle(parseWsmanRequest(withMessageId(request, relatesTo(name))));
      expect(reply.envelope, name).toBe(fixture(name));
    }
  });

  it('reproduces the captured redirection set-up: RedirectionService RequestStateChange, KVM RequestStateChange, Put', () => {
    // One device: the state change is made first, so the Put's reply shows EnabledState 32770 as captured.
    const device = stateWith({});
    const rsc = service(device, 0x23ca2).handle(
      parseWsmanRequest(withMessageId(amt.RedirectionService.RequestStateChange(32770 as never), '1')),
    );
    expect(rsc.envelope).toBe(fixture('AMT_RedirectionService.RequestStateChange.xml'));
    const kvm = service(stateWith({}), 0x23ca4).handle(
      parseWsmanRequest(withMessageId(cim.KVMRedirectionSAP.RequestStateChange(2 as never), '1')),
    );
    expect(kvm.envelope).toBe(fixture('CIM_KVMRedirectionSAP.RequestStateChange.xml'));
    const put = service(device, 0x23ca5).handle(
      parseWsmanRequest(
        withMessageId(
          amt.RedirectionService.Put({
            CreationClassName: 'AMT_RedirectionService',
            ElementName: 'Intel(r) AMT Redirection Service',
            EnabledState: 32770,
            ListenerEnabled: true,
            Name: 'Intel(r) AMT Redirection Service',
            SystemCreationClassName: 'CIM_ComputerSystem',
            SystemName: 'Intel(r) AMT',
          } as never),
          '2',
        ),
      ),
    );
    expect(put.envelope).toBe(fixture('AMT_RedirectionService.Put.xml'));
  });

  it('reproduces CIM_KVMRedirectionSAP.Get.xml and IPS_OptInService.Put.xml', () => {
    const kvm = service(stateWith({}), 0x23709).handle(
      parseWsmanRequest(withMessageId(cim.KVMRedirectionSAP.Get(), '0')),
    );
    expect(kvm.envelope).toBe(fixture('CIM_KVMRedirectionSAP.Get.xml'));
    const putBody =
      '<h:IPS_OptInService xmlns:h="http://intel.com/wbem/wscim/1/ips-schema/1/IPS_OptInService"><h:OptInRequired>4294967295</h:OptInRequired></h:IPS_OptInService>';
    const optIn = service(stateWith({}), 0x23c0c).handle(
      parseWsmanRequest(
        requestEnvelope({
          action: ACTIONS.put,
          resourceUri: `${NS.ips}IPS_OptInService`,
          messageId: '1',
          body: putBody,
        }),
      ),
    );
    expect(optIn.envelope).toBe(fixture('IPS_OptInService.Put.xml'));
  });

  it('reproduces CIM_PowerManagementService.RequestPowerStateChange.xml', () => {
    const s = service(stateWith({}), 0x0c);
    const reply = s.handle(
      parseWsmanRequest(withMessageId(cim.PowerManagementService.RequestPowerStateChange(8 as never), 'uuid:')),
    );
    expect(reply.envelope).toBe(fixture('CIM_PowerManagementService.RequestPowerStateChange.xml'));
  });

  it('reproduces Fault.DestinationUnreachable.xml for an unknown resource', () => {
    const s = service(stateWith({}), 0x61);
    const request = requestEnvelope({
      action: ACTIONS.get,
      resourceUri: 'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_Gone',
      messageId: '0',
    });
    const reply = s.handle(parseWsmanRequest(request));
    expect(reply.status).toBe(400);
    expect(reply.envelope).toBe(fixture('Fault.DestinationUnreachable.xml'));
  });

  it('writes Fault.AlreadyExists.xml with the reversed fault prefix table', () => {
    const envelope = writeFaultEnvelope({
      relatesTo: '31',
      action: ACTION_FAULT_WSMAN,
      messageId: 'uuid:00000000-8086-8086-8086-000000023EEF',
      code: 'Sender',
      subcode: 'e:AlreadyExists',
      reason: 'The sender attempted to create a resource which already exists.',
    });
    expect(envelope).toBe(fixture('Fault.AlreadyExists.xml'));
  });
});
