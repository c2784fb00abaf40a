// Parses an incoming WS-Man request envelope (§1.3) into the few things the simulator dispatches on:
// Action, ResourceURI, MessageID, selectors and the body's first element. Namespace prefixes are ignored.
import { XMLParser } from 'fast-xml-parser';

export interface WsmanRequest {
  readonly action: string;
  readonly resourceUri: string;
  /** Echoed verbatim in RelatesTo; empty when the request had none. */
  readonly messageId: string;
  readonly selectors: ReadonlyMap<string, string>;
  /** Local name of the body's first element ('' for an empty body, as in Get). */
  readonly bodyName: string;
  /** Children of that element, as parsed (strings, nested records, or arrays for repeated elements). */
  readonly bodyContent: Record<string, unknown>;
}

export class RequestParseError extends Error {}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: true,
  trimValues: true,
});

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value)
    return String((value as Record<string, unknown>)['#text']);
  return '';
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function readSelectors(selectorSet: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const raw = asRecord(selectorSet)['Selector'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const item of list) {
    const name = asRecord(item)['@_Name'];
    if (typeof name === 'string') out.set(name, text(item));
  }
  return out;
}

/** Finds a selector value anywhere inside an endpoint reference (e.g. a method argument). */
export function selectorsOf(epr: unknown): Map<string, string> {
  const params = asRecord(asRecord(epr)['ReferenceParameters']);
  return readSelectors(params['SelectorSet']);
}

export function textOf(value: unknown): string {
  return text(Array.isArray(value) ? value[0] : value);
}

export function parseWsmanRequest(xml: string): WsmanRequest {
  let doc: Record<string, unknown>;
  try {
    doc = asRecord(parser.parse(xml, true));
  } catch (error) {
    throw new RequestParseError(`request is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const envelope = asRecord(doc['Envelope']);
  if (!('Header' in envelope)) throw new RequestParseError('request has no SOAP Envelope/Header');
  const header = asRecord(envelope['Header']);
  const action = text(header['Action']);
  if (!action) throw new RequestParseError('request header has no Action');
  const body = asRecord(envelope['Body']);
  const bodyName = Object.keys(body).find((k) => !k.startsWith('@_')) ?? '';
  return {
    action,
    resourceUri: text(header['ResourceURI']),
    messageId: text(header['MessageID']),
    selectors: readSelectors(header['SelectorSet']),
    bodyName,
    bodyContent: bodyName ? asRecord(body[bodyName]) : {},
  };
}
