// Errors the console's handlers raise themselves, already in helpdesk words, with the code the renderer
// branches on. AmtErrors from the driver are worded by error-reply.ts instead.

/** Codes the API layer adds to AmtErrorCode (shared/domain/errors.ts). */
export type ApiErrorCode =
  /** The channel name is not in the contract. */
  | 'unknown-channel'
  /** The request failed the channel's schema, was too large, or too deeply nested. */
  | 'invalid-request'
  /** The id names no client, relay or profile (it may have been removed meanwhile). */
  | 'not-found'
  /** A destructive action was sent without confirmed=true. */
  | 'confirmation-required'
  /** The client has no AMT (firmware version N/A). */
  | 'no-amt'
  /** No credential profile applies to the client. */
  | 'no-credentials'
  /** The request conflicts with what is stored (e.g. a duplicate host name). */
  | 'conflict'
  /** Too many calls at once on one connection, or a SOL terminal to the client is already open. */
  | 'busy'
  /** The console cannot do this yet or at all. */
  | 'unsupported'
  /** sol:send on a session that is not open (still connecting, or closed meanwhile). */
  | 'sol-not-open'
  /** ider:start with an image that is missing, unreadable, not whole sectors or of an absurd size (field 'path'). */
  | 'bad-image'
  /** A boot to the redirected floppy/CD of a client this console is not serving that medium to. */
  | 'ider-not-active'
  /** A bug or an unexpected failure inside main; details only in main's log. */
  | 'internal';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    /** Words shown to people; never a password, a stack or a file path. */
    readonly words: string,
    /** The request field at fault ('options.waitSec'), so a form can show the words there. */
    readonly field?: string,
  ) {
    super(words);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
