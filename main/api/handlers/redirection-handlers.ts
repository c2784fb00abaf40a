// redirection:enable (issue 9; amt-protocols.md §2.7): where AMT_RedirectionService has SOL or IDE-R or its
// listener switched off, the console offers to turn them on; this does it (never switching anything off) and
// says what it changed, one sentence per change, also in the audit log.

import type { ClientId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { enableRedirection } from '../../amt/index';
import { ApiError, type ApiErrorCode } from '../api-error';
import type { ApiDeps } from './api-deps';
import { failClient, markSeen, preflight } from './client-preflight';

const ACTION = 'redirection:enable';

export async function enableClientRedirection(
  deps: ApiDeps,
  request: ParsedRequestOf<'redirection:enable'>,
): Promise<ResponseOf<'redirection:enable'>> {
  const id = request.id as ClientId;
  const checked = preflight(deps, id);
  if (!checked.ok) {
    const target = checked.client?.hostName ?? `client #${id}`;
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: ACTION,
      target,
      result: 'failed',
      detail: checked.error.message,
    });
    throw new ApiError(checked.error.code as ApiErrorCode, checked.error.message);
  }
  const { client, credentials } = checked;
  const features = [...new Set(request.features)];
  try {
    const result = await deps.amt.run(client, credentials, (wsman) => enableRedirection(wsman, features));
    // The client's "redirection is switched off" problem, if it had one, is gone now.
    if (client.problem?.code === 'redirection-disabled') markSeen(deps, client, undefined);
    const detail = result.changes.length === 0 ? 'already on; nothing changed' : result.changes.join('; ');
    deps.fleet.recordAudit({ actor: deps.actor, action: ACTION, target: client.hostName, result: 'ok', detail });
    return { changes: result.changes };
  } catch (error) {
    const reply = failClient(deps, client, error);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: ACTION,
      target: client.hostName,
      result: 'failed',
      detail: reply.message,
    });
    throw new ApiError(reply.code as ApiErrorCode, reply.message);
  }
}
