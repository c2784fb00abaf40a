// Store host ID (mission M4, issue 10 item 3): the client's host ID is settled with its AMT Third Party Data
// Storage as registration does: restored from it, written to it, or (nothing restorable) a new one, said so.
// Without 3PDS the platform UUID is the key; a client whose ID could only be kept in the console fails.

import type { JobTypeModule } from './job-type';
import { amtFailed, amtNeeded } from './type-words';

const WHAT = 'Storing the host ID';

export const storeHostIdType: JobTypeModule = {
  type: 'store-host-id',
  wakesFirst: false, // AMT storage answers while the PC is off or asleep (§2.11)
  shutdownAfterApplies: false,
  async run(context) {
    const { device, channel } = context;
    const unusable = amtNeeded(device, WHAT);
    if (unusable) return unusable;
    if (!channel.storeHostId)
      return {
        ok: false,
        words: `${WHAT} is not possible through this channel (no host-ID store behind it)`,
        retry: false,
      };
    try {
      const outcome = await channel.storeHostId(device);
      if (outcome.kept === 'console') return { ok: false, words: outcome.words, retry: false };
      return { ok: true, words: outcome.words };
    } catch (error) {
      return amtFailed(device, WHAT, error);
    }
  },
};
