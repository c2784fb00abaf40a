// Subscribes to main's events and applies them to the stores. Main already sends one clients:changed per
// tick; the renderer still gathers them for a short interval (VS Code's terminal-data idea), so several
// sources (power watches, a job's progress) cost one tree re-derivation per interval, not one each.
import { refreshEligibility } from '../stores/filter-store';
import type { Client, ClientId } from '../../shared/domain';
import type { AmtApi } from '../../shared/ipc';
import { startJobEvents } from '../commands/job-command';
import { startSolEvents } from '../commands/sol-command';
import { startIderEvents } from '../commands/ider-command';
import { applyClientsChanged, applyClientsRemoved, loadFleet } from '../stores/fleet-store';

export const LIVE_FLUSH_INTERVAL_MS = 50;

export function startLiveUpdates(api: AmtApi): () => void {
  let pending = new Map<ClientId, Client>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    timer = null;
    const batch = [...pending.values()];
    pending = new Map();
    applyClientsChanged(batch);
  };

  const offChanged = api.onClientsChanged(({ clients }) => {
    for (const client of clients) pending.set(client.id, client);
    timer ??= setTimeout(flush, LIVE_FLUSH_INTERVAL_MS);
  });
  const offRemoved = api.onClientsRemoved(({ ids }) => {
    if (timer !== null) {
      clearTimeout(timer);
      flush();
    }
    applyClientsRemoved(ids);
  });
  const offFleet = api.onFleetChanged(() => {
    void loadFleet().then(() => refreshEligibility());
  });
  const offSol = startSolEvents(api);
  const offIder = startIderEvents(api);
  const offJobs = startJobEvents(api);

  return () => {
    offChanged();
    offRemoved();
    offFleet();
    offSol();
    offIder();
    offJobs();
    if (timer !== null) clearTimeout(timer);
  };
}
