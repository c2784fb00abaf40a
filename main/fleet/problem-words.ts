// A client's problem in words a helpdesk person understands: the shared AmtError words (shared/domain/
// error-words.ts), with console-specific next steps for what discovery and refreshes run into.

import { AMT_ERROR_WORDS, amtErrorWords, isAmtError, type AmtErrorCode, type ClientProblem } from '../../shared/domain';

/** The console can say where to fix a credential: in the credential profile. */
const CONSOLE_WORDS: Readonly<Record<AmtErrorCode, string>> = {
  ...AMT_ERROR_WORDS,
  'auth-failed':
    'AMT answered but refused the user name or password; check the credential profile that applies to this client',
};

const OWN_WORDS: Readonly<Record<'no-amt' | 'no-credentials', string>> = {
  'no-amt': 'Nothing answers on the AMT ports: this PC has no Intel AMT, AMT is not set up, or it is unreachable.',
  'no-credentials':
    'AMT ports answer, but no credential profile with a password applies to this client; set the AMT Linkage credentials.',
};

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function problemFor(code: 'no-amt' | 'no-credentials', at: string): ClientProblem {
  return { code, words: OWN_WORDS[code], at };
}

/** A problem from an error thrown by main/amt for `host`; the message of a non-AMT error is not shown (it may be internal). */
export function problemFromError(error: unknown, host: string, at: string): ClientProblem {
  if (isAmtError(error))
    return {
      code: error.code,
      words: sentence(amtErrorWords(error.code, error.message, error.detail, { host }, CONSOLE_WORDS)),
      at,
    };
  return { code: 'malformed-xml', words: 'AMT gave an unexpected answer.', at };
}
