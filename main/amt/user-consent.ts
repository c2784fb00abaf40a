// User consent in client control mode (amt-protocols.md §2.8, pitfall 18): IPS_OptInService. Where OptInRequired
// covers redirection and boot changes (0xFFFFFFFF), the console asks AMT to show a 6-digit code on the PC's screen
// (StartOptIn), the helpdesk types the code the user reads out (SendOptInCode), and SOL, IDE-R and boot changes
// are allowed while consent holds (OptInState 3 received, 4 in session). A refused code is told apart by the state
// read after it: still displayed = a wrong code (another try), anything else = the code is gone (timed out, or
// dropped after wrong codes), so a new one is needed.

import { AmtError } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { readOptionalNumber } from './wsman-record';

export const CLASS_OPT_IN_SERVICE = 'IPS_OptInService';
export const METHOD_START_OPT_IN = 'StartOptIn';
export const METHOD_SEND_OPT_IN_CODE = 'SendOptInCode';
export const METHOD_CANCEL_OPT_IN = 'CancelOptIn';
export const ARG_OPT_IN_CODE = 'OptInCode';

/** IPS_OptInService.OptInRequired. */
export const OPT_IN_REQUIRED = { none: 0, kvmOnly: 1, all: 0xffffffff } as const;
/** IPS_OptInService.OptInState. */
export const OPT_IN_STATE = { notStarted: 0, requested: 1, displayed: 2, received: 3, inSession: 4 } as const;
/** The code AMT shows has six decimal digits. */
export const CONSENT_CODE_PATTERN = /^\d{6}$/;

export interface ConsentStatus {
  /** Raw OptInRequired (0 none, 1 KVM only, 0xFFFFFFFF all redirection and boot changes). */
  readonly required: number;
  /** Raw OptInState (0 not started … 4 in session). */
  readonly state: number;
  /** SOL, IDE-R and boot changes need a code now (client control mode and no consent holding). */
  readonly needed: boolean;
  /** A code is on the PC's screen now. */
  readonly displayed: boolean;
  /** How long a shown code stays valid (OptInCodeTimeout), when AMT says. */
  readonly codeTimeoutSec: number | undefined;
}

const CONSENT_HOLDS: ReadonlySet<number> = new Set([OPT_IN_STATE.received, OPT_IN_STATE.inSession]);

export async function getConsentStatus(client: WsmanClient): Promise<ConsentStatus> {
  const r = await client.get(CLASS_OPT_IN_SERVICE);
  const required = readOptionalNumber(r, 'OptInRequired') ?? OPT_IN_REQUIRED.none;
  const state = readOptionalNumber(r, 'OptInState') ?? OPT_IN_STATE.notStarted;
  return {
    required,
    state,
    needed: required === OPT_IN_REQUIRED.all && !CONSENT_HOLDS.has(state),
    displayed: state === OPT_IN_STATE.displayed,
    codeTimeoutSec: readOptionalNumber(r, 'OptInCodeTimeout'),
  };
}

/** The error a SOL/IDE-R/boot action meets on a device whose consent is not given yet. */
export function consentRequiredError(where: string): AmtError {
  return new AmtError('consent-required', `a code shown on the screen of ${where} must be read out by the user there`, {
    endpoint: where,
  });
}

/**
 * Shows a new code on the PC's screen (a code still displayed is cancelled first, as MeshCommander does).
 * Nothing is started when consent is not needed; the status says so. Refused (e.g. blocked for a while after
 * wrong codes) → 'amt-status' with words.
 */
export async function startConsent(client: WsmanClient): Promise<ConsentStatus> {
  const before = await getConsentStatus(client);
  if (!before.needed) return before;
  if (before.displayed) await client.invoke(CLASS_OPT_IN_SERVICE, METHOD_CANCEL_OPT_IN);
  try {
    await client.invoke(CLASS_OPT_IN_SERVICE, METHOD_START_OPT_IN);
  } catch (error) {
    if (error instanceof AmtError && error.code === 'amt-status') {
      throw new AmtError(
        'amt-status',
        'AMT did not show a consent code (it refuses for a while after several wrong codes); try again later',
        error.detail,
      );
    }
    throw error;
  }
  return getConsentStatus(client);
}

/** Sends the code the user read out; a refused code becomes 'consent-wrong-code' or 'consent-expired'. */
export async function sendConsentCode(client: WsmanClient, code: string): Promise<ConsentStatus> {
  const digits = code.trim();
  if (!CONSENT_CODE_PATTERN.test(digits)) {
    throw new AmtError('bad-input', "the consent code is the 6 digits shown on the PC's screen");
  }
  try {
    await client.invoke(CLASS_OPT_IN_SERVICE, METHOD_SEND_OPT_IN_CODE, [[ARG_OPT_IN_CODE, String(Number(digits))]]);
  } catch (error) {
    if (!(error instanceof AmtError) || error.code !== 'amt-status') throw error;
    const after = await getConsentStatus(client);
    if (after.displayed) throw new AmtError('consent-wrong-code', 'AMT refused the code', error.detail);
    throw new AmtError('consent-expired', 'ask AMT for a new code; the user then reads out the new one', error.detail);
  }
  return getConsentStatus(client);
}

/** Removes a code from the PC's screen (the helpdesk gave up). */
export async function cancelConsent(client: WsmanClient): Promise<void> {
  await client.invoke(CLASS_OPT_IN_SERVICE, METHOD_CANCEL_OPT_IN);
}
