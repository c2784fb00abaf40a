// A WS-Man instance as plain data, and typed readers for its fields (amt-protocols.md §1.4; fixtures
// README "Values": arrays are repeated siblings, text is untrimmed, Datetimes and EPRs are nested).

import { AmtError } from '../../shared/domain';
import type { XmlElement } from './xml-parse';

/**
 * A property value: a leaf's text (never trimmed), a nested element as a record, or an array when the
 * element was repeated. A one-element array looks like a scalar on the wire: read array properties with
 * `readStrings`/`asArray`, which accept both.
 */
export type WsmanValue = string | WsmanRecord | readonly WsmanValue[];
export interface WsmanRecord {
  readonly [name: string]: WsmanValue;
}

/** Endpoint reference (EPR) as AMT writes it: Address + ReferenceParameters/{ResourceURI, SelectorSet}. */
export interface EndpointReference {
  readonly address: string;
  readonly resourceUri: string;
  readonly selectors: Readonly<Record<string, string>>;
}

const SELECTOR_SET = 'SelectorSet';

/** Converts an element's children into a record; repeated names become arrays. */
export function elementToRecord(element: XmlElement): WsmanRecord {
  const out: Record<string, WsmanValue> = {};
  for (const child of element.children) {
    const value = elementToValue(child);
    const previous = out[child.name];
    if (previous === undefined) out[child.name] = value;
    else if (Array.isArray(previous)) out[child.name] = [...(previous as WsmanValue[]), value];
    else out[child.name] = [previous, value];
  }
  return out;
}

/** Leaf → its text exactly; element with children → record. A SelectorSet becomes {Name → value}. */
export function elementToValue(element: XmlElement): WsmanValue {
  // Selectors carry their key in the Name attribute, which a plain record would lose.
  if (element.name === SELECTOR_SET) {
    const selectors: Record<string, string> = {};
    for (const s of element.children) selectors[s.attributes['Name'] ?? ''] = s.text;
    return selectors;
  }
  if (element.children.length === 0) return element.text;
  return elementToRecord(element);
}

/** A value that may be one item or many, as a list (an empty leaf counts as no items). */
export function asArray(value: WsmanValue | undefined): readonly WsmanValue[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? (value as readonly WsmanValue[]) : [value];
}

export function isRecord(value: WsmanValue | undefined): value is WsmanRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missing(className: string, field: string, what: string): AmtError {
  return new AmtError('malformed-xml', `${className}.${field} is ${what}`);
}

/** A required string field; arrays and records are refused so a shape change cannot slip through. */
export function readString(record: WsmanRecord, field: string, className = 'instance'): string {
  const value = record[field];
  if (value === undefined) throw missing(className, field, 'missing');
  if (typeof value !== 'string') throw missing(className, field, 'not a single value');
  return value;
}

export function readOptionalString(record: WsmanRecord, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' ? value : undefined;
}

/** Every string of a property that may be repeated (LinkPolicy, AvailableRequestedPowerStates …). */
export function readStrings(record: WsmanRecord, field: string): string[] {
  return asArray(record[field]).filter((v): v is string => typeof v === 'string');
}

/** A decimal integer field (uint8 … uint64 as far as JS numbers hold them exactly). */
export function readNumber(record: WsmanRecord, field: string, className = 'instance'): number {
  const text = readString(record, field, className).trim();
  if (!/^-?\d+$/.test(text)) throw missing(className, field, `not an integer ("${text.slice(0, 40)}")`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw missing(className, field, 'out of range');
  return value;
}

export function readOptionalNumber(record: WsmanRecord, field: string): number | undefined {
  const text = readOptionalString(record, field)?.trim();
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Booleans are `true`/`false`, but some AMT flags are `0`/`1`; both are accepted. */
export function readOptionalBoolean(record: WsmanRecord, field: string): boolean | undefined {
  const text = readOptionalString(record, field)?.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

export function readBoolean(record: WsmanRecord, field: string, className = 'instance'): boolean {
  const value = readOptionalBoolean(record, field);
  if (value === undefined) throw missing(className, field, 'missing or not a boolean');
  return value;
}

/** CIM datetimes arrive nested: `<ReleaseDate><Datetime>…</Datetime></ReleaseDate>`; a plain text is accepted too. */
export function readOptionalDatetime(record: WsmanRecord, field: string): string | undefined {
  const value = record[field];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (isRecord(value)) {
    const inner = value['Datetime'] ?? value['Date'] ?? value['Interval'];
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

/** Reads an EPR property (e.g. ManagedElement, Antecedent); undefined when absent or not an EPR. */
export function readEndpointReference(value: WsmanValue | undefined): EndpointReference | undefined {
  if (!isRecord(value)) return undefined;
  const parameters = value['ReferenceParameters'];
  const address = value['Address'];
  if (!isRecord(parameters) && typeof address !== 'string') return undefined;
  const resourceUri = isRecord(parameters) ? parameters['ResourceURI'] : undefined;
  const selectorSet = isRecord(parameters) ? parameters[SELECTOR_SET] : undefined;
  const selectors: Record<string, string> = {};
  if (isRecord(selectorSet)) {
    for (const [k, v] of Object.entries(selectorSet)) if (typeof v === 'string') selectors[k] = v;
  }
  return {
    address: typeof address === 'string' ? address : '',
    resourceUri: typeof resourceUri === 'string' ? resourceUri : '',
    selectors,
  };
}
