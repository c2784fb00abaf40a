// sol:open / sol:send / sol:close (mission M5): a Serial-over-LAN terminal per client, owned by the calling
// connection (CallContext.peer). The session itself lives in main/api/sol-sessions.ts.

import type { ClientId, SolSessionId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { ApiError, type ApiErrorCode } from '../api-error';
import type { CallContext } from '../router';
import type { ApiDeps } from './api-deps';
import { preflight } from './client-preflight';

export async function openSol(
  deps: ApiDeps,
  request: ParsedRequestOf<'sol:open'>,
  context: CallContext,
): Promise<ResponseOf<'sol:open'>> {
  const checked = preflight(deps, request.id as ClientId);
  if (!checked.ok) {
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: 'sol:open',
      target: checked.client?.hostName ?? `client #${request.id}`,
      result: 'failed',
      detail: checked.error.message,
    });
    // preflight's codes are the API's own: not-found, no-amt, no-credentials.
    throw new ApiError(checked.error.code as ApiErrorCode, checked.error.message);
  }
  return { sessionId: deps.sol.open(checked.client, checked.credentials, context.peer) };
}

export async function sendSol(
  deps: ApiDeps,
  request: ParsedRequestOf<'sol:send'>,
  context: CallContext,
): Promise<ResponseOf<'sol:send'>> {
  return { sent: deps.sol.send(request.sessionId as SolSessionId, context.peer, request.data) };
}

export async function closeSol(
  deps: ApiDeps,
  request: ParsedRequestOf<'sol:close'>,
  context: CallContext,
): Promise<ResponseOf<'sol:close'>> {
  return { closed: await deps.sol.close(request.sessionId as SolSessionId, context.peer) };
}
