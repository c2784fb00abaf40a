// `window.amt`: the renderer's whole view of main, derived from the contract. Each channel becomes a
// named method (`clients:import-csv` → `clientsImportCsv`), each event an `onX(callback)` returning its
// unsubscribe function. The preload (Electron) and the WebSocket bridge (headless host) both build it.

// Type-only import of the contract: this file (and so the preload and the bridge) carries no zod.
import type { Channel, EventName, EventPayloads, IpcError, RequestOf, ResponseOf } from './contract';
import { CHANNEL_NAMES, EVENT_NAMES } from './names';

type Camel<S extends string> = S extends `${infer A}:${infer B}`
  ? `${Camel<A>}${Capitalize<Camel<B>>}`
  : S extends `${infer A}-${infer B}`
    ? `${A}${Capitalize<Camel<B>>}`
    : S;

export type AmtApi = {
  readonly [C in Channel as Camel<C>]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  readonly [E in EventName as `on${Capitalize<Camel<E>>}`]: (
    callback: (payload: EventPayloads[E]) => void,
  ) => () => void;
};

function camel(name: string): string {
  return name.replace(/[:-]([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `clients:import-csv` → `clientsImportCsv`. */
export function methodNameOf(channel: Channel): string {
  return camel(channel);
}

/** `client:changed` → `onClientChanged`. */
export function eventMethodNameOf(event: EventName): string {
  const name = camel(event);
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** A failed call as the renderer sees it: the code to branch on, the words to show. */
export class IpcCallError extends Error {
  override readonly name = 'IpcCallError';
  constructor(
    readonly code: string,
    message: string,
    /** The request field at fault, when one is (IpcError.field). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What a transport provides; `buildAmtApi` turns it into the named methods of `window.amt`. */
export interface IpcTransport {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  subscribe(event: EventName, callback: (payload: unknown) => void): () => void;
}

export function buildAmtApi(transport: IpcTransport): AmtApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[methodNameOf(channel)] = (request: unknown) => transport.invoke(channel, request);
  }
  for (const event of EVENT_NAMES) {
    api[eventMethodNameOf(event)] = (callback: (payload: unknown) => void) => transport.subscribe(event, callback);
  }
  return Object.freeze(api) as AmtApi;
}

export type { IpcError };
