// Writes response and fault envelopes the way AMT firmware does (fixtures README items 1–4, 7): one line, positional
// prefixes (a..f fixed, then body namespaces), header To/RelatesTo/Action/MessageID/ResourceURI, no self-closed tags.
import {
  ADDRESS_ANONYMOUS,
  MESSAGE_ID_PREFIX,
  NS_ADDRESSING,
  NS_CIMBINDING,
  NS_ENUMERATION,
  NS_EVENTING,
  NS_SECEXT,
  NS_SOAP,
  NS_TRANSFER,
  NS_TRUST,
  NS_WSMAN,
  NS_XSI,
} from './constants';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const BODY_PREFIXES = ['g', 'h', 'i'] as const;

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Raw XML that must be inserted without escaping (EPRs, nested datetimes). */
export interface RawXml {
  readonly xml: string;
}

export type PropertyValue = string | number | boolean | RawXml | readonly (string | number)[];

/** An instance's properties in the order they are written (AMT writes them alphabetically). */
export type Properties = ReadonlyArray<readonly [name: string, value: PropertyValue]>;

export function element(prefix: string, name: string, inner: string): string {
  // Start/end pair even when empty: the firmware never self-closes.
  return `<${prefix}:${name}>${inner}</${prefix}:${name}>`;
}

export function writeProperties(prefix: string, properties: Properties): string {
  let out = '';
  for (const [name, value] of properties) {
    if (Array.isArray(value)) {
      for (const item of value) out += element(prefix, name, xmlEscape(String(item)));
    } else if (typeof value === 'object' && value !== null && 'xml' in value) {
      out += element(prefix, name, (value as RawXml).xml);
    } else {
      out += element(prefix, name, xmlEscape(String(value)));
    }
  }
  return out;
}

export function writeInstance(prefix: string, className: string, properties: Properties): string {
  return element(prefix, className, writeProperties(prefix, properties));
}

/** An endpoint reference with b = addressing and c = wsman (the fixed part of every normal response). */
export function writeEndpointReference(
  resourceUri: string,
  selectors: ReadonlyArray<readonly [string, string]>,
): RawXml {
  const selectorXml = selectors
    .map(([name, value]) => `<c:Selector Name="${xmlEscape(name)}">${xmlEscape(value)}</c:Selector>`)
    .join('');
  return {
    xml:
      `<b:Address>${ADDRESS_ANONYMOUS}</b:Address><b:ReferenceParameters><c:ResourceURI>${xmlEscape(resourceUri)}</c:ResourceURI>` +
      `<c:SelectorSet>${selectorXml}</c:SelectorSet></b:ReferenceParameters>`,
  };
}

/** Per-device MessageID source: `uuid:00000000-8086-8086-8086-` + 12 upper-case hex digits, counting up. */
export class MessageIdCounter {
  private counter: number;
  constructor(start = 1) {
    this.counter = start;
  }
  next(): string {
    const id = MESSAGE_ID_PREFIX + this.counter.toString(16).toUpperCase().padStart(12, '0');
    this.counter += 1;
    return id;
  }
}

export interface ResponseEnvelope {
  readonly relatesTo: string;
  readonly action: string;
  readonly messageId: string;
  readonly resourceUri: string;
  /** Namespaces the body needs, bound in order to g, h, i. */
  readonly bodyNamespaces: readonly string[];
  readonly body: string;
}

export function writeResponseEnvelope(r: ResponseEnvelope): string {
  if (r.bodyNamespaces.length > BODY_PREFIXES.length) throw new Error('too many body namespaces');
  const bodyNs = r.bodyNamespaces.map((ns, i) => ` xmlns:${BODY_PREFIXES[i]}="${ns}"`).join('');
  return (
    XML_DECLARATION +
    `<a:Envelope xmlns:a="${NS_SOAP}" xmlns:b="${NS_ADDRESSING}" xmlns:c="${NS_WSMAN}" xmlns:d="${NS_TRUST}" xmlns:e="${NS_SECEXT}"` +
    ` xmlns:f="${NS_CIMBINDING}"${bodyNs} xmlns:xsi="${NS_XSI}">` +
    `<a:Header><b:To>${ADDRESS_ANONYMOUS}</b:To><b:RelatesTo>${xmlEscape(r.relatesTo)}</b:RelatesTo>` +
    `<b:Action a:mustUnderstand="true">${r.action}</b:Action><b:MessageID>${r.messageId}</b:MessageID>` +
    `<c:ResourceURI>${xmlEscape(r.resourceUri)}</c:ResourceURI></a:Header>` +
    `<a:Body>${r.body}</a:Body></a:Envelope>`
  );
}

export interface FaultEnvelope {
  readonly relatesTo: string;
  readonly action: string;
  readonly messageId: string;
  /** `Sender` or `Receiver`. */
  readonly code: 'Sender' | 'Receiver';
  /** QName valid in the fault prefix table, e.g. `b:DestinationUnreachable`, `e:AlreadyExists`, `c:InvalidEnumerationContext`. */
  readonly subcode: string;
  readonly reason: string;
  /** Optional FaultDetail URI; the firmware mostly leaves Detail empty. */
  readonly detail?: string;
}

/** Fault envelopes use the firmware's reversed prefix table (fixture Fault.*): g=cimbinding … a=soap, h=trust, i=secext. */
export function writeFaultEnvelope(f: FaultEnvelope): string {
  const detail = f.detail ? `<e:FaultDetail>${xmlEscape(f.detail)}</e:FaultDetail>` : '';
  return (
    XML_DECLARATION +
    `<a:Envelope xmlns:g="${NS_CIMBINDING}" xmlns:f="${NS_EVENTING}" xmlns:e="${NS_WSMAN}" xmlns:d="${NS_TRANSFER}"` +
    ` xmlns:c="${NS_ENUMERATION}" xmlns:b="${NS_ADDRESSING}" xmlns:a="${NS_SOAP}" xmlns:h="${NS_TRUST}" xmlns:i="${NS_SECEXT}"` +
    ` xmlns:xsi="${NS_XSI}">` +
    `<a:Header><b:To>${ADDRESS_ANONYMOUS}</b:To><b:RelatesTo>${xmlEscape(f.relatesTo)}</b:RelatesTo>` +
    `<b:Action a:mustUnderstand="true">${f.action}</b:Action><b:MessageID>${f.messageId}</b:MessageID></a:Header>` +
    `<a:Body><a:Fault><a:Code><a:Value>a:${f.code}</a:Value><a:Subcode><a:Value>${f.subcode}</a:Value></a:Subcode></a:Code>` +
    `<a:Reason><a:Text xml:lang="en-US">${xmlEscape(f.reason)}</a:Text></a:Reason><a:Detail>${detail}</a:Detail></a:Fault></a:Body></a:Envelope>`
  );
}
