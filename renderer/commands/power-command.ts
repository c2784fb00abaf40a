// Power actions on one or many clients: destructive ones go through the confirmation dialog first
// (main refuses them unless `confirmed`), each client's outcome lands in the action-results slice.
import { POWER_ACTIONS, type ClientId, type PowerAction } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { beginBatch, failBatch, settleBatch, type ActionKind } from '../stores/action-results-store';
import { openDialog } from '../stores/dialog-store';
import { applyClientsChanged, loadFleet, useFleetStore } from '../stores/fleet-store';
import { clearDetails, loadDetails, useDetailsStore } from '../stores/details-store';
import { loadActivity } from '../stores/activity-store';
import { errorWordsOf } from '../model/error-words';
import type { PerClientResult } from '../../shared/ipc';

export function targetsOf(ids: readonly ClientId[]): Array<{ id: ClientId; hostName: string }> {
  const clients = useFleetStore.getState().clientsById;
  return ids.flatMap((id) => {
    const client = clients.get(id);
    return client === undefined ? [] : [{ id, hostName: client.hostName }];
  });
}

/** From the toolbar or context menu: asks first when the action can lose unsaved work. */
export function requestPowerAction(action: PowerAction, ids: readonly ClientId[]): void {
  if (ids.length === 0) return;
  if (POWER_ACTIONS[action].destructive) openDialog({ open: 'confirm-power', action, clientIds: ids });
  else void runPowerAction(action, ids, false);
}

export async function runPowerAction(action: PowerAction, ids: readonly ClientId[], confirmed: boolean): Promise<void> {
  const targets = targetsOf(ids);
  if (targets.length === 0) return;
  await runBatch(
    action,
    targets,
    async (batchIds) => (await amtApi().powerAction({ ids: batchIds, action, confirmed })).results,
  );
}

export async function refreshClients(ids: readonly ClientId[]): Promise<void> {
  const targets = targetsOf(ids);
  if (targets.length === 0) return;
  await runBatch('refresh', targets, async (batchIds) => (await amtApi().clientsRefresh({ ids: batchIds })).results);
  const shown = useDetailsStore.getState().clientId;
  if (shown !== null && ids.includes(shown)) void loadDetails(shown);
}

/** M4 "Store host ID": each selected client's ID settled with its AMT storage; failures say why, per client. */
export async function storeHostIds(ids: readonly ClientId[]): Promise<void> {
  const targets = targetsOf(ids);
  if (targets.length === 0) return;
  await runBatch('store-host-id', targets, async (batchIds) =>
    (await amtApi().clientsStoreHostId({ ids: batchIds })).results.map((r) =>
      r.ok
        ? { id: r.id, ok: true }
        : { id: r.id, ok: false, error: r.error ?? { code: 'storage' as const, message: r.words } },
    ),
  );
  const shown = useDetailsStore.getState().clientId;
  if (shown !== null && ids.includes(shown)) void loadDetails(shown);
}

export async function removeClients(ids: readonly ClientId[]): Promise<string | null> {
  try {
    await amtApi().clientsRemove({ ids: [...ids] });
    const shown = useDetailsStore.getState().clientId;
    if (shown !== null && ids.includes(shown)) clearDetails();
    await loadFleet();
    return null;
  } catch (error) {
    return errorWordsOf(error);
  }
}

export async function runBatch(
  action: ActionKind,
  targets: Array<{ id: ClientId; hostName: string }>,
  call: (ids: ClientId[]) => Promise<readonly PerClientResult[]>,
): Promise<void> {
  const batchId = beginBatch(action, targets);
  try {
    const results = await call(targets.map((t) => t.id));
    settleBatch(batchId, results);
    // Results carry the new power state; the client:changed events normally say the same, but a
    // transport without events still shows the outcome in the tree.
    const clients = useFleetStore.getState().clientsById;
    const changed = results.flatMap((r) => {
      const client = clients.get(r.id);
      return r.power !== undefined && client !== undefined && client.power !== r.power
        ? [{ ...client, power: r.power }]
        : [];
    });
    applyClientsChanged(changed);
  } catch (error) {
    failBatch(batchId, error);
  }
  void loadActivity();
}
