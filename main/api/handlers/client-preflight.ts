// Checks made before talking to one client's AMT, without touching the network: the client exists, it has
// AMT (firmware version not N/A, mission M2), and a credential profile applies (M7). Each failure is that
// client's own result, so one bad client never fails a request for many.

import type { Client, ClientId, PowerState } from '../../../shared/domain';
import type { IpcError, PerClientResult } from '../../../shared/ipc';
import { problemFor, problemFromError, type ResolvedCredentials } from '../../fleet/index';
import { toIpcError } from '../error-reply';
import { endpointOf, triedPorts } from '../client-amt';
import type { ApiDeps } from './api-deps';

export const NO_AMT_WORDS = 'AMT firmware version is N/A: AMT linkage cannot be used for this client.';
/** Consent is asked for each time (client control mode), not a fault of the client: never its problem. */
const CONSENT_CODES: ReadonlySet<string> = new Set(['consent-required', 'consent-wrong-code', 'consent-expired']);
export const NOT_FOUND_WORDS = 'This client no longer exists (it may have been removed meanwhile).';

export type Preflight =
  | { readonly ok: true; readonly client: Client; readonly credentials: ResolvedCredentials }
  | { readonly ok: false; readonly client: Client | undefined; readonly error: IpcError };

export function preflight(deps: ApiDeps, id: ClientId): Preflight {
  const client = deps.fleet.getClient(id);
  if (!client) return { ok: false, client, error: { code: 'not-found', message: NOT_FOUND_WORDS } };
  if (client.amtVersion === null) return { ok: false, client, error: { code: 'no-amt', message: NO_AMT_WORDS } };
  const credentials = deps.fleet.credentialsFor(id);
  if (!credentials) {
    const problem = problemFor('no-credentials', deps.now().toISOString());
    setProblem(deps, client, problem);
    return { ok: false, client, error: { code: problem.code, message: problem.words } };
  }
  return { ok: true, client, credentials };
}

/**
 * Records what an AMT call on this client ran into as the client's problem (shown in the tree), emits the
 * change, and returns the same words as the result's error. Non-AMT errors are logged and shown as internal.
 */
export function failClient(deps: ApiDeps, client: Client, error: unknown): IpcError {
  const ports = triedPorts(deps.amt.tlsPolicy, endpointOf(client));
  const reply = toIpcError(error, deps.log, { host: client.hostName, ports });
  if (reply.code === 'internal' || CONSENT_CODES.has(reply.code)) return reply;
  const problem = problemFromError(error, client.hostName, deps.now().toISOString());
  setProblem(deps, client, problem);
  return { code: problem.code, message: problem.words };
}

/** A successful contact: the power state read, the problem cleared, last seen now. */
export function markSeen(deps: ApiDeps, client: Client, power: PowerState | undefined): Client {
  const updated = deps.fleet.updateClient(client.id, {
    ...(power !== undefined ? { power } : {}),
    lastSeenAt: deps.now().toISOString(),
    problem: null,
  });
  deps.events.clientChanged(updated);
  return updated;
}

function setProblem(deps: ApiDeps, client: Client, problem: NonNullable<Client['problem']>): void {
  if (client.problem?.code === problem.code && client.problem.words === problem.words) return;
  deps.events.clientChanged(deps.fleet.updateClient(client.id, { problem }));
}

export function failedResult(id: ClientId, error: IpcError): PerClientResult {
  return { id, ok: false, error };
}
