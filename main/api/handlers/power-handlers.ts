// power:action (amt-protocols.md §2.5, POWER_ACTIONS): destructive actions need confirmed=true; each client
// gets its own result; every attempt is audited (who, what, which client, result); the client's state is
// stored and 'client:changed' emitted; the new state is then followed by PowerWatch. Wake-on-LAN: TODO(#4).

import { POWER_ACTIONS, type ClientId, type PowerAction, type PowerState } from '../../../shared/domain';
import type { ParsedRequestOf, PerClientResult, ResponseOf } from '../../../shared/ipc';
import { getPowerState, requestPowerAction } from '../../amt/index';
import { ApiError } from '../api-error';
import type { ApiDeps } from './api-deps';
import { failClient, failedResult, markSeen, preflight } from './client-preflight';

export async function powerAction(deps: ApiDeps, request: ParsedRequestOf<'power:action'>): Promise<ResponseOf<'power:action'>> {
  const action = request.action as PowerAction;
  const spec = POWER_ACTIONS[action];
  if (spec.destructive && !request.confirmed) {
    throw new ApiError('confirmation-required', `"${spec.label}" can lose unsaved work on the client; confirm it before it is sent.`);
  }
  const ids = [...new Set(request.ids)] as ClientId[];
  // All clients start at once; the DeviceGate bounds how many devices are talked to concurrently.
  const results = await Promise.all(ids.map((id) => powerOne(deps, id, action)));
  return { results };
}

async function powerOne(deps: ApiDeps, id: ClientId, action: PowerAction): Promise<PerClientResult> {
  const spec = POWER_ACTIONS[action];
  const auditAction = `power:${action}`;
  const checked = preflight(deps, id);
  if (!checked.ok) {
    deps.fleet.recordAudit({ actor: deps.actor, action: auditAction, target: checked.client?.hostName ?? `client #${id}`, result: 'failed', detail: checked.error.message });
    return failedResult(id, checked.error);
  }
  const { client, credentials } = checked;
  try {
    const state = await deps.amt.run(client, credentials, async (wsman): Promise<PowerState | undefined> => {
      await requestPowerAction(wsman, action);
      // The device may already be resetting; the state is re-read rather than assumed (§2.5 note c).
      return getPowerState(wsman).then(
        (reading) => reading.state,
        () => undefined,
      );
    });
    const updated = markSeen(deps, client, state);
    deps.fleet.recordAudit({ actor: deps.actor, action: auditAction, target: client.hostName, result: 'ok', detail: `${spec.label}: accepted by AMT` });
    if (updated.power !== spec.expectedState) deps.powerWatch.watch(id, spec.expectedState);
    return { id, ok: true, power: updated.power };
  } catch (error) {
    const reply = failClient(deps, client, error);
    deps.fleet.recordAudit({ actor: deps.actor, action: auditAction, target: client.hostName, result: 'failed', detail: reply.message });
    return failedResult(id, reply);
  }
}
