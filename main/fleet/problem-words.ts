// A client's problem in words a helpdesk person understands, for what discovery and refreshes run into.

import { isAmtError, type ClientProblem } from '../../shared/domain';

const WORDS: Partial<Record<ClientProblem['code'], string>> = {
  'auth-failed': 'AMT answered but refused the user name or password. Check the credential profile for this client.',
  'no-credentials': 'AMT ports answer, but no credential profile with a password applies to this client. Set the AMT Linkage credentials.',
  'no-amt': 'Nothing answers on the AMT ports: this PC has no Intel AMT, AMT is not set up, or it is unreachable.',
  unreachable: 'Nothing answers on the AMT ports: the PC is unreachable, or AMT is not set up.',
  timeout: 'AMT did not answer in time.',
  'tls-pin-mismatch': "AMT's certificate changed since it was last seen. Confirm the new certificate before connecting.",
  'tls-error': 'The secure connection to AMT failed.',
  busy: 'AMT is busy with another operation; try again shortly.',
};

export function problemFor(code: ClientProblem['code'], at: string, fallback?: string): ClientProblem {
  return { code, words: WORDS[code] ?? fallback ?? 'AMT gave an unexpected answer.', at };
}

/** A problem from any error thrown by main/amt; the message of non-AMT errors is not shown (it may be internal). */
export function problemFromError(error: unknown, at: string): ClientProblem {
  if (isAmtError(error)) return problemFor(error.code, at, `AMT gave an unexpected answer (${error.message}).`);
  return problemFor('malformed-xml', at, 'AMT gave an unexpected answer.');
}
