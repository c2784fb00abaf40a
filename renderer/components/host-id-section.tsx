// The "Host ID" card of the details pane (mission M4): the console's asset key for this client, where it is kept
// (AMT storage, the platform UUID, or the console only, with the reason), and the asset's periods: each earlier
// OS record until a re-install replaced it, then the current one.
import { HOST_ID_KEPT_LABEL, type Client, type ClientHistoryEntry, type HostIdentity } from '../../shared/domain';

interface Props {
  readonly client: Client;
  readonly hostId:
    { readonly identity: HostIdentity | null; readonly history: readonly ClientHistoryEntry[] } | undefined;
  readonly loading: boolean;
  readonly formatTime: (iso: string) => string;
}

export function HostIdSection({ client, hostId, loading, formatTime }: Props) {
  const identity = hostId?.identity ?? null;
  const history = hostId?.history ?? [];
  const currentSince = history.length > 0 ? history[history.length - 1]!.to : null;
  return (
    <section className="card" aria-label="Host ID" data-testid="details-host-id">
      <h3 className="card-title">Host ID</h3>
      {identity === null ? (
        <p className="muted small">
          {loading
            ? 'Loading…'
            : 'No host ID yet: it is assigned when the client registers (discovery or "Store host ID").'}
        </p>
      ) : (
        <>
          <dl className="fields">
            <dt>Host ID</dt>
            <dd className="mono" data-testid="host-id-value">
              {identity.hostId}
            </dd>
            <dt>Kept in</dt>
            <dd data-testid="host-id-kept" data-kept={identity.kept}>
              {HOST_ID_KEPT_LABEL[identity.kept]}
            </dd>
            {identity.osInstalledAt !== null ? (
              <>
                <dt>OS installed</dt>
                <dd>{formatTime(identity.osInstalledAt)}</dd>
              </>
            ) : null}
          </dl>
          {identity.note !== null ? (
            <p className="notice small" role="note" data-testid="host-id-note">
              {identity.note}
            </p>
          ) : null}
        </>
      )}
      <table className="grid" aria-label="Asset history" data-testid="host-id-history">
        <thead>
          <tr>
            <th>Host name</th>
            <th>Address</th>
            <th>From</th>
            <th>Until</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h, i) => (
            <tr key={`${h.from}-${i}`} data-testid="host-id-period" data-host-name={h.hostName} title={h.reason}>
              <td>{h.hostName}</td>
              <td className="mono">{h.ip}</td>
              <td className="nowrap">{formatTime(h.from)}</td>
              <td>
                <span className="nowrap">{formatTime(h.to)}</span>
                <div className="muted small">{h.reason}</div>
              </td>
            </tr>
          ))}
          <tr data-testid="host-id-period" data-host-name={client.hostName} data-current="true">
            <td>{client.hostName}</td>
            <td className="mono">{client.ip}</td>
            <td className="nowrap">{currentSince !== null ? formatTime(currentSince) : 'first registration'}</td>
            <td className="nowrap">now</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
