import { describe, expect, it } from 'vitest';
import { errorCodeOf, errorWordsOf, FALLBACK_ERROR_WORDS, valueOrWords } from '../../../../renderer/model/error-words';

describe('errorWordsOf', () => {
  it('shows the message of an IpcError-like object', () => {
    expect(errorWordsOf({ code: 'auth-failed', message: 'Wrong AMT user name or password.' })).toBe(
      'Wrong AMT user name or password.',
    );
    expect(errorCodeOf({ code: 'auth-failed', message: 'x' })).toBe('auth-failed');
  });

  it('never shows a stack trace glued to a message', () => {
    expect(errorWordsOf(new Error('Timed out\n    at foo (app.js:1:2)\n    at bar'))).toBe('Timed out');
  });

  it('falls back to plain words for things that are not errors', () => {
    for (const odd of [undefined, null, 42, {}, { message: '' }, { message: 7 }])
      expect(errorWordsOf(odd)).toBe(FALLBACK_ERROR_WORDS);
    expect(errorCodeOf('x')).toBeNull();
  });

  it('valueOrWords gives the value, or the words of the rejection', async () => {
    expect(await valueOrWords(() => Promise.resolve({ removed: true }))).toEqual({ removed: true });
    expect(await valueOrWords(() => Promise.reject({ code: 'conflict', message: 'Taken.' }))).toBe('Taken.');
    expect(await valueOrWords(() => Promise.reject(new Error('boom\n    at x (y.js:1:1)')))).toBe('boom');
  });
});
