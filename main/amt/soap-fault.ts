// SOAP 1.2 faults from AMT → AmtError 'wsman-fault' (amt-protocols.md §1.6). Prefixes are positional and
// differ between faults and normal responses, so everything is matched by local name.

import { AmtError } from '../../shared/domain';
import { childNamed, type XmlElement } from './xml-parse';
import {
  FAULT_ACCESS_DENIED,
  FAULT_ACTION_NOT_SUPPORTED,
  FAULT_ALREADY_EXISTS,
  FAULT_DESTINATION_UNREACHABLE,
  FAULT_INVALID_ENUMERATION_CONTEXT,
  FAULT_INVALID_SELECTORS,
  FAULT_TIMED_OUT,
} from './wsman-constants';

export interface SoapFault {
  /** Local name of Code/Value: `Sender` or `Receiver`. */
  readonly code: string;
  /** Local name of the innermost Subcode/Value, e.g. `DestinationUnreachable`; '' when absent. */
  readonly subcode: string;
  /** Reason/Text exactly as sent. */
  readonly reason: string;
  /** Text found in Detail (e.g. `AMT-STATUS 0x0812` per Intel's SDK docs), whitespace-collapsed. */
  readonly detail: string;
}

/** `b:DestinationUnreachable` → `DestinationUnreachable`; a subcode is a QName in text. */
export function qnameLocalPart(text: string): string {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(colon + 1);
}

function allText(element: XmlElement | undefined): string {
  if (!element) return '';
  return [element.text, ...element.children.map(allText)].join(' ').replace(/\s+/g, ' ').trim();
}

/** Reads a `Fault` element. */
export function readSoapFault(fault: XmlElement): SoapFault {
  const codeElement = childNamed(fault, 'Code');
  const code = qnameLocalPart(codeElement ? (childNamed(codeElement, 'Value')?.text ?? '') : '');
  // Subcodes nest (Subcode/Subcode/…); the innermost is the most specific.
  let subcode = '';
  let level = codeElement ? childNamed(codeElement, 'Subcode') : undefined;
  for (let depth = 0; level && depth < 8; depth++) {
    const value = childNamed(level, 'Value')?.text;
    if (value !== undefined) subcode = qnameLocalPart(value);
    level = childNamed(level, 'Subcode');
  }
  const reasonElement = childNamed(fault, 'Reason');
  const reason = reasonElement ? (childNamed(reasonElement, 'Text')?.text ?? reasonElement.text).trim() : '';
  return { code, subcode, reason, detail: allText(childNamed(fault, 'Detail')) };
}

/** Words for the subcodes a person is likely to meet. */
const SUBCODE_EXPLANATION: Readonly<Record<string, string>> = {
  [FAULT_DESTINATION_UNREACHABLE]: 'the device does not support this class (unknown resource URI on this firmware)',
  [FAULT_ACTION_NOT_SUPPORTED]: 'the device does not support this operation on this class',
  [FAULT_INVALID_SELECTORS]: 'the device has no instance matching the given selectors',
  [FAULT_ACCESS_DENIED]: 'the account is not allowed to access this resource',
  [FAULT_ALREADY_EXISTS]: 'the resource to create already exists',
  [FAULT_INVALID_ENUMERATION_CONTEXT]: 'the enumeration context expired or is unknown to the device',
  [FAULT_TIMED_OUT]: 'the device timed out processing the request',
};

const AMT_STATUS_IN_TEXT = /AMT-STATUS\s+(0x[0-9a-f]+|\d+)/i;

/** Turns a fault into the AmtError the caller sees; `context` names the call (e.g. `Get AMT_GeneralSettings`). */
export function faultToError(fault: SoapFault, context: string): AmtError {
  const explanation = SUBCODE_EXPLANATION[fault.subcode];
  const label = fault.subcode || fault.code || 'unknown fault';
  const reason = fault.reason ? `: ${fault.reason}` : '';
  const message = explanation
    ? `${context}: ${explanation} (WS-Man fault ${label}${reason})`
    : `${context}: WS-Man fault ${label}${reason}`;
  const status = AMT_STATUS_IN_TEXT.exec(`${fault.detail} ${fault.reason}`);
  const returnValue = status?.[1] === undefined ? undefined : Number(status[1]);
  return new AmtError('wsman-fault', message, {
    faultSubcode: fault.subcode || fault.code,
    ...(returnValue !== undefined && Number.isFinite(returnValue) ? { returnValue } : {}),
  });
}
