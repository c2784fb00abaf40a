// A WS-Man response envelope turned into header fields and a body element (amt-protocols.md §1.3, §1.4;
// fixtures README items 2–5). Faults are recognised here and turned into AmtErrors.

import { AmtError } from '../../shared/domain';
import { childNamed, parseXml, type ParseXmlOptions, type XmlElement } from './xml-parse';
import { faultToError, readSoapFault, type SoapFault } from './soap-fault';
import { EL } from './wsman-constants';

export interface SoapHeader {
  /** Header values are URIs and ids: surrounding whitespace (seen in re-indented captures) is dropped. */
  readonly action: string;
  readonly relatesTo: string | undefined;
  readonly messageId: string | undefined;
  readonly resourceUri: string | undefined;
}

export interface SoapResponse {
  readonly header: SoapHeader;
  /** The first element inside Body (e.g. `CIM_BIOSElement`, `PullResponse`, `Method_OUTPUT`, `Fault`). */
  readonly body: XmlElement | undefined;
  readonly fault: SoapFault | undefined;
}

function headerText(header: XmlElement | undefined, name: string): string | undefined {
  const element = header ? childNamed(header, name) : undefined;
  return element === undefined ? undefined : element.text.trim();
}

/** Parses a response body; refuses anything that is not a SOAP envelope with a Body. */
export function parseSoapResponse(xml: string, options: ParseXmlOptions = {}): SoapResponse {
  const root = parseXml(xml, options);
  if (root.name !== EL.envelope) {
    throw new AmtError(
      'malformed-xml',
      `response is not a SOAP envelope (root element is <${root.name.slice(0, 40)}>)`,
    );
  }
  const bodyElement = childNamed(root, EL.body);
  if (!bodyElement) throw new AmtError('malformed-xml', 'SOAP envelope has no Body');
  const headerElement = childNamed(root, EL.header);
  const header: SoapHeader = {
    action: headerText(headerElement, EL.action) ?? '',
    relatesTo: headerText(headerElement, EL.relatesTo),
    messageId: headerText(headerElement, EL.messageId),
    resourceUri: headerText(headerElement, EL.resourceUri),
  };
  const body = bodyElement.children[0];
  const fault = body?.name === EL.fault ? readSoapFault(body) : undefined;
  return { header, body, fault };
}

/** Throws the fault's AmtError when the response is a fault. */
export function throwIfFault(response: SoapResponse, context: string): void {
  if (response.fault) throw faultToError(response.fault, context);
}

/** The body element with this local name, or a specific 'malformed-xml' error. */
export function requireBody(response: SoapResponse, name: string, context: string): XmlElement {
  throwIfFault(response, context);
  const body = response.body;
  if (!body || body.name !== name) {
    const found = body ? `<${body.name.slice(0, 60)}>` : 'an empty Body';
    throw new AmtError('malformed-xml', `${context}: expected <${name}> in the SOAP Body, found ${found}`);
  }
  return body;
}
