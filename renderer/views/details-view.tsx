// Right pane: the details of the one selected client (loaded through clients:details when the
// selection settles on it), a summary for several, or the relay/server that is selected.
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ClientId, Relay, RelayId, ReportRow } from '../../shared/domain';
import { DetailsPane } from '../components/details-pane';
import { PlaceholderPane } from '../components/placeholder-pane';
import { RelayDetailsPane } from '../components/relay-details-pane';
import {
  issueEnrolmentCode,
  loadRelayLinks,
  loadRelayPrerequisites,
  renameRelay,
  revokeRelay,
  type RelayLinks,
} from '../commands/relay-command';
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
  const onlyId: ClientId | null =
    selectedIds.length === 1 && selectedKeys.size === 1 ? (selectedIds[0] as ClientId) : null;

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
  if (selectedKeys.size === 1 && onlyKey !== undefined && clientIdOfKey(onlyKey) === null)
    return <NodeSummary rowKey={onlyKey} />;
  return (
    <PlaceholderPane icon="client" title="Select a client" testId="details-empty">
      <p className="muted">
        Choose a client in the tree to see its system information, network, inventory and recent activity. Ctrl+click or
        Shift+click selects several.
      </p>
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
      <p className="muted">
        Power actions in the toolbar or the context menu apply to every selected client; each gets its own result below.
      </p>
    </PlaceholderPane>
  );
}

function NodeSummary({ rowKey }: { rowKey: string }) {
  const serverName = useFleetStore((s) => s.serverName);
  const relay = useFleetStore((s) =>
    rowKey === SERVER_KEY ? null : (s.relays.find((r) => `r:${r.id}` === rowKey) ?? null),
  );
  const clientCount = useFleetStore((s) => s.clientsById.size);
  if (relay === null) {
    return (
      <PlaceholderPane icon="server" title={serverName} testId="details-server">
        <p className="muted">The managing server: {clientCount.toLocaleString()} clients in total.</p>
      </PlaceholderPane>
    );
  }
  return <RelayDetails relay={relay} />;
}

/** While a relay is shown, its link is read again this often (relays send no events yet). */
const RELAY_POLL_MS = 2_000;

function RelayDetails({ relay }: { relay: Relay }) {
  const clientsBelow = useFleetStore(
    useShallow((s) => {
      const below = relaySubtree(s.relays, relay.id);
      let subtree = 0;
      for (const id of below) subtree += s.index.clientsByRelay.get(id)?.length ?? 0;
      return { direct: s.index.clientsByRelay.get(relay.id)?.length ?? 0, subtree };
    }),
  );
  const [links, setLinks] = useState<RelayLinks | string | undefined>(undefined);
  const [prerequisites, setPrerequisites] = useState<ReportRow | string | null | undefined>(undefined);
  const reload = useCallback(async () => setLinks(await loadRelayLinks()), []);
  useEffect(() => {
    setLinks(undefined);
    setPrerequisites(undefined);
    void reload();
    void loadRelayPrerequisites(relay.id).then(setPrerequisites);
    const timer = setInterval(() => void reload(), RELAY_POLL_MS);
    return () => clearInterval(timer);
  }, [relay.id, reload]);
  const link = typeof links === 'string' ? links : links?.relays.find((r) => r.relayId === relay.id);
  return (
    <RelayDetailsPane
      relay={relay}
      link={link}
      listener={typeof links === 'object' ? links.listener : null}
      clientsBelow={clientsBelow}
      prerequisites={prerequisites}
      onEnrol={() => issueEnrolmentCode(relay.id)}
      onRename={async (name) => {
        const renamed = await renameRelay(relay.id, name);
        return typeof renamed === 'string' ? renamed : null;
      }}
      onRevoke={async () => {
        const revoked = await revokeRelay(relay.id);
        await reload();
        return typeof revoked === 'string' ? revoked : null;
      }}
    />
  );
}

/** The relay and every relay below it. */
function relaySubtree(relays: readonly Relay[], root: RelayId): RelayId[] {
  const out: RelayId[] = [root];
  // Bounded by the relay count: each pass adds only relays not yet in the list.
  for (let i = 0; i < out.length && out.length <= relays.length; i++) {
    for (const r of relays) if (r.parentId === out[i] && !out.includes(r.id)) out.push(r.id);
  }
  return out;
}
