// WS-Management protocol constants: namespaces, actions, resource URI prefixes, fault subcodes
// (amt-protocols.md §1.3, §1.4, §1.6, §2.0).

/** Namespaces (§1.3). Requests declare them; responses are read by local name, whatever the prefix. */
export const NS_SOAP_ENVELOPE = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_ADDRESSING = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
export const NS_WSMAN = 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd';
export const NS_ENUMERATION = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const NS_XSD = 'http://www.w3.org/2001/XMLSchema';

/** The ReplyTo address every request carries, and the literal text AMT accepts in an EPR's Address (§1.3). */
export const ADDRESS_ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
export const ADDRESS_EPR = NS_ADDRESSING;
export const WSMAN_TO = '/wsman';
export const OPERATION_TIMEOUT = 'PT60S';

/** Request actions (§1.4). */
export const ACTION_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
export const ACTION_PUT = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Put';
export const ACTION_ENUMERATE = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate';
export const ACTION_PULL = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull';

/** Pull sizes DMT sends by default (§1.4). */
export const PULL_MAX_ELEMENTS = 999;
export const PULL_MAX_CHARACTERS = 99999;

/** Resource URI prefixes (§2.0). */
export const URI_PREFIX_AMT = 'http://intel.com/wbem/wscim/1/amt-schema/1/';
export const URI_PREFIX_CIM = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/';
export const URI_PREFIX_IPS = 'http://intel.com/wbem/wscim/1/ips-schema/1/';

/** Element local names inside responses (§1.4, §1.6). */
export const EL = {
  envelope: 'Envelope',
  header: 'Header',
  body: 'Body',
  fault: 'Fault',
  action: 'Action',
  relatesTo: 'RelatesTo',
  messageId: 'MessageID',
  resourceUri: 'ResourceURI',
  enumerateResponse: 'EnumerateResponse',
  pullResponse: 'PullResponse',
  enumerationContext: 'EnumerationContext',
  items: 'Items',
  endOfSequence: 'EndOfSequence',
  returnValue: 'ReturnValue',
} as const;

/** Fault subcodes the console explains in words (§1.6). Compared by local name. */
export const FAULT_DESTINATION_UNREACHABLE = 'DestinationUnreachable';
export const FAULT_ACTION_NOT_SUPPORTED = 'ActionNotSupported';
export const FAULT_INVALID_SELECTORS = 'InvalidSelectors';
export const FAULT_ACCESS_DENIED = 'AccessDenied';
export const FAULT_ALREADY_EXISTS = 'AlreadyExists';
export const FAULT_INVALID_ENUMERATION_CONTEXT = 'InvalidEnumerationContext';
export const FAULT_TIMED_OUT = 'TimedOut';
export const FAULT_INTERNAL_ERROR = 'InternalError';

/** Full resource URI of a class from its name (§2.0): AMT_*, CIM_*, IPS_*. */
export function resourceUriOf(className: string): string {
  if (className.startsWith('AMT_')) return URI_PREFIX_AMT + className;
  if (className.startsWith('CIM_')) return URI_PREFIX_CIM + className;
  if (className.startsWith('IPS_')) return URI_PREFIX_IPS + className;
  throw new RangeError(`unknown WS-Man class prefix: ${className}`);
}
