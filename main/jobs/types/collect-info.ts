// Collect system information: firmware version, network and inventory read through AMT; the client's
// details are refreshed with them (its AMT version, power state, MAC and DHCP).

import type { JobTypeModule } from './job-type';
import { amtFailed, amtNeeded } from './type-words';

export const collectInfoType: JobTypeModule = {
  type: 'collect-info',
  wakesFirst: true,
  shutdownAfterApplies: true,
  async run(context) {
    const { device, channel } = context;
    const unusable = amtNeeded(device, 'Collecting system information');
    if (unusable) return unusable;
    try {
      const info = await channel.collectInfo(device);
      await context.storeInfo(info);
      const ports = `${info.networkPorts} network port${info.networkPorts === 1 ? '' : 's'}`;
      return { ok: true, words: `AMT ${info.amtVersion}; ${ports}; ${info.inventory}` };
    } catch (error) {
      return amtFailed(device, 'Collecting system information', error);
    }
  },
};
