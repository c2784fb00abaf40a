// The one "this call must fail with an AmtError" helper for tests: returns the error for code and
// message assertions, and checks that a secret given by the test never appears in the message.
import { expect } from 'vitest';
import { AmtError } from '../../shared/domain';

export async function expectAmtError(promise: Promise<unknown>, secret?: string): Promise<AmtError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AmtError);
    if (secret !== undefined) expect((error as AmtError).message).not.toContain(secret);
    return error as AmtError;
  }
  throw new Error('expected the call to fail with an AmtError');
}

/** The same for a synchronous call. */
export function expectAmtErrorSync(run: () => unknown, secret?: string): AmtError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AmtError);
    if (secret !== undefined) expect((error as AmtError).message).not.toContain(secret);
    return error as AmtError;
  }
  throw new Error('expected the call to fail with an AmtError');
}
