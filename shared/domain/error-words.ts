// AmtError codes in words a helpdesk person understands, shared by every shell (amtctl, the console's
// router): style-anchors §7.6, "the UI and CLI map codes to words". Pure data plus one pure function.

import type { AmtErrorCode, AmtErrorDetail } from './errors';

const AMT_HTTP_PORT = 16992;
const AMT_TLS_PORT = 16993;

/**
 * Words per code; `{at}` becomes the device's host, `{ports}` the ports that were tried. Shell-neutral:
 * a shell that can say what to do next (amtctl's `--pin`, `--tls-policy`) overrides the entry.
 */
export const AMT_ERROR_WORDS: Readonly<Record<AmtErrorCode, string>> = {
  unreachable: 'no AMT answers at {at} (nothing listens on {ports})',
  timeout: 'no answer in time from {at} (the device or network is slow, or a firewall drops the packets)',
  'connection-closed': 'the device at {at} closed the connection before answering',
  'auth-failed': 'wrong user name or password',
  'tls-error': 'the TLS connection to {at} failed',
  'tls-pin-mismatch':
    "the device's certificate changed since it was pinned (possible impostor; check the device before trusting it again)",
  'plain-http-refused': 'TLS did not work and plain HTTP is not allowed for this host',
  'malformed-http': 'the device at {at} does not speak HTTP as AMT does',
  'malformed-frame': 'the device at {at} sent redirection data that could not be read',
  'malformed-xml': 'the device sent an answer that could not be read',
  'response-too-large': 'the device sent a larger answer than allowed',
  'wsman-fault': 'the device refused the request',
  'amt-status': 'AMT refused the request',
  'http-status': 'the device answered with an unexpected HTTP status',
  busy: 'the device is busy with another operation; try again shortly',
  unsupported: 'this device or firmware version does not support that',
  'bad-input': 'invalid input',
  storage: 'AMT storage (Third Party Data Storage)',
  'consent-required': 'the user at the PC must allow this first (AMT is in client control mode)',
  'consent-wrong-code': "that is not the code shown on the PC's screen; ask the user to read it out again",
  'consent-expired': "no consent code is shown on the PC's screen any more (it timed out or too many wrong codes)",
  'redirection-disabled': 'AMT redirection is switched off on {at}',
  'relay-unavailable': 'the relay that reaches this client could not carry the request',
};

/** Codes whose own message carries the useful detail (which fault, which status): it is appended to the words. */
export const CODES_WITH_DETAIL: ReadonlySet<AmtErrorCode> = new Set<AmtErrorCode>([
  'wsman-fault',
  'amt-status',
  'http-status',
  'unsupported',
  'bad-input',
  'storage',
  'tls-error',
  'malformed-frame',
  'consent-required',
  'consent-expired',
  'redirection-disabled',
  'relay-unavailable',
]);

/** Which device an error concerns: the host as the user knows it and the ports that were tried. */
export interface AmtErrorPlace {
  readonly host: string;
  readonly ports?: readonly number[];
}

/**
 * The sentence for one AmtError. `message` must already be free of secrets (AmtError's contract; shells
 * may redact further). `table` lets a shell override entries with its own next-step hints.
 */
export function amtErrorWords(
  code: AmtErrorCode,
  message: string,
  detail: AmtErrorDetail,
  place: AmtErrorPlace,
  table: Readonly<Record<AmtErrorCode, string>> = AMT_ERROR_WORDS,
): string {
  const ports = place.ports && place.ports.length > 0 ? place.ports : [AMT_HTTP_PORT, AMT_TLS_PORT];
  let words = table[code].replace('{at}', place.host).replace('{ports}', ports.join('/'));
  if (CODES_WITH_DETAIL.has(code) && message.length > 0) words += `: ${message}`;
  if (code === 'tls-pin-mismatch') {
    // Both fingerprints, so the admin can compare them with the device before trusting it again.
    if (detail.expectedFingerprint) words += ` [pinned ${detail.expectedFingerprint}]`;
    if (detail.actualFingerprint) words += ` [it presents ${detail.actualFingerprint}]`;
  }
  return words;
}
