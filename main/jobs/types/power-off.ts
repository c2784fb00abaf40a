// Power off through AMT (hard off, S5). A client that is already off is done; the off is sent once.

import { isPoweredDown, POWER_STATE_LABEL } from '../../../shared/domain';
import { clockWords, waitSecondsWords } from '../job-schedule';
import type { JobTypeModule } from './job-type';
import { amtFailed, amtNeeded, uncertainWords } from './type-words';

export const powerOffType: JobTypeModule = {
  type: 'power-off',
  wakesFirst: false,
  shutdownAfterApplies: false,
  async run(context) {
    const { device, channel } = context;
    const unusable = amtNeeded(device, 'Powering off');
    if (unusable) return unusable;
    let state;
    try {
      state = await channel.readPowerState(device);
    } catch (error) {
      return amtFailed(device, 'Reading the power state', error);
    }
    if (isPoweredDown(state)) return { ok: true, words: `the client was already off (${POWER_STATE_LABEL[state]})` };
    let sent;
    try {
      sent = await context.once('power-off', () => channel.requestPower(device, 'off'));
    } catch (error) {
      return amtFailed(device, 'AMT power off', error);
    }
    const sentAt = context.nowMs();
    const waitMs = context.options.waitSec * 1_000;
    const off = await context.waitFor(async () => {
      const now = await context.powerState();
      return now !== undefined && isPoweredDown(now);
    }, waitMs);
    if (off) return { ok: true, words: `AMT powered the client off (sent at ${clockWords(sentAt)})` };
    if (sent === 'uncertain')
      return { ok: false, words: `${uncertainWords('power-off')}, and the client is still on`, retry: false };
    return {
      ok: false,
      words: `AMT accepted the power-off, but the client was still on after ${waitSecondsWords(waitMs)}`,
      retry: true,
    };
  },
};
