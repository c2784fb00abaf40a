// `amtctl boot HOST… --to bios|floppy|cd|pxe` (issue spec "amtctl", boot): sets the next boot through the
// operations layer, which then powers on (device off or asleep) or resets (device running).

import { POWER_ACTIONS, POWER_STATE_LABEL } from '../../../shared/domain';
import { bootTo, type BootToResult, type BootTarget as AmtBootTarget } from '../../amt/index';
import type { BootTarget } from '../args';
import type { HostCommand } from '../host-command';

/**
 * amtctl's words to the operations layer's targets. floppy and cd are IDE-R devices (mission M5): the
 * image must be served by an IDE-R session, which amtctl does not start yet.
 */
export const BOOT_TARGET_TO_AMT: Readonly<Record<BootTarget, AmtBootTarget>> = {
  bios: 'bios',
  floppy: 'ider-floppy',
  cd: 'ider-cd',
  pxe: 'pxe',
};

export interface BootOutcome {
  readonly result: BootToResult;
  readonly via: string | undefined;
}

export function bootCommand(target: BootTarget): HostCommand<BootOutcome> {
  return {
    headers: ['NEXT BOOT', 'WAS', 'DONE', 'VIA'],
    async run(session) {
      return { result: await bootTo(session.client, BOOT_TARGET_TO_AMT[target]), via: session.via() };
    },
    toJson: (r) => ({
      bootTarget: target,
      previousState: r.result.previousState,
      powerAction: r.result.powerAction,
      via: r.via,
    }),
    toCells: (r) => [
      target,
      POWER_STATE_LABEL[r.result.previousState],
      POWER_ACTIONS[r.result.powerAction].label,
      r.via ?? '',
    ],
  };
}
