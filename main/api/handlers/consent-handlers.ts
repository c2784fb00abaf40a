// consent:start / consent:send-code / consent:cancel (issue 9; amt-protocols.md §2.8): in client control mode
// the user at the PC allows SOL, IDE-R and boot changes by reading out the code AMT shows on the PC's screen.
// Every step is audited; the code itself never is (it is one-time, but it is the user's to give).

import type { ClientId } from '../../../shared/domain';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc';
import { cancelConsent, sendConsentCode, startConsent, type WsmanClient } from '../../amt/index';
import { ApiError, type ApiErrorCode } from '../api-error';
import type { ApiDeps } from './api-deps';
import { failClient, preflight } from './client-preflight';

/** Runs one consent step on the client's AMT: preflight, the WS-Man work, the audit entry, errors in words. */
async function consentStep<T>(
  deps: ApiDeps,
  id: ClientId,
  action: string,
  work: (wsman: WsmanClient) => Promise<{ readonly value: T; readonly detail: string }>,
): Promise<T> {
  const checked = preflight(deps, id);
  if (!checked.ok) {
    const target = checked.client?.hostName ?? `client #${id}`;
    deps.fleet.recordAudit({ actor: deps.actor, action, target, result: 'failed', detail: checked.error.message });
    throw new ApiError(checked.error.code as ApiErrorCode, checked.error.message);
  }
  const { client, credentials } = checked;
  try {
    const { value, detail } = await deps.amt.run(client, credentials, work);
    deps.fleet.recordAudit({ actor: deps.actor, action, target: client.hostName, result: 'ok', detail });
    return value;
  } catch (error) {
    const reply = failClient(deps, client, error);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action,
      target: client.hostName,
      result: 'failed',
      detail: reply.message,
    });
    throw new ApiError(reply.code as ApiErrorCode, reply.message);
  }
}

export function startClientConsent(
  deps: ApiDeps,
  request: ParsedRequestOf<'consent:start'>,
): Promise<ResponseOf<'consent:start'>> {
  return consentStep<ResponseOf<'consent:start'>>(deps, request.id as ClientId, 'consent:start', async (wsman) => {
    const status = await startConsent(wsman);
    const codeTimeoutSec = status.codeTimeoutSec ?? null;
    if (!status.displayed) {
      return { value: { needed: false, codeTimeoutSec }, detail: 'no user consent needed now; no code shown' };
    }
    const valid = codeTimeoutSec === null ? '' : ` (valid ${codeTimeoutSec} s)`;
    return { value: { needed: true, codeTimeoutSec }, detail: `consent code shown on the client's screen${valid}` };
  });
}

export function sendClientConsentCode(
  deps: ApiDeps,
  request: ParsedRequestOf<'consent:send-code'>,
): Promise<ResponseOf<'consent:send-code'>> {
  return consentStep(deps, request.id as ClientId, 'consent:send-code', async (wsman) => {
    await sendConsentCode(wsman, request.code);
    return { value: { accepted: true }, detail: 'the user gave consent (code accepted)' };
  });
}

export function cancelClientConsent(
  deps: ApiDeps,
  request: ParsedRequestOf<'consent:cancel'>,
): Promise<ResponseOf<'consent:cancel'>> {
  return consentStep(deps, request.id as ClientId, 'consent:cancel', async (wsman) => {
    await cancelConsent(wsman);
    return { value: { cancelled: true }, detail: "consent code taken off the client's screen" };
  });
}
