// clients:boot (mission M5; amt-protocols.md §2.6 one-shot boot, §2.5 power on / reset): the next boot set to
// BIOS setup or PXE, optionally with the BIOS console on Serial-over-LAN, then the PC powered on or reset.
// A reset loses unsaved work, and which clients are running is only known after asking them, so boot always
// needs confirmed=true. IDE-R targets need an IDE-R session the console does not have yet: refused up front.

import type { ClientId } from '../../../shared/domain';
import type { ParsedRequestOf, PerClientResult, ResponseOf } from '../../../shared/ipc';
import { bootTo, getPowerState, BOOT_TARGETS, type BootTarget } from '../../amt/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';
import { readStateAfter, runClientAction } from './client-action';

type RequestTarget = ParsedRequestOf<'clients:boot'>['target'];

/** Contract names → the AMT core's boot targets; null = not offered yet. */
const BOOT_TARGET_OF: Readonly<Record<RequestTarget, BootTarget | null>> = {
  bios: 'bios',
  pxe: 'pxe',
  // Booting to IDE-R without a session serving the image would leave the PC at a missing floppy/CD.
  'ider-floppy': null,
  'ider-cd': null,
};

export const IDER_UNSUPPORTED_WORDS = 'IDE redirection is not available yet: the console cannot serve a floppy or CD image, so it does not boot a PC to one.';
export const BOOT_CONFIRMATION_WORDS = 'Booting resets clients that are running, which loses unsaved work; confirm it before it is sent.';

export async function bootClients(deps: ApiDeps, request: ParsedRequestOf<'clients:boot'>): Promise<ResponseOf<'clients:boot'>> {
  const target = BOOT_TARGET_OF[request.target];
  if (target === null) throw new ApiError('unsupported', IDER_UNSUPPORTED_WORDS);
  if (!request.confirmed) throw new ApiError('confirmation-required', BOOT_CONFIRMATION_WORDS);
  const ids = [...new Set(request.ids)] as ClientId[];
  const results = await Promise.all(ids.map((id) => bootOne(deps, id, target, request.useSol)));
  return { results };
}

function bootOne(deps: ApiDeps, id: ClientId, target: BootTarget, useSol: boolean): Promise<PerClientResult> {
  const label = BOOT_TARGETS[target].label;
  return runClientAction(deps, id, {
    auditAction: `boot:${target}`,
    expectedState: 'on',
    work: async (wsman) => {
      const result = await bootTo(wsman, target, { useSol });
      const how = result.powerAction === 'on' ? 'powered on' : 'reset';
      return {
        power: await readStateAfter(() => getPowerState(wsman)),
        detail: `next boot ${label}${useSol ? ' with its console on Serial-over-LAN' : ''}; ${how} (was ${result.previousState})`,
      };
    },
  });
}
