// Restart: a hardware reset through AMT. A client the job had to power on has just booted: that was its restart.

import { clockWords } from '../job-schedule';
import type { JobTypeModule } from './job-type';
import { amtFailed, amtNeeded, uncertainWords } from './type-words';

export const restartType: JobTypeModule = {
  type: 'restart',
  wakesFirst: true,
  shutdownAfterApplies: false,
  async run(context) {
    const { device, channel } = context;
    if (context.wokenByJob) return { ok: true, words: 'the client was off; powering it on was its restart' };
    const unusable = amtNeeded(device, 'Restarting');
    if (unusable) return unusable;
    try {
      const sent = await context.once('reset', () => channel.requestPower(device, 'reset'));
      // A reset leaves the client in S0: its state cannot tell whether an uncertain one arrived.
      if (sent === 'uncertain')
        return { ok: false, words: `${uncertainWords('reset')}; whether it arrived cannot be told`, retry: false };
      return {
        ok: true,
        words: `AMT reset the client (${sent === 'sent' ? `sent at ${clockWords(context.nowMs())}` : 'sent before the console restarted'})`,
      };
    } catch (error) {
      return amtFailed(device, 'AMT reset', error);
    }
  },
};
