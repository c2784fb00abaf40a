// Before SOL, IDE-R or a boot change (amt-protocols.md §2.6 step 1, pitfalls 18 and 19): the redirection service
// must have the feature and its listener on, and in client control mode the user's consent must hold. The checks
// MeshCommander makes before it connects, as one call that fails with what is missing.

import { AmtError } from '../../shared/domain';
import { getRedirectionSettings, redirectionDisabledError, type RedirectionFeature } from './redirection-service';
import { consentRequiredError, getConsentStatus } from './user-consent';
import type { WsmanClient } from './wsman-client';

/** What is about to happen: a redirection session of one kind, or a change of the next boot. */
export type GuardedAction = RedirectionFeature | 'boot';

/**
 * Throws 'redirection-disabled' or 'consent-required'; resolves when the action may go ahead. Firmware without
 * IPS_OptInService (a SOAP fault on its Get, AMT before 6.2) has no consent to ask for.
 */
export async function checkRedirectionReady(client: WsmanClient, action: GuardedAction, where: string): Promise<void> {
  if (action !== 'boot') {
    const disabled = redirectionDisabledError(await getRedirectionSettings(client), action, where);
    if (disabled) throw disabled;
  }
  let needed: boolean;
  try {
    needed = (await getConsentStatus(client)).needed;
  } catch (error) {
    if (error instanceof AmtError && error.code === 'wsman-fault') return;
    throw error;
  }
  if (needed) throw consentRequiredError(where);
}
