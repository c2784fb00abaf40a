// `amtctl sol` / `amtctl ider` in front of the redirection port (issue 9; amt-protocols.md §2.7, §2.8): the user's
// consent in client control mode and a redirection service that is off. With --consent-code the code goes to AMT
// first. Otherwise the session is tried as it is (nothing extra on a device that needs nothing); when the device
// refuses it, AMT is asked why over WS-Man: SOL/IDE-R or the listener off → turned on with --enable-redirection
// (what changed is printed), else an error saying so; consent needed → AMT shows a code on the PC's screen and
// amtctl asks for it on a terminal, or ends saying to run again with --consent-code. Then one more try.

import { AmtError, isAmtError } from '../../shared/domain';
import {
  enableRedirection,
  getConsentStatus,
  getRedirectionSettings,
  redirectionDisabledError,
  sendConsentCode,
  startConsent,
  type RedirectionFeature,
  type WsmanClient,
} from '../amt/index';
import type { RedirectionSession } from '../redirect/index';
import { openDeviceSession, type ConnectionSettings } from './device-session';
import { WordedAmtError } from './error-words';

/** Codes that say nothing about redirection settings or consent: asking AMT why would not help. */
const NOT_ABOUT_ACCESS: ReadonlySet<string> = new Set(['auth-failed', 'tls-pin-mismatch', 'busy', 'bad-input']);
/** Codes typed at the prompt before amtctl gives up (AMT itself drops the code after a few wrong ones). */
const MAX_PROMPTED_CODES = 3;

export interface RedirectionAccess {
  /** HOST as typed: its WS-Man endpoint (HOST or HOST:PORT) is where AMT is asked. */
  readonly host: string;
  readonly feature: RedirectionFeature;
  readonly consentCode: string | undefined;
  readonly enableRedirection: boolean;
  readonly connection: ConnectionSettings;
  /** Present when stdin is a terminal: asks for the code the user reads out. */
  readonly prompt: ((question: string) => Promise<string>) | undefined;
  readonly err: (text: string) => void;
}

/** Opens the session through `open`, dealing with consent and redirection settings as described above. */
export async function openWithAccess(
  open: () => Promise<RedirectionSession>,
  access: RedirectionAccess,
): Promise<RedirectionSession> {
  if (access.consentCode !== undefined)
    await withWsman(access, (wsman) => giveCode(wsman, access, access.consentCode ?? ''));
  try {
    return await open();
  } catch (error) {
    // The device's BUSY: its own words say another console holds the session, more than "busy" would.
    if (isAmtError(error) && error.code === 'busy') throw new WordedAmtError('busy', error.message, error.detail);
    if (!isAmtError(error) || NOT_ABOUT_ACCESS.has(error.code)) throw error;
    let fixed: boolean;
    try {
      fixed = await withWsman(access, (wsman) => resolveAccess(wsman, access));
    } catch (why) {
      // AMT said what is missing: that is the answer. WS-Man unreachable as well: the first error stands.
      if (isAmtError(why) && why.code !== 'unreachable' && why.code !== 'timeout') throw why;
      throw error;
    }
    if (!fixed) throw error;
    return open();
  }
}

async function withWsman<T>(access: RedirectionAccess, work: (wsman: WsmanClient) => Promise<T>): Promise<T> {
  const device = openDeviceSession(access.host, access.connection);
  try {
    return await work(device.client);
  } finally {
    device.close();
  }
}

/** True when something was changed or given, so the session is worth another try. */
async function resolveAccess(wsman: WsmanClient, access: RedirectionAccess): Promise<boolean> {
  let changed = false;
  const disabled = redirectionDisabledError(await getRedirectionSettings(wsman), access.feature, access.host);
  if (disabled) {
    if (!access.enableRedirection) {
      throw new AmtError(
        'redirection-disabled',
        `${disabled.message}; run again with --enable-redirection to turn it on`,
      );
    }
    const result = await enableRedirection(wsman, [access.feature]);
    access.err(`amtctl: ${access.host}: ${result.changes.join('; ')} (AMT_RedirectionService)`);
    changed = true;
  }
  const consent = await getConsentStatus(wsman);
  if (!consent.needed) return changed;
  const shown = await startConsent(wsman);
  const valid = shown.codeTimeoutSec === undefined ? '' : ` (valid ${shown.codeTimeoutSec} s)`;
  if (!access.prompt) {
    throw new WordedAmtError(
      'consent-required',
      `AMT is in client control mode: a consent code now shows on the PC's screen${valid}; ` +
        'run again with --consent-code CODE (the 6 digits the user reads out)',
    );
  }
  access.err(`amtctl: ${access.host} is in client control mode: a consent code now shows on the PC's screen${valid}`);
  for (let attempt = 1; ; attempt++) {
    const code = (await access.prompt('Code the user reads out (6 digits): ')).trim();
    try {
      await sendConsentCode(wsman, code);
      return true;
    } catch (error) {
      const again = isAmtError(error) && (error.code === 'consent-wrong-code' || error.code === 'bad-input');
      if (!again || attempt >= MAX_PROMPTED_CODES) throw error;
      access.err(
        `amtctl: ${access.host}: ${error.code === 'bad-input' ? 'enter the 6 digits' : 'not that code'}; try again`,
      );
    }
  }
}

/** --consent-code: sent while a code is shown; a device that needs no consent is told so and left alone. */
async function giveCode(wsman: WsmanClient, access: RedirectionAccess, code: string): Promise<void> {
  const status = await getConsentStatus(wsman);
  if (!status.needed) {
    access.err(`amtctl: ${access.host}: no consent needed now; --consent-code not sent`);
    return;
  }
  if (!status.displayed) {
    throw new AmtError('consent-expired', 'run again without --consent-code to show a new code, then give that one');
  }
  await sendConsentCode(wsman, code);
}
