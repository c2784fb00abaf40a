// Turns whatever a handler threw into the IpcError the renderer shows: a code and helpdesk words. Never a
// stack, a file path or a password; unexpected errors go to main's log and reach the renderer as 'internal'.

import { amtErrorWords, isAmtError } from '../../shared/domain';
import type { IpcError } from '../../shared/ipc';
import { isStoreError, type StoreErrorCode } from '../store/index';
import { isApiError } from './api-error';

export const INTERNAL_ERROR_WORDS =
  'Something went wrong inside the console (an internal error); the details are in its log.';

/** Where an AmtError happened, for the words ("no AMT answers at pc-17 …"). */
export interface ErrorTarget {
  readonly host: string;
  readonly ports?: readonly number[];
}

/** Store codes renamed to the API's where both mean the same; the rest pass through. */
const STORE_CODES: Partial<Record<StoreErrorCode, string>> = { duplicate: 'conflict' };

export type ApiLog = (line: string) => void;

export function toIpcError(error: unknown, log: ApiLog, target?: ErrorTarget): IpcError {
  if (isApiError(error))
    return { code: error.code, message: error.words, ...(error.field !== undefined ? { field: error.field } : {}) };
  // The store writes its messages for people (a row that does not exist, a name taken, a damaged file).
  if (isStoreError(error)) return { code: STORE_CODES[error.code] ?? error.code, message: error.message };
  if (isAmtError(error)) {
    const host = target?.host ?? error.detail.endpoint ?? 'the device';
    const words = amtErrorWords(error.code, error.message, error.detail, {
      host,
      ...(target?.ports ? { ports: target.ports } : {}),
    });
    return { code: error.code, message: capitalize(words) };
  }
  // Only the log gets the technical text; it may name files or SQL, which helpdesk people need not see.
  log(`internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  return { code: 'internal', message: INTERNAL_ERROR_WORDS };
}

function capitalize(words: string): string {
  return words.length > 0 ? `${words.charAt(0).toUpperCase()}${words.slice(1)}.` : words;
}
