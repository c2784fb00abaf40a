// AMT_RedirectionService (amt-protocols.md §2.7, pitfall 19): whether SOL and IDE-R are switched on
// (EnabledState = 32768 + bit 0 IDE-R + bit 1 SOL) and whether the listener on 16994/16995 accepts sessions
// (ListenerEnabled). Read before a redirection session; turned on only when the user asks, in MeshCommander's
// order (RequestStateChange, then Put ListenerEnabled), with what changed in words.

import { AmtError } from '../../shared/domain';
import type { WsmanClient } from './wsman-client';
import { readOptionalBoolean, readOptionalNumber, readOptionalString, type WsmanRecord } from './wsman-record';

export const CLASS_REDIRECTION_SERVICE = 'AMT_RedirectionService';
export const METHOD_REQUEST_STATE_CHANGE = 'RequestStateChange';
export const ARG_REQUESTED_STATE = 'RequestedState';
/** EnabledState base value (SOL and IDE-R off) and its bits. */
export const REDIRECTION_STATE_BASE = 32768;
export const REDIRECTION_BIT_IDER = 1;
export const REDIRECTION_BIT_SOL = 2;
/** The fields MeshCommander sends back in its Put (others, such as AccessLog, are read-only). */
const WRITABLE_FIELDS = [
  'CreationClassName',
  'ElementName',
  'EnabledState',
  'ListenerEnabled',
  'Name',
  'SystemCreationClassName',
  'SystemName',
] as const;

export type RedirectionFeature = 'sol' | 'ider';

export interface RedirectionSettings {
  readonly enabledState: number;
  readonly sol: boolean;
  readonly ider: boolean;
  readonly listenerEnabled: boolean;
}

const FEATURE_BIT: Readonly<Record<RedirectionFeature, number>> = {
  sol: REDIRECTION_BIT_SOL,
  ider: REDIRECTION_BIT_IDER,
};
const FEATURE_WORDS: Readonly<Record<RedirectionFeature, string>> = { sol: 'Serial-over-LAN', ider: 'IDE redirection' };

export function redirectionSettingsOf(r: WsmanRecord): RedirectionSettings {
  const enabledState = readOptionalNumber(r, 'EnabledState') ?? REDIRECTION_STATE_BASE;
  const bits = enabledState >= REDIRECTION_STATE_BASE ? enabledState - REDIRECTION_STATE_BASE : 0;
  return {
    enabledState,
    sol: (bits & REDIRECTION_BIT_SOL) !== 0,
    ider: (bits & REDIRECTION_BIT_IDER) !== 0,
    listenerEnabled: readOptionalBoolean(r, 'ListenerEnabled') ?? false,
  };
}

export async function getRedirectionSettings(client: WsmanClient): Promise<RedirectionSettings> {
  return redirectionSettingsOf(await client.get(CLASS_REDIRECTION_SERVICE));
}

/** What is off for this feature, in words; empty when the feature can be used. */
export function redirectionGaps(settings: RedirectionSettings, feature: RedirectionFeature): string[] {
  const gaps: string[] = [];
  if (!settings[feature]) gaps.push(`${FEATURE_WORDS[feature]} is switched off`);
  if (!settings.listenerEnabled) gaps.push('the redirection listener (ports 16994/16995) is off');
  return gaps;
}

/** 'redirection-disabled' naming what is off, or nothing when the feature can be used. */
export function redirectionDisabledError(
  settings: RedirectionSettings,
  feature: RedirectionFeature,
  where: string,
): AmtError | undefined {
  const gaps = redirectionGaps(settings, feature);
  if (gaps.length === 0) return undefined;
  return new AmtError('redirection-disabled', `${gaps.join(' and ')} in AMT_RedirectionService`, { endpoint: where });
}

export interface EnableRedirectionResult {
  readonly before: RedirectionSettings;
  readonly after: RedirectionSettings;
  /** One sentence per change made ("Serial-over-LAN switched on"); empty when all was on already. */
  readonly changes: readonly string[];
}

/**
 * Switches the features on (never off: features already on stay on) and the listener, in MeshCommander's order;
 * re-reads the service and fails with 'redirection-disabled' when AMT did not take the change.
 */
export async function enableRedirection(
  client: WsmanClient,
  features: readonly RedirectionFeature[],
): Promise<EnableRedirectionResult> {
  const current = await client.get(CLASS_REDIRECTION_SERVICE);
  const before = redirectionSettingsOf(current);
  const changes: string[] = [];
  let bits = before.enabledState - REDIRECTION_STATE_BASE;
  if (bits < 0) bits = 0;
  for (const feature of features) {
    if (before[feature]) continue;
    bits |= FEATURE_BIT[feature];
    changes.push(`${FEATURE_WORDS[feature]} switched on`);
  }
  const enabledState = REDIRECTION_STATE_BASE + bits;
  if (enabledState !== before.enabledState) {
    await client.invoke(CLASS_REDIRECTION_SERVICE, METHOD_REQUEST_STATE_CHANGE, [
      [ARG_REQUESTED_STATE, String(enabledState)],
    ]);
  }
  if (!before.listenerEnabled) {
    const instance: Record<string, string> = {};
    for (const field of WRITABLE_FIELDS) {
      const value = readOptionalString(current, field);
      if (value !== undefined) instance[field] = value;
    }
    instance['EnabledState'] = String(enabledState);
    instance['ListenerEnabled'] = 'true';
    await client.put(CLASS_REDIRECTION_SERVICE, instance);
    changes.push('the redirection listener (ports 16994/16995) turned on');
  }
  const after = await getRedirectionSettings(client);
  const still = features.flatMap((f) => redirectionGaps(after, f));
  if (still.length > 0) {
    throw new AmtError('redirection-disabled', `AMT did not take the change: ${[...new Set(still)].join(' and ')}`);
  }
  return { before, after, changes };
}
