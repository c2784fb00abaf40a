// AmtError codes in words a helpdesk person understands: the one table amtctl prints from
// (shared/domain/errors.ts defines the codes; style-anchors §7.6: the UI and CLI map codes to words).

import { AmtError, isAmtError, type AmtErrorCode } from '../../shared/domain';

const AMT_HTTP_PORT = 16992;
const AMT_TLS_PORT = 16993;

/** Words per code; `{at}` becomes the device's host, `{ports}` the ports that were tried. */
export const ERROR_WORDS: Readonly<Record<AmtErrorCode, string>> = {
  unreachable: 'no AMT answers at {at} (nothing listens on {ports})',
  timeout: 'no answer in time from {at} (the device or network is slow, or a firewall drops the packets)',
  'connection-closed': 'the device at {at} closed the connection before answering',
  'auth-failed': 'wrong user name or password',
  'tls-error': 'the TLS connection to {at} failed',
  'tls-pin-mismatch': "the device's certificate changed since it was pinned (possible impostor; check, then re-pin with --pin)",
  'plain-http-refused': 'TLS did not work and plain HTTP is not allowed for this host (see --tls-policy)',
  'malformed-http': 'the device at {at} does not speak HTTP as AMT does',
  'malformed-xml': 'the device sent an answer that could not be read',
  'response-too-large': 'the device sent a larger answer than allowed',
  'wsman-fault': 'the device refused the request',
  'amt-status': 'AMT refused the request',
  'http-status': 'the device answered with an unexpected HTTP status',
  busy: 'the device is busy with another operation; try again shortly',
  unsupported: 'this device or firmware version does not support that',
  'bad-input': 'invalid input',
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
export function describeError(error: unknown, place: ErrorPlace, redact: (text: string) => string = (t) => t): ErrorReport {
  if (!isAmtError(error)) {
    const message = redact(error instanceof Error ? error.message : String(error));
    return { code: 'internal', words: `internal error: ${message}`, message };
  }
  const message = redact(error.message);
  const words = error instanceof WordedAmtError ? message : wordsFor(error, message, place);
  return { code: error.code, words, message };
}

function wordsFor(error: AmtError, message: string, place: ErrorPlace): string {
  const ports = place.ports && place.ports.length > 0 ? place.ports : [AMT_HTTP_PORT, AMT_TLS_PORT];
  let words = ERROR_WORDS[error.code].replace('{at}', place.host).replace('{ports}', ports.join('/'));
  // Codes whose own message carries the useful detail (which fault, which status) get it appended.
  const withDetail: readonly AmtErrorCode[] = ['wsman-fault', 'amt-status', 'http-status', 'unsupported', 'bad-input', 'tls-error'];
  if (withDetail.includes(error.code) && message.length > 0) words += `: ${message}`;
  if (error.code === 'tls-pin-mismatch') {
    if (place.explicitPin) words = "the device's certificate does not match the fingerprint given with --pin";
    // Both fingerprints, so the admin can compare them with the device before re-pinning.
    const { expectedFingerprint, actualFingerprint } = error.detail;
    if (expectedFingerprint) words += ` [${place.explicitPin ? 'given' : 'pinned'} ${expectedFingerprint}]`;
    if (actualFingerprint) words += ` [it presents ${actualFingerprint}]`;
  }
  return words;
}
