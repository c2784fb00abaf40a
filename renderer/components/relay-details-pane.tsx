// A relay's details (issue 8): what the tree knows (kind, address, clients below it), its link to this console
// (online/offline, version, address and subnets it reports, pinned certificate, work in hand, last error), its
// prerequisites from the one rule table with each failing rule in words and what to do, and the three things a
// person does with a relay: enrol it (a one-time code to type on the relay's machine), rename it, revoke it.
import { useState } from 'react';
import type {
  Relay,
  RelayEnrolmentCode,
  RelayLink,
  RelayLinkStatus,
  RelayListener,
  ReportRow,
} from '../../shared/domain';
import { FACILITY_LABEL } from '../../shared/domain';
import { Field } from './field';
import { Icon } from './icons/icon';

export interface RelayDetailsPaneProps {
  readonly relay: Relay;
  /** Undefined while loading; a string: why the links could not be read. */
  readonly link: RelayLink | string | undefined;
  readonly listener: RelayListener | null;
  readonly clientsBelow: { readonly direct: number; readonly subtree: number };
  /** The relay's own row of the prerequisites report; null: no finding; undefined while loading. */
  readonly prerequisites: ReportRow | string | null | undefined;
  /** Each resolves with the result, or the words of why not. */
  readonly onEnrol: () => Promise<RelayEnrolmentCode | string>;
  readonly onRename: (name: string) => Promise<string | null>;
  readonly onRevoke: () => Promise<string | null>;
}

const STATUS_WORDS: Readonly<Record<RelayLinkStatus, string>> = {
  online: 'Online',
  offline: 'Offline',
  revoked: 'Revoked: refused from now on',
  'not-enrolled': 'Not enrolled yet',
};

function when(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleString();
}

export function RelayDetailsPane(props: RelayDetailsPaneProps) {
  const { relay, link, listener, clientsBelow, prerequisites, onEnrol, onRename, onRevoke } = props;
  const [code, setCode] = useState<RelayEnrolmentCode | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const known = typeof link === 'object' ? link : undefined;

  const act = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    const failed = await work();
    setBusy(false);
    setError(failed);
  };
  const enrol = () =>
    act(async () => {
      const issued = await onEnrol();
      if (typeof issued === 'string') return issued;
      setCode(issued);
      return null;
    });
  const rename = (e: React.FormEvent) => {
    e.preventDefault();
    const name = renaming ?? '';
    void act(async () => {
      const failed = await onRename(name);
      if (failed === null) setRenaming(null);
      return failed;
    });
  };
  const revoke = () =>
    act(async () => {
      const failed = await onRevoke();
      setConfirmRevoke(false);
      return failed;
    });

  return (
    <div className="details" data-testid="relay-details" data-relay-id={relay.id} data-status={known?.status ?? ''}>
      <header className="details-header">
        <div className="details-hero">
          <Icon
            name={relay.kind === 'relay-manager' ? 'relay-manager' : 'relay-system'}
            sizePx={32}
            className="tone-client"
          />
          <div>
            <h2 className="details-title" data-testid="relay-name">
              {relay.name}
            </h2>
            <div className="details-sub">
              <span className="pill" data-testid="relay-status">
                {known === undefined
                  ? typeof link === 'string'
                    ? 'Link not known'
                    : 'Reading…'
                  : STATUS_WORDS[known.status]}
              </span>
              <span className="muted mono">{relay.host}</span>
            </div>
          </div>
        </div>
      </header>
      {typeof link === 'string' && (
        <div className="inline-error" role="alert">
          <Icon name="error" className="tone-error" /> {link}
        </div>
      )}
      {known?.lastError != null && (
        <div className="banner warning" role="status" data-testid="relay-last-error">
          <Icon name="warning" className="tone-warning" />
          <div>{known.lastError}</div>
        </div>
      )}

      <section className="card" aria-label="Relay" data-testid="relay-card">
        <h3 className="card-title">Relay</h3>
        <dl className="fields">
          <Field label="Kind" value={relay.kind === 'relay-manager' ? 'Relay manager' : 'Relay system'} />
          <Field label="Address in the tree" value={relay.host} mono />
          <Field
            label="Clients below it"
            value={`${clientsBelow.subtree.toLocaleString()} (${clientsBelow.direct.toLocaleString()} directly)`}
            testId="relay-clients"
          />
          <Field label="Version" value={known?.version ?? null} testId="relay-version" />
          <Field label="Connected from" value={known?.lastAddress ?? null} mono />
          <Field
            label="Subnets it serves"
            value={known === undefined || known.subnets.length === 0 ? null : known.subnets.join(', ')}
            mono
            testId="relay-subnets"
          />
          <Field label="Certificate (SHA-256)" value={known?.fingerprint ?? null} mono testId="relay-fingerprint" />
          <Field label="Enrolled" value={when(known?.enrolledAt ?? null)} />
          <Field label="Last seen" value={when(known?.lastSeenAt ?? null)} />
          {known?.revokedAt != null && <Field label="Revoked" value={when(known.revokedAt)} />}
          <Field label="Work in hand" value={String(known?.workInHand ?? 0)} testId="relay-work" />
        </dl>
        <div className="button-row">
          <button
            type="button"
            className="button"
            data-testid="relay-enrol"
            disabled={busy || known?.status === 'revoked' || listener === null}
            onClick={() => void enrol()}
          >
            <Icon name="key" /> {known?.status === 'not-enrolled' ? 'Enrol…' : 'New enrolment code…'}
          </button>
          <button
            type="button"
            className="button subtle"
            data-testid="relay-rename"
            disabled={busy}
            onClick={() => setRenaming(relay.name)}
          >
            Rename…
          </button>
          <button
            type="button"
            className="button subtle"
            data-testid="relay-revoke"
            disabled={busy || known === undefined || known.status === 'revoked' || known.status === 'not-enrolled'}
            onClick={() => setConfirmRevoke(true)}
          >
            Revoke…
          </button>
        </div>
        {listener === null && (
          <p className="muted small">This console does not listen for relays, so none can be enrolled.</p>
        )}
        {renaming !== null && (
          <form className="inline-fields" onSubmit={rename} data-testid="relay-rename-form">
            <input
              className="input"
              aria-label="New name"
              data-testid="relay-rename-input"
              value={renaming}
              onChange={(e) => setRenaming(e.target.value)}
              maxLength={255}
            />
            <button
              type="submit"
              className="button accent"
              data-testid="relay-rename-save"
              disabled={busy || renaming.trim() === ''}
            >
              Save
            </button>
            <button type="button" className="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
        {confirmRevoke && (
          <div
            className="banner warning"
            role="alertdialog"
            aria-label="Revoke relay"
            data-testid="relay-revoke-confirm"
          >
            <Icon name="warning" className="tone-warning" />
            <div>
              Revoke <strong>{relay.name}</strong>? Its connection closes, the work it has in hand fails, and it is
              refused from now on; it would have to be enrolled again.
              <div className="button-row">
                <button
                  type="button"
                  className="button danger"
                  data-testid="relay-revoke-ok"
                  disabled={busy}
                  onClick={() => void revoke()}
                >
                  Revoke
                </button>
                <button type="button" className="button" onClick={() => setConfirmRevoke(false)}>
                  Cancel
                </button>
              </div>
            </div>
          </div>
        )}
        {code !== null && (
          <div className="banner info" data-testid="relay-code-box">
            <Icon name="key" />
            <div>
              <div>
                One-time code:{' '}
                <strong className="mono" data-testid="relay-code">
                  {code.code}
                </strong>{' '}
                (single use, until {new Date(code.expiresAt).toLocaleTimeString()})
              </div>
              <div className="small">On the relay&apos;s machine:</div>
              <pre className="mono small code-line" data-testid="relay-command">
                amtctl relay --data DIR --console {code.listener.host}:{code.listener.port} --code {code.code}
              </pre>
              <div className="small muted">
                The relay pins this console&apos;s certificate:{' '}
                <span className="mono code-line">{code.listener.fingerprint}</span>
              </div>
            </div>
          </div>
        )}
        {error !== null && (
          <div className="inline-error" role="alert" data-testid="relay-error">
            <Icon name="error" className="tone-error" /> {error}
          </div>
        )}
      </section>

      <section className="card" aria-label="Prerequisites" data-testid="relay-prerequisites">
        <h3 className="card-title">Prerequisites</h3>
        {prerequisites === undefined ? (
          <p className="muted small">Checking…</p>
        ) : typeof prerequisites === 'string' ? (
          <p className="muted small">{prerequisites}</p>
        ) : prerequisites === null || prerequisites.findings.length === 0 ? (
          <p className="small" data-testid="relay-prerequisites-ok">
            Every rule for a managing server and for its client role is met.
          </p>
        ) : (
          <ul className="prerequisite-checks">
            {prerequisites.findings.map((f) => (
              <li key={f.ruleId} data-testid="relay-finding" data-rule={f.ruleId} data-state={f.state}>
                <span className={`prerequisite-mark ${f.state}`}>{f.state === 'failed' ? '✗' : '?'}</span>
                <span>
                  {f.words}{' '}
                  <span className="muted">— blocks {f.facilities.map((x) => FACILITY_LABEL[x]).join(', ')}. </span>
                  <span className="strong">What to do:</span> {f.remedy}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
