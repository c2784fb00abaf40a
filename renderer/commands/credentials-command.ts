// AMT credential profiles (M7): the managing server's default, a relay subtree's, a client's own. The renderer
// sends a password to main once, when it is set, and never gets one back (main answers with views).
import type { CredentialProfileView } from '../../shared/domain';
import type { RequestOf } from '../../shared/ipc';
import { amtApi } from '../api/amt-api';
import { valueOrWords } from '../model/error-words';

/** Every stored profile, or the words of why they could not be read. */
export function loadProfiles(): Promise<readonly CredentialProfileView[] | string> {
  return valueOrWords(() => amtApi().profilesList({}));
}

/** Resolves with null when the profile was saved, else the words of why not. */
export async function saveProfile(request: RequestOf<'profiles:set'>): Promise<string | null> {
  const saved = await valueOrWords(() => amtApi().profilesSet(request));
  return typeof saved === 'string' ? saved : null;
}

/** Removes a relay's or a client's own profile; null when removed, else the words of why not. */
export async function removeProfile(request: RequestOf<'profiles:remove'>): Promise<string | null> {
  const result = await valueOrWords(() => amtApi().profilesRemove(request));
  if (typeof result === 'string') return result;
  return result.removed ? null : 'There was no such profile any more (someone else removed it).';
}
