// Where this client's AMT credentials come from (M7), in the details pane: its own profile, a relay subtree's, or
// the managing server's default — the user name and the source, never the password — and a way to change them.
import type { EffectiveProfile, RelayId } from '../../shared/domain';
import { Field } from './field';
import { Icon } from './icons/icon';

export interface CredentialsSectionProps {
  /** Undefined until the details are read (older bridges may not send it). */
  readonly credentials: EffectiveProfile | undefined;
  readonly relayNameOf: (id: RelayId) => string | null;
  readonly onEdit: () => void;
}

export function credentialsSourceWords(
  credentials: EffectiveProfile,
  relayNameOf: (id: RelayId) => string | null,
): string {
  switch (credentials.source) {
    case 'client':
      return "This client's own profile";
    case 'relay': {
      const name = credentials.relayId === null ? null : relayNameOf(credentials.relayId);
      return `The profile of relay “${name ?? `#${credentials.relayId}`}” (it covers the relay's whole subtree)`;
    }
    case 'default':
      return "The managing server's default profile";
    case 'none':
      return 'None: no profile applies to this client, so the console cannot reach its AMT';
  }
}

export function CredentialsSection({ credentials, relayNameOf, onEdit }: CredentialsSectionProps) {
  return (
    <section
      className="card"
      aria-label="AMT credentials"
      data-testid="details-credentials"
      data-source={credentials?.source ?? ''}
    >
      <h3 className="card-title">AMT credentials</h3>
      {credentials === undefined ? (
        <p className="muted small">Loading…</p>
      ) : (
        <dl className="fields">
          <Field label="User" value={credentials.user} testId="details-credentials-user" mono />
          <Field
            label="From"
            testId="details-credentials-source"
            value={
              <>
                {credentials.source === 'none' && <Icon name="warning" className="tone-warning" />}{' '}
                {credentialsSourceWords(credentials, relayNameOf)}
              </>
            }
          />
        </dl>
      )}
      <button type="button" className="button subtle" data-testid="details-credentials-edit" onClick={onEdit}>
        <Icon name="key" /> Change credentials…
      </button>
    </section>
  );
}
