// Credentials for amtctl: user from --user, AMT_USER or 'admin'; password from AMT_PASSWORD or a prompt
// without echo when stdin is a terminal (issue spec "amtctl", credentials). The password is never printed.

import { AmtError } from '../../shared/domain';

export const DEFAULT_USER = 'admin';
export const PASSWORD_ENV = 'AMT_PASSWORD';
export const USER_ENV = 'AMT_USER';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = '\u007f';
const CTRL_H = '\b';
const MAX_PASSWORD_CHARS = 256;

export interface CredentialSources {
  readonly userOption: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTty: boolean;
  /** Reads one line without echo; only called when stdin is a terminal. */
  readonly prompt: (question: string) => Promise<string>;
}

export async function resolveCredentials(sources: CredentialSources): Promise<{ user: string; password: string }> {
  const user = sources.userOption ?? nonEmpty(sources.env[USER_ENV]) ?? DEFAULT_USER;
  const fromEnv = sources.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv.length > 0) return { user, password: fromEnv };
  if (!sources.stdinIsTty) {
    throw new AmtError('bad-input', `no password: set ${PASSWORD_ENV}, or run amtctl in a terminal to be asked for it`);
  }
  const password = await sources.prompt(`AMT password for ${user}: `);
  if (password.length === 0) throw new AmtError('bad-input', 'no password entered');
  return { user, password };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.length > 0 ? value : undefined;
}

/** Asks on stderr (stdout stays clean for --json) and reads keys in raw mode so nothing is echoed. */
export function promptWithoutEcho(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let answer = '';
    // Raw mode before the question: keys typed as soon as the prompt shows must not be echoed.
    input.setRawMode(true);
    process.stderr.write(question);
    input.resume();
    input.setEncoding('utf8');
    const finish = (error?: AmtError): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === CTRL_C || ch === CTRL_D) return finish(new AmtError('bad-input', 'password prompt cancelled'));
        if (ch === BACKSPACE || ch === CTRL_H) answer = answer.slice(0, -1);
        else if (answer.length < MAX_PASSWORD_CHARS) answer += ch;
      }
    };
    input.on('data', onData);
  });
}
