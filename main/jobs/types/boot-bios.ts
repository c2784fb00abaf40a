// Boot to BIOS setup: the next boot is set to BIOS setup, then the client is powered on (when off) or reset
// (when on) through AMT, once. Client control does not wake it first: the power-on is the boot.

import { isPoweredDown } from '../../../shared/domain';
import type { JobTypeModule } from './job-type';
import { amtFailed, amtNeeded, uncertainWords } from './type-words';

export const bootBiosType: JobTypeModule = {
  type: 'boot-bios',
  wakesFirst: false,
  shutdownAfterApplies: false,
  async run(context) {
    const { device, channel } = context;
    const unusable = amtNeeded(device, 'Booting to BIOS setup');
    if (unusable) return unusable;
    let action: 'on' | 'reset';
    try {
      await channel.setBootToBiosSetup(device);
      action = isPoweredDown(await channel.readPowerState(device)) ? 'on' : 'reset';
    } catch (error) {
      return amtFailed(device, 'Setting the next boot to BIOS setup', error);
    }
    try {
      const sent = await context.once('boot-bios', () => channel.requestPower(device, action));
      if (sent === 'uncertain')
        return { ok: false, words: `${uncertainWords('power-on or reset into BIOS setup')}`, retry: false };
      return {
        ok: true,
        words: `the next boot is BIOS setup; AMT ${action === 'on' ? 'powered the client on' : 'reset the client'}`,
      };
    } catch (error) {
      return amtFailed(device, action === 'on' ? 'AMT power-on into BIOS setup' : 'AMT reset into BIOS setup', error);
    }
  },
};
