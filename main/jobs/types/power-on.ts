// Power on: the wake-up is the work (client control brings the client up first); nothing more to do.

import type { JobTypeModule } from './job-type';

export const powerOnType: JobTypeModule = {
  type: 'power-on',
  wakesFirst: true,
  shutdownAfterApplies: false,
  async run(context) {
    return { ok: true, words: context.wokenByJob ? 'the client is up' : 'the client was already on' };
  },
};
