// User consent in client control mode (issue 9): AMT shows a 6-digit code on the PC's screen and the helpdesk
// types the code the user reads out. A wrong code keeps the dialog for another try; a code that is gone (timed
// out, or dropped after wrong codes) offers a new one. Main checks the code; the dialog only carries it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Outcome } from '../commands/access-command';
import { Dialog } from './dialog';
import { Icon } from './icons/icon';

export interface ConsentDialogProps {
  readonly hostName: string;
  /** Asks AMT to show a (new) code on the PC's screen. */
  readonly showCode: () => Promise<Outcome<{ readonly needed: boolean; readonly codeTimeoutSec: number | null }>>;
  readonly submit: (code: string) => Promise<Outcome<object>>;
  /** Consent given (or not needed after all): the action goes on. */
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

const CODE_DIGITS = /^\d{6}$/;
const WRONG_CODE = 'consent-wrong-code';
const CODE_GONE = 'consent-expired';

type Phase = 'showing' | 'ready' | 'sending' | 'gone' | 'failed';

export function ConsentDialog({ hostName, showCode, submit, onDone, onCancel }: ConsentDialogProps) {
  const [phase, setPhase] = useState<Phase>('showing');
  const [code, setCode] = useState('');
  const [timeoutSec, setTimeoutSec] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(false);

  const ask = async (): Promise<void> => {
    setPhase('showing');
    setError(null);
    setCode('');
    const shown = await showCode();
    if (!shown.ok) {
      setPhase('failed');
      setError(shown.words);
    } else if (!shown.needed) onDone();
    else {
      setTimeoutSec(shown.codeTimeoutSec);
      setPhase('ready');
    }
  };

  useEffect(() => {
    // Once per dialog: a second StartOptIn would replace the code the user is reading out.
    if (asked.current) return;
    asked.current = true;
    void ask();
  }, []);

  const send = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const typed = code.trim();
    if (!CODE_DIGITS.test(typed)) {
      setError("Enter the 6 digits shown on the PC's screen.");
      return;
    }
    setPhase('sending');
    setError(null);
    const result = await submit(typed);
    if (result.ok) return onDone();
    setError(result.words);
    setCode('');
    setPhase(result.code === WRONG_CODE ? 'ready' : result.code === CODE_GONE ? 'gone' : 'failed');
  };

  const valid = timeoutSec === null ? '' : ` It is valid for ${timeoutSec} seconds.`;
  const canType = phase === 'ready' || phase === 'sending';
  return (
    <Dialog
      title="User consent needed"
      testId="consent-dialog"
      onClose={onCancel}
      footer={
        <>
          {canType ? (
            <button
              type="submit"
              form="consent-form"
              className="button accent"
              data-testid="consent-submit"
              disabled={phase === 'sending'}
            >
              {phase === 'sending' ? 'Checking…' : 'Continue'}
            </button>
          ) : (
            <button
              type="button"
              className="button accent"
              data-testid="consent-new-code"
              disabled={phase === 'showing'}
              onClick={() => void ask()}
            >
              Show a new code
            </button>
          )}
          <button type="button" className="button" data-testid="consent-cancel" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <p data-testid="consent-instructions" data-phase={phase}>
        {phase === 'showing'
          ? `Asking AMT on ${hostName} to show a consent code…`
          : `${hostName} is in client control mode: the user at the PC must allow this. ` +
            `A 6-digit code shows on its screen; ask the user to read it out and type it here.${valid}`}
      </p>
      <form id="consent-form" className="form-grid" onSubmit={(e) => void send(e)}>
        <label htmlFor="consent-code">Code</label>
        <input
          id="consent-code"
          className="input mono narrow"
          data-testid="consent-code"
          data-autofocus
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={code}
          disabled={!canType}
          onChange={(e) => setCode(e.target.value)}
        />
      </form>
      {error !== null && (
        <div className="inline-error" role="alert" data-testid="consent-error">
          <Icon name="error" className="tone-error" /> {error}
        </div>
      )}
    </Dialog>
  );
}
