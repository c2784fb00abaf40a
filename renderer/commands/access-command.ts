// Consent (client control mode) and a redirection service that is off, from the renderer (issue 9): when main says
// a SOL, IDE-R or boot action needs either, the matching dialog opens; the dialog asks main to show a code on the
// PC's screen and sends the code the user reads out, or turns SOL/IDE-R and the listener on. The dialogs view then
// runs the action again. Main checks everything; these only carry the user's answers.
import type { ClientId } from '../../shared/domain';
import { amtApi } from '../api/amt-api';
import { errorCodeOf, errorWordsOf } from '../model/error-words';
import { openDialog, type AccessRetry } from '../stores/dialog-store';

export const CONSENT_REQUIRED = 'consent-required';
export const REDIRECTION_DISABLED = 'redirection-disabled';

export type Outcome<T> =
  ({ readonly ok: true } & T) | { readonly ok: false; readonly code: string; readonly words: string };

function failed(error: unknown): { readonly ok: false; readonly code: string; readonly words: string } {
  return { ok: false, code: errorCodeOf(error) ?? 'internal', words: errorWordsOf(error) };
}

/**
 * Opens the dialog an error code asks for; false when the code is not one of them (the caller shows the words).
 * A boot has no redirection session, so only consent applies to it.
 */
export function offerAccess(
  clientId: ClientId,
  code: string | null | undefined,
  words: string,
  retry: AccessRetry,
  feature: 'sol' | 'ider' | 'boot',
): boolean {
  if (code === CONSENT_REQUIRED) {
    openDialog({ open: 'consent', clientId, retry });
    return true;
  }
  if (code === REDIRECTION_DISABLED && feature !== 'boot') {
    openDialog({ open: 'enable-redirection', clientId, feature, words, retry });
    return true;
  }
  return false;
}

/** AMT shows a (new) code on the PC's screen. */
export async function showConsentCode(
  clientId: ClientId,
): Promise<Outcome<{ readonly needed: boolean; readonly codeTimeoutSec: number | null }>> {
  try {
    return { ok: true, ...(await amtApi().consentStart({ id: clientId })) };
  } catch (error) {
    return failed(error);
  }
}

export async function giveConsentCode(clientId: ClientId, code: string): Promise<Outcome<object>> {
  try {
    await amtApi().consentSendCode({ id: clientId, code });
    return { ok: true };
  } catch (error) {
    return failed(error);
  }
}

/** The helpdesk gave up: the code leaves the PC's screen (best effort; the dialog closes either way). */
export function withdrawConsentCode(clientId: ClientId): void {
  void amtApi()
    .consentCancel({ id: clientId })
    .catch(() => undefined);
}

export async function turnOnRedirection(
  clientId: ClientId,
  feature: 'sol' | 'ider',
): Promise<Outcome<{ readonly changes: readonly string[] }>> {
  try {
    return { ok: true, ...(await amtApi().redirectionEnable({ id: clientId, features: [feature] })) };
  } catch (error) {
    return failed(error);
  }
}
