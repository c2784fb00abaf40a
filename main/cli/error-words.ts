// amtctl's error words: the shared table (shared/domain/error-words.ts) with amtctl's flag hints, and
// describeError, which turns anything a per-host task threw into a code, words and message.

import { AMT_ERROR_WORDS, AmtError, amtErrorWords, isAmtError, type AmtErrorCode } from '../../shared/domain';

/** The shared words (shared/domain/error-words.ts), with amtctl's own next steps where it has flags for them. */
export const ERROR_WORDS: Readonly<Record<AmtErrorCode, string>> = {
  ...AMT_ERROR_WORDS,
  'tls-pin-mismatch':
    "the device's certificate changed since it was pinned (possible impostor; check, then re-pin with --pin)",
  'plain-http-refused': 'TLS did not work and plain HTTP is not allowed for this host (see --tls-policy)',
};

/** An AmtError amtctl raises itself whose message is already written for people (e.g. a --wait timeout). */
export class WordedAmtError extends AmtError {}

export interface ErrorReport {
  readonly code: AmtErrorCode | 'internal';
  /** The sentence shown to people. */
  readonly words: string;
  /** The technical message, for the JSON consumer; never holds a secret (AmtError's contract). */
  readonly message: string;
}

/** Which device an error concerns, for the words: the host as typed and the ports that were tried. */
export interface ErrorPlace {
  readonly host: string;
  readonly ports?: readonly number[];
  /** The user gave --pin: a mismatch is then against their fingerprint, not a stored one. */
  readonly explicitPin?: boolean;
}

/**
 * Turns anything a per-host task threw into a code, words and message. `redact` is applied to the
 * error's own message (never to our fixed words, which could otherwise be mangled by a short secret).
 */
export function describeError(
  error: unknown,
  place: ErrorPlace,
  redact: (text: string) => string = (t) => t,
): ErrorReport {
  if (!isAmtError(error)) {
    const message = redact(error instanceof Error ? error.message : String(error));
    return { code: 'internal', words: `internal error: ${message}`, message };
  }
  const message = redact(error.message);
  const words = error instanceof WordedAmtError ? message : wordsFor(error, message, place);
  return { code: error.code, words, message };
}

function wordsFor(error: AmtError, message: string, place: ErrorPlace): string {
  if (error.code === 'tls-pin-mismatch' && place.explicitPin) {
    // The user's own fingerprint was compared, not a stored pin: say so, with both fingerprints.
    let words = "the device's certificate does not match the fingerprint given with --pin";
    const { expectedFingerprint, actualFingerprint } = error.detail;
    if (expectedFingerprint) words += ` [given ${expectedFingerprint}]`;
    if (actualFingerprint) words += ` [it presents ${actualFingerprint}]`;
    return words;
  }
  return amtErrorWords(error.code, message, error.detail, place, ERROR_WORDS);
}
