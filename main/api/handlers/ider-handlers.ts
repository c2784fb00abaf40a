// ider:start / ider:stop (issue 9): an image on the console's disk served to one client as its redirected floppy
// or CD, owned by the calling connection (CallContext.peer). The session itself lives in main/api/ider-sessions.ts.

import type { ClientId, IderSessionId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { ApiError, type ApiErrorCode } from '../api-error';
import type { CallContext } from '../router';
import type { ApiDeps } from './api-deps';
import { preflight } from './client-preflight';

export async function startIder(
  deps: ApiDeps,
  request: ParsedRequestOf<'ider:start'>,
  context: CallContext,
): Promise<ResponseOf<'ider:start'>> {
  const checked = preflight(deps, request.id as ClientId);
  if (!checked.ok) {
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: 'ider:start',
      target: checked.client?.hostName ?? `client #${request.id}`,
      result: 'failed',
      detail: checked.error.message,
    });
    // preflight's codes are the API's own: not-found, no-amt, no-credentials.
    throw new ApiError(checked.error.code as ApiErrorCode, checked.error.message);
  }
  const sessionId = await deps.ider.start(checked.client, checked.credentials, context.peer, {
    media: request.media,
    path: request.path,
    startMode: request.startMode,
  });
  return { sessionId };
}

export async function stopIder(
  deps: ApiDeps,
  request: ParsedRequestOf<'ider:stop'>,
  context: CallContext,
): Promise<ResponseOf<'ider:stop'>> {
  return { stopped: await deps.ider.stop(request.sessionId as IderSessionId, context.peer) };
}
