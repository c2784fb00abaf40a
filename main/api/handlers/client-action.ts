// The per-client runner of out-of-band actions (power:action, clients:boot): preflight (exists, has AMT,
// credentials), the AMT work, an audit entry for every attempt, the state stored with 'clients:changed', and
// PowerWatch following the PC to the state the action leads to (amt-protocols.md §2.5).

import type { Client, ClientId, PowerState } from '../../../shared/domain';
import type { PerClientResult } from '../../../shared/ipc';
import type { WsmanClient } from '../../amt/index';
import type { ApiDeps } from './api-deps';
import { failClient, failedResult, markSeen, preflight } from './client-preflight';

export interface ClientActionSpec {
  /** The audit log's action name, e.g. `power:reset`, `boot:bios`. */
  readonly auditAction: string;
  /** The state the PC should reach; PowerWatch follows it there when the first reading differs. */
  readonly expectedState: PowerState;
  /** Talks to the device; returns the state read afterwards (undefined when unreadable) and the audit detail. */
  readonly work: (
    wsman: WsmanClient,
    client: Client,
  ) => Promise<{ readonly power: PowerState | undefined; readonly detail: string }>;
}

export async function runClientAction(deps: ApiDeps, id: ClientId, spec: ClientActionSpec): Promise<PerClientResult> {
  const checked = preflight(deps, id);
  if (!checked.ok) {
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: spec.auditAction,
      target: checked.client?.hostName ?? `client #${id}`,
      result: 'failed',
      detail: checked.error.message,
    });
    return failedResult(id, checked.error);
  }
  const { client, credentials } = checked;
  try {
    const outcome = await deps.amt.run(client, credentials, (wsman) => spec.work(wsman, client));
    const updated = markSeen(deps, client, outcome.power);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: spec.auditAction,
      target: client.hostName,
      result: 'ok',
      detail: outcome.detail,
    });
    if (updated.power !== spec.expectedState) deps.powerWatch.watch(id, spec.expectedState);
    return { id, ok: true, power: updated.power };
  } catch (error) {
    const reply = failClient(deps, client, error);
    deps.fleet.recordAudit({
      actor: deps.actor,
      action: spec.auditAction,
      target: client.hostName,
      result: 'failed',
      detail: reply.message,
    });
    return failedResult(id, reply);
  }
}

/** The state after an action: re-read rather than assumed, since the device may already be resetting (§2.5 note c). */
export function readStateAfter(read: () => Promise<{ readonly state: PowerState }>): Promise<PowerState | undefined> {
  return read().then(
    (reading) => reading.state,
    () => undefined,
  );
}
