// The one router behind every IPC channel (docs/architecture.md "One typed contract"): it knows no
// transport. Unknown channels and requests that fail the size bound or the channel's zod schema are
// refused with 'invalid-request' before any handler runs; every outcome is an IpcReply, never a throw.

import type { z } from 'zod';
import {
  CHANNELS,
  IPC_LIMITS,
  isChannel,
  type Channel,
  type IpcReply,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/ipc';
import { ApiError } from './api-error';
import { toIpcError, type ApiLog } from './error-reply';
import { checkPayloadSize } from './payload-size';

/** Who is calling, as the transport knows it (for logs; authorisation happened at the transport). */
export interface CallContext {
  readonly transport: 'electron' | 'host' | 'test';
  /**
   * The window or connection, for log lines and as the owner of what the call opens (SOL sessions): unique
   * per connection while it lives; the transport reports its end through Api.connectionClosed(peer).
   */
  readonly peer?: string;
}

export type ChannelHandler<C extends Channel> = (
  request: ParsedRequestOf<C>,
  context: CallContext,
) => Promise<ResponseOf<C>>;
export type Handlers = { readonly [C in Channel]: ChannelHandler<C> };

export interface Router {
  handle(channel: string, request: unknown, context: CallContext): Promise<IpcReply<unknown>>;
}

export interface RouterOptions {
  readonly log?: ApiLog;
  /** Bound on a request's approximate size; the transports bound whole messages as well. */
  readonly maxRequestBytes?: number;
}

/** Deep enough for every schema in the contract; deeper is an attack or a bug. */
const MAX_REQUEST_DEPTH = 8;
/** Issues quoted in an 'invalid-request' message: enough to find the bug, short enough to show. */
const MAX_ISSUES_SHOWN = 3;
const MAX_CHANNEL_NAME_SHOWN = 64;

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxRequestBytes ?? IPC_LIMITS.maxMessageBytes;

  return {
    async handle(channel, request, context) {
      if (typeof channel !== 'string' || !isChannel(channel)) {
        const shown = typeof channel === 'string' ? channel.slice(0, MAX_CHANNEL_NAME_SHOWN) : typeof channel;
        return failure(new ApiError('unknown-channel', `The console has no function called "${shown}".`), log);
      }
      const size = checkPayloadSize(request, { maxBytes, maxDepth: MAX_REQUEST_DEPTH });
      if (!size.ok)
        return failure(
          new ApiError('invalid-request', `The request for ${channel} was refused: it is ${size.reason}.`),
          log,
        );
      const schema: z.ZodType = CHANNELS[channel].request;
      const parsed = schema.safeParse(request);
      if (!parsed.success) {
        const words = `The request for ${channel} was refused: ${describeIssues(parsed.error.issues)}.`;
        return failure(new ApiError('invalid-request', words, fieldOf(parsed.error.issues)), log);
      }
      try {
        const handler = handlers[channel] as ChannelHandler<Channel>;
        const value = await handler(parsed.data as ParsedRequestOf<Channel>, context);
        return { ok: true, value };
      } catch (error) {
        return {
          ok: false,
          error: toIpcError(error, (line) =>
            log(`${channel} (${context.transport}${context.peer ? ` ${context.peer}` : ''}): ${line}`),
          ),
        };
      }
    },
  };
}

function failure(error: ApiError, log: ApiLog): IpcReply<never> {
  return { ok: false, error: toIpcError(error, log) };
}

/** The first issue's field as a path ('options.waitSec', 'targets.clientIds[3]'); undefined for the whole request. */
function fieldOf(issues: readonly z.core.$ZodIssue[]): string | undefined {
  const path = issues[0]?.path ?? [];
  if (path.length === 0) return undefined;
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
    .join('');
}

/** Field path and zod's message only: zod's messages name the expectation, never the value sent. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path.length > 0 ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return `${shown.join('; ')}${more}`;
}
