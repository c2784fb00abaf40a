// Right pane: the details of the one selected client (loaded through clients:details when the
// selection settles on it), a summary for several, or the relay/server that is selected.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ClientId, RelayId } from '../../shared/domain';
import { DetailsPane } from '../components/details-pane';
import { PlaceholderPane } from '../components/placeholder-pane';
import { setLegacyTls } from '../commands/legacy-tls-command';
import { powerGroupOf, POWER_GROUP_LABEL, type PowerGroup } from '../model/power-display';
import { clientIdOfKey, SERVER_KEY } from '../model/tree-rows';
import { useActionResultsStore } from '../stores/action-results-store';
import { openDialog } from '../stores/dialog-store';
import { loadDetails, useDetailsStore } from '../stores/details-store';
import { selectRelayName, useFleetStore } from '../stores/fleet-store';
import { selectSelectedClientIds, useSelectionStore } from '../stores/selection-store';

/** A quick run of arrow presses should not fire a details request per row passed. */
const DETAILS_DEBOUNCE_MS = 150;

export function DetailsView() {
  const selectedIds = useSelectionStore(useShallow(selectSelectedClientIds));
  const selectedKeys = useSelectionStore((s) => s.selected);
  const onlyId: ClientId | null = selectedIds.length === 1 && selectedKeys.size === 1 ? (selectedIds[0] as ClientId) : null;

  // A re-registration can rename the selected asset (a re-install, M4): its details are read again then.
  const hostName = useFleetStore((s) => (onlyId === null ? undefined : s.clientsById.get(onlyId)?.hostName));
  useEffect(() => {
    if (onlyId === null) return;
    const timer = setTimeout(() => void loadDetails(onlyId), DETAILS_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [onlyId, hostName]);

  if (onlyId !== null) return <OneClient id={onlyId} />;
  if (selectedIds.length > 1) return <ManyClients ids={selectedIds} />;
  const [onlyKey] = [...selectedKeys];
  if (selectedKeys.size === 1 && onlyKey !== undefined && clientIdOfKey(onlyKey) === null) return <NodeSummary rowKey={onlyKey} />;
  return (
    <PlaceholderPane icon="client" title="Select a client" testId="details-empty">
      <p className="muted">Choose a client in the tree to see its system information, network, inventory and recent activity. Ctrl+click or Shift+click selects several.</p>
    </PlaceholderPane>
  );
}

function OneClient({ id }: { id: ClientId }) {
  const client = useFleetStore((s) => s.clientsById.get(id) ?? null);
  const relayName = useFleetStore((s) => (client === null ? null : selectRelayName(s, client.relayId)));
  const details = useDetailsStore((s) => (s.clientId === id ? s : null));
  const lastResult = useActionResultsStore((s) => s.byClient.get(id));
  if (client === null) return <PlaceholderPane icon="client" title="This client was removed" testId="details-empty" />;
  return (
    <DetailsPane
      client={client}
      relayName={relayName}
      status={details?.status ?? 'loading'}
      details={details?.details ?? null}
      error={details?.error ?? null}
      lastResult={lastResult}
      onReload={() => void loadDetails(id)}
      onSetLegacyTls={(enabled) => setLegacyTls(id, enabled)}
      relayNameOf={(relayId) => selectRelayName(useFleetStore.getState(), relayId)}
      onEditCredentials={() => openDialog({ open: 'credentials' })}
    />
  );
}

function ManyClients({ ids }: { ids: readonly ClientId[] }) {
  const clients = useFleetStore((s) => s.clientsById);
  const counts = new Map<PowerGroup, number>();
  let noAmt = 0;
  let problems = 0;
  for (const id of ids) {
    const c = clients.get(id);
    if (c === undefined) continue;
    const g = powerGroupOf(c.power);
    counts.set(g, (counts.get(g) ?? 0) + 1);
    if (c.amtVersion === null) noAmt += 1;
    if (c.problem !== null) problems += 1;
  }
  return (
    <PlaceholderPane icon="list" title={`${ids.length.toLocaleString()} clients selected`} testId="details-many">
      <ul className="summary-list">
        {[...counts].map(([g, n]) => (
          <li key={g}>
            <span className={`swatch power-${g}`} /> {POWER_GROUP_LABEL[g]}: {n.toLocaleString()}
          </li>
        ))}
        {noAmt > 0 && <li>Without AMT (N/A): {noAmt.toLocaleString()}</li>}
        {problems > 0 && <li>With problems: {problems.toLocaleString()}</li>}
      </ul>
      <p className="muted">Power actions in the toolbar or the context menu apply to every selected client; each gets its own result below.</p>
    </PlaceholderPane>
  );
}

function NodeSummary({ rowKey }: { rowKey: string }) {
  const serverName = useFleetStore((s) => s.serverName);
  const relay = useFleetStore((s) => (rowKey === SERVER_KEY ? null : s.relays.find((r) => `r:${r.id}` === rowKey) ?? null));
  const clientCount = useFleetStore((s) => {
    if (rowKey === SERVER_KEY) return s.clientsById.size;
    const id = Number(rowKey.slice(2)) as RelayId;
    return s.index.clientsByRelay.get(id)?.length ?? 0;
  });
  if (relay === null) {
    return (
      <PlaceholderPane icon="server" title={serverName} testId="details-server">
        <p className="muted">The managing server: {clientCount.toLocaleString()} clients in total.</p>
      </PlaceholderPane>
    );
  }
  return (
    <PlaceholderPane icon={relay.kind === 'relay-manager' ? 'relay-manager' : 'relay-system'} title={relay.name} testId="details-relay">
      <dl className="fields narrow-fields">
        <dt>Kind</dt>
        <dd>{relay.kind === 'relay-manager' ? 'Relay manager' : 'Relay system'}</dd>
        <dt>Address</dt>
        <dd className="mono">{relay.host}</dd>
        <dt>Operating system</dt>
        <dd>{relay.os ?? '—'}</dd>
        <dt>Agent version</dt>
        <dd>{relay.agentVersion ?? '—'}</dd>
        <dt>Clients directly below</dt>
        <dd>{clientCount.toLocaleString()}</dd>
      </dl>
    </PlaceholderPane>
  );
}
