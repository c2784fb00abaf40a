// The public face of main/amt carries the WS-Man client and operations next to the wire layer.
import { describe, expect, it } from 'vitest';
import * as amt from '../../../../main/amt';

describe('main/amt index', () => {
  it('exports the client, the operations and the wire pieces', () => {
    for (const name of [
      'WsmanClient',
      'getPowerState',
      'requestPowerAction',
      'getFirmwareVersion',
      'getGeneralSettings',
      'getEthernetPorts',
      'getHardwareInventory',
      'getSystemUuid',
      'platformGuidToUuid',
      'setNextBoot',
      'bootTo',
      'getBootCapabilities',
      'isBootTarget',
      'parseSoapResponse',
      'parseXml',
      'checkReturnValue',
      'createWsmanTransport',
      'TransportPool',
      'parseEndpoint',
      'computeDigestResponse',
      'MemoryPinStore',
      'FilePinStore',
    ]) {
      expect(typeof (amt as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(Object.keys(amt.BOOT_TARGETS)).toEqual(['bios', 'ider-floppy', 'ider-cd', 'pxe', 'hdd', 'cd', 'diagnostic']);
  });
});
