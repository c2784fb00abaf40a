// AMT redirection switched off on a client (issue 9): says what is off (main's words), offers to turn it on, then
// says what was changed before the action goes on. Nothing is switched off from here.
import { useState } from 'react';
import type { Outcome } from '../commands/access-command';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

export interface EnableRedirectionDialogProps {
  readonly hostName: string;
  readonly feature: 'sol' | 'ider';
  /** What main found off, in words. */
  readonly words: string;
  readonly turnOn: () => Promise<Outcome<{ readonly changes: readonly string[] }>>;
  /** Turned on: the action goes on. */
  readonly onContinue: () => void;
  readonly onCancel: () => void;
}

const FEATURE_WORDS: Readonly<Record<'sol' | 'ider', string>> = { sol: 'Serial-over-LAN', ider: 'IDE redirection' };

export function EnableRedirectionDialog({
  hostName,
  feature,
  words,
  turnOn,
  onContinue,
  onCancel,
}: EnableRedirectionDialogProps) {
  const [busy, setBusy] = useState(false);
  const [changes, setChanges] = useState<readonly string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const enable = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await turnOn();
    setBusy(false);
    if (result.ok) setChanges(result.changes);
    else setError(result.words);
  };

  return (
    <Dialog
      title={`Turn on ${FEATURE_WORDS[feature]}?`}
      testId="enable-redirection-dialog"
      onClose={onCancel}
      footer={
        <>
          {changes === null ? (
            <button
              type="button"
              className="button accent"
              data-testid="enable-redirection-ok"
              disabled={busy}
              onClick={() => void enable()}
            >
              {busy ? 'Turning on…' : 'Turn on'}
            </button>
          ) : (
            <button
              type="button"
              className="button accent"
              data-testid="enable-redirection-continue"
              onClick={onContinue}
            >
              Continue
            </button>
          )}
          <button type="button" className="button" data-testid="enable-redirection-cancel" onClick={onCancel}>
            {changes === null ? 'Cancel' : 'Close'}
          </button>
        </>
      }
    >
      <div className="confirm-message">
        <Icon name="warning" className="tone-warning" sizePx={20} />
        <p data-testid="enable-redirection-words">
          {words} The console can turn {FEATURE_WORDS[feature]} and the redirection listener on in AMT on {hostName};
          nothing is switched off.
        </p>
      </div>
      {changes !== null && (
        <div data-testid="enable-redirection-changes">
          <p>{changes.length === 0 ? `Nothing needed changing on ${hostName}.` : `Changed on ${hostName}:`}</p>
          <ul className="target-list">
            {changes.map((change) => (
              <li key={change}>
                <Icon name="check" className="tone-ok" /> {change}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="enable-redirection-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
    </Dialog>
  );
}
