// power:action (amt-protocols.md §2.5, POWER_ACTIONS): destructive actions need confirmed=true; each client
// gets its own result through the shared per-client runner (client-action.ts: audit, 'clients:changed',
// PowerWatch). Wake-on-LAN: TODO(#4).

import { POWER_ACTIONS, type ClientId, type PowerAction } from '../../../shared/domain';
import type { ParsedRequestOf, PerClientResult, ResponseOf } from '../../../shared/ipc';
import { getPowerState, requestPowerAction } from '../../amt/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';
import { readStateAfter, runClientAction } from './client-action';

export async function powerAction(
  deps: ApiDeps,
  request: ParsedRequestOf<'power:action'>,
): Promise<ResponseOf<'power:action'>> {
  const action = request.action as PowerAction;
  const spec = POWER_ACTIONS[action];
  if (spec.destructive && !request.confirmed) {
    throw new ApiError(
      'confirmation-required',
      `"${spec.label}" can lose unsaved work on the client; confirm it before it is sent.`,
    );
  }
  const ids = [...new Set(request.ids)] as ClientId[];
  // All clients start at once; the DeviceGate bounds how many devices are talked to concurrently.
  const results = await Promise.all(ids.map((id) => powerOne(deps, id, action)));
  return { results };
}

function powerOne(deps: ApiDeps, id: ClientId, action: PowerAction): Promise<PerClientResult> {
  const spec = POWER_ACTIONS[action];
  return runClientAction(deps, id, {
    auditAction: `power:${action}`,
    expectedState: spec.expectedState,
    work: async (wsman) => {
      await requestPowerAction(wsman, action);
      return { power: await readStateAfter(() => getPowerState(wsman)), detail: `${spec.label}: accepted by AMT` };
    },
  });
}
