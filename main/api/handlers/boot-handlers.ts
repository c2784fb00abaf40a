// clients:boot (mission M5; amt-protocols.md §2.6 one-shot boot, §2.5 power on / reset): the next boot set to
// BIOS setup, PXE or the redirected floppy/CD, optionally with the console on Serial-over-LAN, then the PC powered
// on or reset. A reset loses unsaved work, and which clients are running is only known after asking them, so boot
// always needs confirmed=true. An IDE-R target needs this console to be serving that medium to the client (an
// active ider:start session): without one the PC would stop at a missing drive, so that client is refused. The
// boot setting is one-shot: the firmware uses it for this boot only, and the next boot is the normal one.

import type { ClientId } from '../../../shared/domain';
import type { IderMedia, ParsedRequestOf, PerClientResult, ResponseOf } from '../../../shared/ipc';
import { bootTo, checkRedirectionReady, getPowerState, BOOT_TARGETS, type BootTarget } from '../../amt/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';
import { readStateAfter, runClientAction } from './client-action';
import { failedResult } from './client-preflight';

type RequestTarget = ParsedRequestOf<'clients:boot'>['target'];

/** Contract names → the AMT core's boot targets. */
const BOOT_TARGET_OF: Readonly<Record<RequestTarget, BootTarget>> = {
  bios: 'bios',
  pxe: 'pxe',
  'ider-floppy': 'ider-floppy',
  'ider-cd': 'ider-cd',
};
/** The medium an IDE-R target boots from. */
const IDER_MEDIUM_OF: Partial<Readonly<Record<BootTarget, IderMedia>>> = { 'ider-floppy': 'floppy', 'ider-cd': 'cd' };
const MEDIUM_WORDS: Readonly<Record<IderMedia, string>> = { floppy: 'floppy', cd: 'CD' };

export function iderNotActiveWords(hostName: string, medium: IderMedia): string {
  const what = MEDIUM_WORDS[medium];
  return `The console is not serving a ${what} image to ${hostName}: start IDE-R with a ${what} image first, or the PC would stop at a missing ${what} drive. Nothing was sent.`;
}
export const BOOT_CONFIRMATION_WORDS =
  'Booting resets clients that are running, which loses unsaved work; confirm it before it is sent.';

export async function bootClients(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:boot'>,
): Promise<ResponseOf<'clients:boot'>> {
  const target = BOOT_TARGET_OF[request.target];
  if (!request.confirmed) throw new ApiError('confirmation-required', BOOT_CONFIRMATION_WORDS);
  const ids = [...new Set(request.ids)] as ClientId[];
  const results = await Promise.all(ids.map((id) => bootOne(deps, id, target, request.useSol)));
  return { results };
}

async function bootOne(deps: ApiDeps, id: ClientId, target: BootTarget, useSol: boolean): Promise<PerClientResult> {
  const label = BOOT_TARGETS[target].label;
  const medium = IDER_MEDIUM_OF[target];
  const client = deps.fleet.getClient(id);
  if (medium !== undefined && client && deps.ider.activeMedia(id) !== medium) {
    const words = iderNotActiveWords(client.hostName, medium);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: `boot:${target}`,
      target: client.hostName,
      result: 'failed',
      detail: words,
    });
    return failedResult(id, { code: 'ider-not-active', message: words });
  }
  return runClientAction(deps, id, {
    auditAction: `boot:${target}`,
    expectedState: 'on',
    work: async (wsman, client) => {
      // Client control mode: a boot change without consent is taken and silently ignored by the firmware
      // (device-management-toolkit/deployment issue 291), so consent is checked first.
      await checkRedirectionReady(wsman, 'boot', client.hostName);
      const result = await bootTo(wsman, target, { useSol });
      const how = result.powerAction === 'on' ? 'powered on' : 'reset';
      return {
        power: await readStateAfter(() => getPowerState(wsman)),
        detail: `next boot ${label}${useSol ? ' with its console on Serial-over-LAN' : ''}; ${how} (was ${result.previousState})`,
      };
    },
  });
}
