// Subscribes to main's events and applies them to the stores. client:changed events are batched for a
// short interval (VS Code's terminal-data idea): a power sweep over 1,000 clients then costs a few store
// updates rather than 1,000 tree re-derivations.
import { refreshEligibility } from '../stores/filter-store';
import type { Client, ClientId } from '../../shared/domain';
import type { AmtApi } from '../../shared/ipc';
import { startSolEvents } from '../commands/sol-command';
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

  const offChanged = api.onClientChanged((client) => {
    pending.set(client.id, client);
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

  return () => {
    offChanged();
    offRemoved();
    offFleet();
    offSol();
    if (timer !== null) clearTimeout(timer);
  };
}
