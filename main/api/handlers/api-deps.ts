// What every handler is built from: the fleet service (store + discovery + credentials), the per-client
// AMT access, the event emitter, the SOL and IDE-R sessions, the jobs service, the audit pruner, who the actor is for
// the audit log, and the clock.

import type { FleetService } from '../../fleet/index';
import type { JobService } from '../../jobs/index';
import type { RunningRelayService } from '../../relay/index';
import type { ApiEvents } from '../api-events';
import type { AuditPruner } from '../audit-pruner';
import type { ClientAmt } from '../client-amt';
import type { ApiLog } from '../error-reply';
import type { PowerWatch } from '../power-watch';
import type { IderSessions } from '../ider-sessions';
import type { SolSessions } from '../sol-sessions';

export interface ApiDeps {
  readonly fleet: FleetService;
  readonly amt: ClientAmt;
  readonly events: ApiEvents;
  readonly powerWatch: PowerWatch;
  readonly sol: SolSessions;
  /** IDE redirection sessions (issue 9): images served to clients as their floppy or CD. */
  readonly ider: IderSessions;
  /** Client-control jobs (main/jobs): created, listed, cancelled and retried through the API. */
  readonly jobs: JobService;
  /** The relay listener and service (issue 8); absent when the console does not listen for relays. */
  readonly relays?: RunningRelayService;
  readonly auditPruner: AuditPruner;
  /** Who acts, for the audit log (the signed-in OS user running the console). */
  readonly actor: string;
  readonly log: ApiLog;
  readonly now: () => Date;
}
