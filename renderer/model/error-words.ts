// Turns whatever a failed window.amt call rejected with into words for the screen. Main already sends
// IpcError {code, message} in plain words; we show the message and never a stack or an object dump.

export const FALLBACK_ERROR_WORDS =
  'The console could not complete this request. Try again; if it keeps failing, restart the console.';

export function errorWordsOf(error: unknown): string {
  if (typeof error === 'string' && error.trim() !== '') return firstLine(error);
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return firstLine(message);
  }
  return FALLBACK_ERROR_WORDS;
}

/** A window.amt call's value, or the words of why it failed (for views that show either). */
export async function valueOrWords<T>(work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    return errorWordsOf(error);
  }
}

/** The error code for tests and logic, when there is one. */
export function errorCodeOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

// A message with a stack glued to it ("...\n    at foo (file.js:1:2)") shows only its first line.
function firstLine(text: string): string {
  const line = text.split(/\r?\n\s*at\s/)[0] ?? text;
  return line.trim();
}

/** The request field a failed call names ('options.waitSec'), so a form shows the words at that field. */
export function errorFieldOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'field' in error) {
    const field = (error as { field: unknown }).field;
    if (typeof field === 'string' && field !== '') return field;
  }
  return null;
}
