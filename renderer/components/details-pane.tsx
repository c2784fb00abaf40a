// The right-hand details pane for one client: what the console knows (address, relay, state) at once,
// then what AMT reports (system, network, inventory), the M3 prerequisites and the recent audit entries once clients:details
// answers. A failure is shown in the section it concerns, in words.
import type { Client, RelayId } from '../../shared/domain';
import type { ClientDetails } from '../../shared/ipc';
import type { ClientActionResult } from '../stores/action-results-store';
import { AMT_NOT_AVAILABLE, AMT_NOT_AVAILABLE_WHY, powerLabelOf } from '../model/power-display';
import { Field } from './field';
import { Icon } from './icons/icon';
import { PowerStateIcon } from './icons/power-state-icon';
import { AuditOutcome } from './audit-outcome';
import { PrerequisitesSection } from './prerequisites-section';
import { HostIdSection } from './host-id-section';
import { LegacyTlsSection } from './legacy-tls-section';
import { CredentialsSection } from './credentials-section';

export interface DetailsPaneProps {
  readonly client: Client;
  readonly relayName: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly details: ClientDetails | null;
  readonly error: string | null;
  readonly lastResult: ClientActionResult | undefined;
  readonly onReload: () => void;
  /** Changes the client's old-TLS setting; resolves with null, or the words of why it did not change. */
  readonly onSetLegacyTls: (enabled: boolean) => Promise<string | null>;
  /** A relay's name by id (the relay whose credentials apply may be above the client's own). */
  readonly relayNameOf: (id: RelayId) => string | null;
  readonly onEditCredentials: () => void;
}

function formatTime(iso: string | null): string {
  if (iso === null) return 'Never';
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : when.toLocaleString();
}

function yesNo(value: boolean | null): string {
  return value === null ? 'Not known' : value ? 'Yes' : 'No';
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h3 className="card-title">{title}</h3>
      {children}
    </section>
  );
}

function AmtVersion({ version }: { version: string | null }) {
  if (version === null || version.trim() === '') {
    return (
      <span className="na-block">
        <span className="na" aria-hidden="true">
          {AMT_NOT_AVAILABLE}
        </span>
        <span className="muted">{AMT_NOT_AVAILABLE_WHY}</span>
      </span>
    );
  }
  return <span className="mono">{version}</span>;
}

export function DetailsPane(props: DetailsPaneProps) {
  const {
    client,
    relayName,
    status,
    details,
    error,
    lastResult,
    onReload,
    onSetLegacyTls,
    relayNameOf,
    onEditCredentials,
  } = props;
  const loading = status === 'loading';
  const amt = details?.system ?? null;
  const noAmt = client.amtVersion === null || client.amtVersion.trim() === '';
  // Main answers with system null when AMT could not be read; the client's problem says why.
  const unreadable = status === 'ready' && details !== null && details.system === null && !noAmt;
  const amtUnavailable = unreadable ? (
    <div className="inline-error" role="alert" data-testid="details-error">
      <Icon name="error" className="tone-error" />
      <div>
        <strong>Could not read this client's details from AMT.</strong>
        <div>{client.problem?.words ?? 'AMT did not answer. Check that the PC is connected and try Reload.'}</div>
      </div>
    </div>
  ) : status === 'failed' ? (
    <div className="inline-error" role="alert" data-testid="details-error">
      <Icon name="error" className="tone-error" />
      <div>
        <strong>Could not read this client's details from AMT.</strong>
        <div>{error}</div>
      </div>
    </div>
  ) : loading && details === null ? (
    <div className="loading-line">
      <span className="spinner" aria-hidden="true" /> Reading from AMT…
    </div>
  ) : null;

  return (
    <div className="details" data-testid="details-pane" data-client-id={client.id} aria-busy={loading}>
      <header className="details-header">
        <div className="details-hero">
          <Icon
            name={noAmt ? 'client-no-amt' : 'client'}
            sizePx={32}
            className={noAmt ? 'tone-muted' : 'tone-client'}
          />
          <div>
            <h2 className="details-title" data-testid="details-host-name">
              {client.hostName}
            </h2>
            <div className="details-sub">
              <span className="pill" data-testid="details-power" data-power={client.power}>
                <PowerStateIcon state={client.power} />
                {powerLabelOf(client.power)}
              </span>
              <span className="muted mono">{client.ip}</span>
              {relayName !== null && <span className="muted">via {relayName}</span>}
            </div>
          </div>
        </div>
        <button
          type="button"
          className="button subtle"
          data-testid="details-reload"
          onClick={onReload}
          disabled={loading}
          title="Read the details from AMT again"
        >
          <Icon name="refresh" /> Reload
        </button>
      </header>

      {client.problem !== null && (
        <div className="banner warning" role="status" data-testid="details-problem" data-problem={client.problem.code}>
          <Icon name="warning" className="tone-warning" />
          <div>
            <strong>{client.problem.words}</strong>
            <div className="muted">Noticed {formatTime(client.problem.at)}</div>
          </div>
        </div>
      )}
      {lastResult?.state === 'failed' && (
        <div className="banner error" role="alert" data-testid="details-action-error">
          <Icon name="error" className="tone-error" />
          <div>
            <strong>The last action on this client did not work.</strong>
            <div>{lastResult.words}</div>
          </div>
        </div>
      )}

      <Section title="System information" testId="details-system">
        <dl className="fields">
          <Field label="Host name" value={client.hostName} />
          <Field
            label="AMT firmware version"
            value={<AmtVersion version={amt?.amtVersion ?? client.amtVersion} />}
            testId="details-amt-version"
          />
          <Field label="Power state" value={powerLabelOf(client.power)} />
          <Field label="Operating system" value={client.os} />
          <Field label="Agent version" value={client.agentVersion} />
          {amt !== null && <Field label="Domain" value={amt.domainName} />}
          {amt !== null && <Field label="System UUID" value={amt.uuid} mono />}
          <Field label="Last contact" value={formatTime(client.lastSeenAt)} />
        </dl>
        {amtUnavailable}
      </Section>

      <Section title="Network" testId="details-network">
        <dl className="fields">
          <Field label="IP address" value={client.ip} mono />
          <Field label="MAC address" value={client.mac} mono />
          <Field label="Subnet mask" value={client.subnetMask} mono />
          <Field label="DHCP" value={yesNo(client.dhcp)} />
          <Field label="Relay" value={relayName ?? 'Managing server (direct)'} />
          {client.amtPort !== null && <Field label="AMT port" value={String(client.amtPort)} mono />}
        </dl>
        {details !== null && details.network.length > 0 && (
          <table className="grid" aria-label="Network interfaces reported by AMT">
            <thead>
              <tr>
                <th>Interface</th>
                <th>MAC address</th>
                <th>IP address</th>
                <th>DHCP</th>
                <th>Link</th>
              </tr>
            </thead>
            <tbody>
              {details.network.map((n, i) => (
                <tr key={i}>
                  <td>{n.kind === 'wired' ? 'Wired' : 'Wireless'}</td>
                  <td className="mono">{n.mac ?? '—'}</td>
                  <td className="mono">{n.ipAddress ?? '—'}</td>
                  <td>{yesNo(n.dhcpEnabled)}</td>
                  <td>{n.linkUp === null ? '—' : n.linkUp ? 'Up' : 'Down'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <CredentialsSection credentials={details?.credentials} relayNameOf={relayNameOf} onEdit={onEditCredentials} />

      <LegacyTlsSection client={client} onChange={onSetLegacyTls} />

      <HostIdSection client={client} hostId={details?.hostId} loading={loading} formatTime={formatTime} />

      {/* Older bridges (the visual stand-in) may answer without prerequisites. */}
      <PrerequisitesSection prerequisites={details?.prerequisites ?? null} loading={loading} />

      <Section title="Inventory" testId="details-inventory">
        {details?.inventory != null ? (
          <dl className="fields">
            <Field label="BIOS" value={details.inventory.bios} />
            <Field label="Processors" value={details.inventory.processors.join('; ')} />
            <Field label="Memory" value={details.inventory.memory.join('; ')} />
            <Field label="Chassis" value={details.inventory.chassis} />
          </dl>
        ) : (
          <p className="muted small">
            {loading
              ? 'Reading from AMT…'
              : noAmt
                ? 'Not available: this client has no AMT.'
                : status === 'failed' || unreadable
                  ? 'Not available: the details could not be read (see above).'
                  : 'Not reported by AMT.'}
          </p>
        )}
      </Section>

      <Section title="Recent activity" testId="details-audit">
        {details !== null && details.audit.length > 0 ? (
          <table className="grid" aria-label="Recent audit entries">
            <thead>
              <tr>
                <th>When</th>
                <th>Name</th>
                <th>Action</th>
                <th>By</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {details.audit.map((a) => (
                <tr key={a.id} data-testid="details-audit-entry">
                  <td className="nowrap">{formatTime(a.at)}</td>
                  <td>{a.target}</td>
                  <td>{a.action}</td>
                  <td>{a.actor}</td>
                  <td title={a.detail}>
                    <AuditOutcome entry={a} iconSizePx={12} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted small">{loading ? 'Loading…' : 'No actions recorded for this client yet.'}</p>
        )}
      </Section>
    </div>
  );
}
