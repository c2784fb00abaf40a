// The client's old-TLS setting (issue 12 item 7) in the details pane: always visible, with a warning while
// it is on, and one button to change it. AMT 11.x and older may speak only TLS 1.0/1.1.
import { useState } from 'react';
import type { Client } from '../../shared/domain';
import { Icon } from './icons/icon';

export interface LegacyTlsSectionProps {
  readonly client: Client;
  /** Resolves with null when the setting changed, else the words of why not. */
  readonly onChange: (enabled: boolean) => Promise<string | null>;
}

export const LEGACY_TLS_ON_WORDS = 'Weak: TLS 1.0/1.1 allowed for this client';
export const LEGACY_TLS_OFF_WORDS = 'Off: TLS 1.2 or newer only';

export function LegacyTlsSection({ client, onChange }: LegacyTlsSectionProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const on = client.legacyTls;
  const toggle = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const words = await onChange(!on);
    setBusy(false);
    setError(words);
  };
  return (
    <section
      className="card"
      aria-label="Connection security"
      data-testid="details-legacy-tls"
      data-legacy-tls={on ? 'on' : 'off'}
    >
      <h3 className="card-title">Connection security</h3>
      <dl className="fields">
        <dt>Old TLS (1.0/1.1)</dt>
        <dd data-testid="details-legacy-tls-state">
          {on ? (
            <span className="pill warning-pill">
              <Icon name="warning" className="tone-warning" /> {LEGACY_TLS_ON_WORDS}
            </span>
          ) : (
            LEGACY_TLS_OFF_WORDS
          )}
        </dd>
      </dl>
      <p className="muted small">
        Only AMT 11 and older need old TLS. It uses outdated ciphers an attacker on the network may break; turn it on
        only for a device that cannot connect otherwise.
      </p>
      <button
        type="button"
        className="button subtle"
        data-testid="details-legacy-tls-toggle"
        disabled={busy}
        onClick={() => void toggle()}
      >
        {on ? 'Turn off old TLS' : 'Allow old TLS (weak)'}
      </button>
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="details-legacy-tls-error">
          <Icon name="error" className="tone-error" />
          <div>{error}</div>
        </div>
      )}
    </section>
  );
}
