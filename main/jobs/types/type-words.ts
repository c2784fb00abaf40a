// Sentences the job types share: why AMT cannot do the work, and what an uncertain action means.

import { amtErrorWords, isAmtError, type AmtErrorCode } from '../../../shared/domain';
import { amtUnusableWords } from '../../control/index';
import type { JobDevice } from '../device-channel';
import type { JobTypeResult } from './job-type';

/** AMT errors after which a later attempt may help; a wrong password never is one (AMT locks the account). */
const RETRYABLE: ReadonlySet<AmtErrorCode> = new Set([
  'unreachable',
  'timeout',
  'connection-closed',
  'busy',
  'amt-status',
]);

export function amtNeeded(device: JobDevice, what: string): JobTypeResult | undefined {
  if (device.amt.usable) return undefined;
  return { ok: false, words: `${what} needs AMT, and ${amtUnusableWords(device.amt.why)}`, retry: false };
}

/** An AMT failure during `what`, in words, with whether a retry may help. */
export function amtFailed(device: JobDevice, what: string, error: unknown): JobTypeResult {
  if (!isAmtError(error))
    return {
      ok: false,
      words: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      retry: true,
    };
  const { host, httpPort, tlsPort } = device.amt.endpoint;
  const words = `${what} failed: ${amtErrorWords(error.code, error.message, error.detail, { host, ports: [httpPort, tlsPort] })}`;
  return { ok: false, words, retry: RETRYABLE.has(error.code), amtError: error.code };
}

export function uncertainWords(action: string): string {
  return `the console stopped between deciding to send the ${action} and recording that it was sent; it is not sent a second time`;
}
