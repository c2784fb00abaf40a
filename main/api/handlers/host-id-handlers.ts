// clients:store-host-id (mission M4, the bulk action on the tree's selection): for each client, read what its AMT
// storage holds and settle the host ID with it as registration does (restore, write, or a new ID said so), inside
// the client's device gate. Each client gets its own result in words; the change is audited.

import type { ClientId } from '../../../shared/domain';
import type { HostIdStoreResult, ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { readDeviceIdentity, settleHostId, writerFor } from '../../fleet/index';
import type { ApiDeps } from './api-deps';
import { failClient, preflight } from './client-preflight';

const ACTION = 'host-id:store';

export async function storeHostIds(
  deps: ApiDeps,
  request: ParsedRequestOf<'clients:store-host-id'>,
): Promise<ResponseOf<'clients:store-host-id'>> {
  const ids = [...new Set(request.ids)] as ClientId[];
  return { results: await Promise.all(ids.map((id) => storeOne(deps, id))) };
}

async function storeOne(deps: ApiDeps, id: ClientId): Promise<HostIdStoreResult> {
  const checked = preflight(deps, id);
  if (!checked.ok) return { id, ok: false, words: checked.error.message, error: checked.error };
  const { client, credentials } = checked;
  try {
    const outcome = await deps.amt.run(client, credentials, async (wsman) =>
      settleHostId(deps.fleet.store, client, await readDeviceIdentity(wsman), writerFor(wsman), {
        created: false,
        reinstalled: false,
      }),
    );
    const ok = outcome.kept !== 'console';
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: ACTION,
      target: client.hostName,
      result: ok ? 'ok' : 'failed',
      detail: outcome.words,
    });
    return { id, ok, hostId: outcome.hostId, kept: outcome.kept, words: outcome.words };
  } catch (error) {
    const reply = failClient(deps, client, error);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: ACTION,
      target: client.hostName,
      result: 'failed',
      detail: reply.message,
    });
    return { id, ok: false, words: reply.message, error: reply };
  }
}
