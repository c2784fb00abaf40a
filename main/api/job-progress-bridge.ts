// main/jobs' batched progress to the renderer: each tick's update goes out as one `jobs:progress` event
// as it is, and the clients a target finished on (woken, powered off, details collected, a wrong password
// flagged) join the tick's `clients:changed`, so the tree shows what the job did without a refresh.

import { FINAL_TARGET_STATES, type JobProgress } from '../../shared/domain';
import type { FleetService } from '../fleet/index';
import type { JobService } from '../jobs/index';
import type { ApiEvents } from './api-events';

export function bridgeJobProgress(jobs: JobService, fleet: FleetService, events: ApiEvents): () => void {
  return jobs.onProgress((update: JobProgress) => {
    events.emit('jobs:progress', update);
    for (const target of update.targets) {
      if (!FINAL_TARGET_STATES.has(target.state)) continue;
      const client = fleet.getClient(target.clientId);
      if (client) events.clientChanged(client);
    }
  });
}
