// WS-Management client over a WsmanTransport: Get, Put (and read-modify-write), Enumerate+Pull, method
// calls (amt-protocols.md §1.3–1.6). One request at a time per client, as reference consoles do (§1.2).

import { AmtError } from '../../shared/domain';
import type { WsmanHttpResponse, WsmanTransport } from './transport-types';
import {
  enumerateEnvelope,
  getEnvelope,
  invokeEnvelope,
  pullEnvelope,
  putEnvelope,
  type MethodArguments,
  type Selectors,
} from './envelope';
import { parseSoapResponse, requireBody, throwIfFault, type SoapResponse } from './soap-response';
import { checkReturnValue } from './pt-status';
import { childNamed, DEFAULT_MAX_XML_BYTES, type XmlElement } from './xml-parse';
import { elementToRecord, readNumber, type WsmanRecord } from './wsman-record';
import { EL } from './wsman-constants';

export interface WsmanClientOptions {
  /** Pull requests allowed for one enumeration before it is declared endless. */
  readonly maxPullPages?: number;
  /** Instances allowed in one enumeration. */
  readonly maxEnumerationItems?: number;
  /** Largest SOAP body parsed. */
  readonly maxResponseBytes?: number;
  /** First MessageID sent (the package and reference consoles start at 0). */
  readonly firstMessageId?: number;
}

export interface EnumerateOptions {
  readonly maxPullPages?: number;
  readonly maxEnumerationItems?: number;
}

export interface MethodResult {
  readonly returnValue: number;
  /** Every element of `<Method>_OUTPUT`, ReturnValue included. */
  readonly output: WsmanRecord;
}

/** Builds one envelope for a given MessageID (see envelope.ts). */
export type EnvelopeBuilder = (messageId: number) => string;

export const DEFAULT_MAX_PULL_PAGES = 256;
export const DEFAULT_MAX_ENUMERATION_ITEMS = 10_000;

const HTTP_OK = 200;
const HTML_BODY = /^\s*(<!doctype\s+html|<html[\s>])/i;

export class WsmanClient {
  private nextMessageId: number;
  private lastServerHeader: string | undefined;
  /** Tail of the request chain: each exchange starts after the previous one settled. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly maxPullPages: number;
  private readonly maxEnumerationItems: number;
  private readonly maxResponseBytes: number;

  constructor(
    readonly transport: WsmanTransport,
    options: WsmanClientOptions = {},
  ) {
    this.nextMessageId = options.firstMessageId ?? 0;
    this.maxPullPages = options.maxPullPages ?? DEFAULT_MAX_PULL_PAGES;
    this.maxEnumerationItems = options.maxEnumerationItems ?? DEFAULT_MAX_ENUMERATION_ITEMS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_XML_BYTES;
  }

  /** The firmware's `Server` header (e.g. `Intel(R) Active Management Technology 15.0.23.1706`), once seen. */
  get serverHeader(): string | undefined {
    return this.transport.negotiated?.serverHeader ?? this.lastServerHeader;
  }

  /** Get one instance as a record. */
  async get(className: string, selectors?: Selectors): Promise<WsmanRecord> {
    const context = `Get ${className}`;
    const response = await this.exchange((id) => getEnvelope(className, id, selectors), context);
    return elementToRecord(requireBody(response, className, context));
  }

  /** Put a whole instance; returns the instance as the device stored it. */
  async put(className: string, instance: WsmanRecord, selectors?: Selectors): Promise<WsmanRecord> {
    const context = `Put ${className}`;
    const response = await this.exchange((id) => putEnvelope(className, id, instance, selectors), context);
    // AMT answers a Put with the updated instance (fixtures: EthernetPortSettings, OptInService). An empty
    // Body is accepted too, since no capture of every class's PutResponse exists.
    if (!response.body) return instance;
    return elementToRecord(requireBody(response, className, context));
  }

  /**
   * Read-modify-write (§1.4): Get, let `modify` change a copy, drop read-only fields (sending them back
   * breaks the Put on some firmware, §2.6), Put.
   */
  async update(
    className: string,
    modify: (current: WsmanRecord) => WsmanRecord,
    options: { readonly selectors?: Selectors; readonly readOnlyFields?: readonly string[] } = {},
  ): Promise<WsmanRecord> {
    const current = await this.get(className, options.selectors);
    const changed = modify({ ...current });
    const readOnly = new Set(options.readOnlyFields ?? []);
    const writable: Record<string, WsmanRecord[string]> = {};
    for (const [name, value] of Object.entries(changed)) if (!readOnly.has(name)) writable[name] = value;
    return this.put(className, writable, options.selectors);
  }

  /** Enumerate then Pull with the latest context until EndOfSequence; bounded in pages and items. */
  async enumerate(className: string, options: EnumerateOptions = {}): Promise<WsmanRecord[]> {
    const maxPages = options.maxPullPages ?? this.maxPullPages;
    const maxItems = options.maxEnumerationItems ?? this.maxEnumerationItems;
    const items: WsmanRecord[] = [];
    const start = await this.exchange((id) => enumerateEnvelope(className, id), `Enumerate ${className}`);
    const enumerateResponse = requireBody(start, EL.enumerateResponse, `Enumerate ${className}`);
    // Optimized enumeration may already carry items; the console does not ask for it, but accept it.
    let page = readPage(enumerateResponse, items, className, maxItems);
    if (page.context === undefined && !page.ended) {
      throw new AmtError('malformed-xml', `Enumerate ${className}: EnumerateResponse has no EnumerationContext`);
    }
    for (let pulls = 0; !page.ended; pulls++) {
      if (pulls >= maxPages) {
        throw new AmtError(
          'response-too-large',
          `Enumerate ${className}: the device did not end the enumeration after ${maxPages} Pull requests`,
        );
      }
      const enumerationContext = page.context ?? '';
      const response = await this.exchange(
        (id) => pullEnvelope(className, id, enumerationContext),
        `Pull ${className}`,
      );
      page = readPage(requireBody(response, EL.pullResponse, `Pull ${className}`), items, className, maxItems);
      if (!page.ended && page.context === undefined) {
        throw new AmtError(
          'malformed-xml',
          `Pull ${className}: PullResponse has neither EnumerationContext nor EndOfSequence`,
        );
      }
    }
    return items;
  }

  /** Calls a method with scalar/EPR arguments; a non-zero ReturnValue throws 'amt-status'. */
  async invoke(
    className: string,
    method: string,
    args: MethodArguments = [],
    selectors?: Selectors,
  ): Promise<MethodResult> {
    return this.invokeWith(className, method, (id) => invokeEnvelope(className, method, id, args, selectors));
  }

  /** Calls a method whose envelope comes from a dedicated builder (RequestPowerStateChange, boot calls). */
  async invokeWith(className: string, method: string, build: EnvelopeBuilder): Promise<MethodResult> {
    const context = `${className}.${method}`;
    const response = await this.exchange(build, context);
    const output = elementToRecord(requireBody(response, `${method}_OUTPUT`, context));
    const returnValue = readNumber(output, EL.returnValue, `${context}_OUTPUT`);
    checkReturnValue(returnValue, className, method);
    return { returnValue, output };
  }

  /** Queues one exchange so a device never sees two requests from this client at once (§1.2). */
  private exchange(build: EnvelopeBuilder, context: string): Promise<SoapResponse> {
    const run = this.inFlight.then(
      () => this.exchangeNow(build, context),
      () => this.exchangeNow(build, context),
    );
    this.inFlight = run.catch(() => undefined);
    return run;
  }

  /** Sends one envelope, checks HTTP status, body shape, RelatesTo and faults. */
  private async exchangeNow(build: EnvelopeBuilder, context: string): Promise<SoapResponse> {
    const messageId = this.nextMessageId++;
    const envelope = build(messageId);
    const http = await this.transport.post(envelope);
    const server = headerValue(http, 'server');
    if (server !== undefined) this.lastServerHeader = server;
    if (HTML_BODY.test(http.body)) {
      throw new AmtError(
        'http-status',
        http.status === HTTP_OK
          ? `${context}: the device answered with an HTML page instead of SOAP`
          : `${context}: the device answered HTTP ${http.status} with an HTML page instead of a SOAP fault (it rejected the request as malformed)`,
        { httpStatus: http.status },
      );
    }
    const response = parseSoapResponse(http.body, { maxBytes: this.maxResponseBytes });
    const relatesTo = response.header.relatesTo;
    // AMT echoes our MessageID verbatim; a different one means an answer to another request.
    if (relatesTo !== undefined && relatesTo !== '' && relatesTo !== String(messageId)) {
      throw new AmtError(
        'malformed-xml',
        `${context}: response RelatesTo "${relatesTo.slice(0, 60)}" does not match request MessageID ${messageId}`,
      );
    }
    throwIfFault(response, context);
    if (http.status !== HTTP_OK) {
      throw new AmtError('malformed-xml', `${context}: HTTP ${http.status} response carries no SOAP fault`, {
        httpStatus: http.status,
      });
    }
    return response;
  }
}

function headerValue(response: WsmanHttpResponse, name: string): string | undefined {
  for (const [key, value] of Object.entries(response.headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

interface Page {
  readonly context: string | undefined;
  readonly ended: boolean;
}

/** Appends a page's instances and reports its context / end marker. */
function readPage(response: XmlElement, items: WsmanRecord[], className: string, maxItems: number): Page {
  const itemsElement = childNamed(response, EL.items);
  for (const item of itemsElement?.children ?? []) {
    if (items.length >= maxItems) {
      throw new AmtError('response-too-large', `Enumerate ${className}: more than ${maxItems} instances`);
    }
    items.push(elementToRecord(item));
  }
  const contextText = childNamed(response, EL.enumerationContext)?.text.trim();
  return {
    context: contextText === undefined || contextText === '' ? undefined : contextText,
    ended: childNamed(response, EL.endOfSequence) !== undefined,
  };
}
