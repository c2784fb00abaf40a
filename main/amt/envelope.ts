// Request envelopes (amt-protocols.md §1.3, §1.4, §2.5, §2.6). The ONLY caller of
// @device-management-toolkit/wsman-messages; a small escaping builder covers what the package does not.
//
// How the package numbers messages: each Messages object owns one WSManMessageCreator whose public
// `messageId` counter starts at 0 and is post-incremented by every createHeader() call. We set that counter
// to the caller's id immediately before each (synchronous) build, so an envelope depends only on its
// arguments: the client owns the counter, and tests can compare envelopes byte for byte.
//
// The package interpolates every value into the XML as is (selector values, enumeration contexts, Put
// fields, boot source ids). Every value we hand it is therefore XML-escaped first, here.

import { AMT, CIM, IPS } from '@device-management-toolkit/wsman-messages';
import { AmtError } from '../../shared/domain';
import type { WsmanRecord, WsmanValue } from './wsman-record';
import {
  ADDRESS_ANONYMOUS,
  ADDRESS_EPR,
  NS_ADDRESSING,
  NS_SOAP_ENVELOPE,
  NS_WSMAN,
  NS_XSD,
  NS_XSI,
  OPERATION_TIMEOUT,
  ACTION_ENUMERATE,
  ACTION_GET,
  ACTION_PULL,
  ACTION_PUT,
  WSMAN_TO,
  resourceUriOf,
} from './wsman-constants';

export type Selectors = Readonly<Record<string, string>>;

/** A reference to an instance, passed as a method argument (§1.3: ManagedElement, Source, …). */
export interface EprArgument {
  readonly kind: 'epr';
  readonly className: string;
  readonly selectors: Selectors;
}

/** Method arguments in order: a scalar, a repeated scalar, or an EPR. */
export type MethodArgument = string | readonly string[] | EprArgument;
export type MethodArguments = ReadonlyArray<readonly [name: string, value: MethodArgument]>;

/** Escapes text for element content and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

type Creator = CIM.Messages['wsmanMessageCreator'];
type PackageClass = Parameters<Creator['createHeader']>[1];

const cimMessages = new CIM.Messages();
const amtMessages = new AMT.Messages();
const ipsMessages = new IPS.Messages();

function creatorFor(className: string, messageId: number): Creator {
  const messages = className.startsWith('CIM_')
    ? cimMessages
    : className.startsWith('AMT_')
      ? amtMessages
      : className.startsWith('IPS_')
        ? ipsMessages
        : undefined;
  if (!messages) throw new AmtError('bad-input', `unknown WS-Man class prefix: ${className}`);
  checkMessageId(messageId);
  const creator = messages.wsmanMessageCreator;
  creator.messageId = messageId;
  return creator;
}

function checkMessageId(messageId: number): void {
  if (!Number.isSafeInteger(messageId) || messageId < 0)
    throw new AmtError('bad-input', `invalid MessageID ${messageId}`);
}

/** The package writes one selector correctly; with several plain selectors it drops their values. */
function packageSelector(selectors: Selectors | undefined): { name: string; value: string } | null | 'unsupported' {
  const entries = Object.entries(selectors ?? {});
  if (entries.length === 0) return null;
  if (entries.length > 1) return 'unsupported';
  const [name, value] = entries[0] as [string, string];
  return { name: escapeXml(name), value: escapeXml(value) };
}

/** Get (transfer/Get) of one instance. */
export function getEnvelope(className: string, messageId: number, selectors?: Selectors): string {
  const selector = packageSelector(selectors);
  if (selector === 'unsupported') {
    // Package gap: createSelector() writes `<w:Selector Name="…">` without the value for 2+ plain selectors.
    return buildEnvelope({ action: ACTION_GET, className, messageId, selectors, body: '' });
  }
  const creator = creatorFor(className, messageId);
  return creator.createXml(
    creator.createHeader(ACTION_GET, className as PackageClass, selector),
    creator.createCommonBody.Get(),
  );
}

/** Enumerate (enumeration/Enumerate) of a class. */
export function enumerateEnvelope(className: string, messageId: number): string {
  const creator = creatorFor(className, messageId);
  return creator.createXml(
    creator.createHeader(ACTION_ENUMERATE, className as PackageClass),
    creator.createCommonBody.Enumerate(),
  );
}

/** Pull (enumeration/Pull) with the latest context; MaxElements 999 / MaxCharacters 99999 (package defaults). */
export function pullEnvelope(className: string, messageId: number, enumerationContext: string): string {
  const creator = creatorFor(className, messageId);
  return creator.createXml(
    creator.createHeader(ACTION_PULL, className as PackageClass),
    creator.createCommonBody.Pull(escapeXml(enumerationContext)),
  );
}

/** Put (transfer/Put) of a whole instance; fields are written in the record's order. */
export function putEnvelope(
  className: string,
  messageId: number,
  instance: WsmanRecord,
  selectors?: Selectors,
): string {
  const data: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(instance)) data[name] = putValue(className, name, value);
  const selector = packageSelector(selectors);
  if (selector === 'unsupported') {
    throw new AmtError(
      'unsupported',
      `Put ${className} with ${Object.keys(selectors ?? {}).length} selectors is not supported`,
    );
  }
  const creator = creatorFor(className, messageId);
  // createBody() rewrites the object it is given (it renames keys to add prefixes): hand it a fresh one.
  return creator.createXml(
    creator.createHeader(ACTION_PUT, className as PackageClass, selector),
    creator.createCommonBody.CreateOrPut(className as PackageClass, data),
  );
}

function putValue(className: string, name: string, value: WsmanValue): string | string[] {
  if (typeof value === 'string') return escapeXml(value);
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value.map(escapeXml);
  // Nested values (Datetime, EPRs) would need their own namespaces; the package would put them in the
  // class namespace. No property the console writes is nested, so refuse rather than send a wrong Put.
  throw new AmtError('unsupported', `Put ${className}: field ${name} is nested and cannot be written`);
}

/** CIM_PowerManagementService.RequestPowerStateChange(PowerState, ManagedElement=ManagedSystem) (§2.5). */
export function requestPowerStateChangeEnvelope(messageId: number, powerState: number): string {
  if (!Number.isInteger(powerState)) throw new AmtError('bad-input', `invalid power state ${powerState}`);
  checkMessageId(messageId);
  cimMessages.wsmanMessageCreator.messageId = messageId;
  return cimMessages.PowerManagementService.RequestPowerStateChange(
    powerState as Parameters<CIM.Messages['PowerManagementService']['RequestPowerStateChange']>[0],
  );
}

/** CIM_BootConfigSetting.ChangeBootOrder([Source]) (§2.6); no source clears the order. */
export function changeBootOrderEnvelope(messageId: number, sourceInstanceId?: string): string {
  checkMessageId(messageId);
  cimMessages.wsmanMessageCreator.messageId = messageId;
  return cimMessages.BootConfigSetting.ChangeBootOrder(
    sourceInstanceId === undefined
      ? undefined
      : (escapeXml(sourceInstanceId) as Parameters<CIM.Messages['BootConfigSetting']['ChangeBootOrder']>[0]),
  );
}

/** CIM_BootService.SetBootConfigRole(BootConfigSetting, Role) (§2.6). */
export function setBootConfigRoleEnvelope(messageId: number, bootConfigInstanceId: string, role: number): string {
  checkMessageId(messageId);
  cimMessages.wsmanMessageCreator.messageId = messageId;
  return cimMessages.BootService.SetBootConfigRole(
    escapeXml(bootConfigInstanceId),
    role as Parameters<CIM.Messages['BootService']['SetBootConfigRole']>[1],
  );
}

/**
 * Any other method. Scalar arguments go through the package's createBody(); an EPR argument does not,
 * because the package only writes EPRs for the three methods above (its generic body writer would put
 * Address/ReferenceParameters in the wrong shape), so those envelopes come from the fallback builder.
 */
export function invokeEnvelope(
  className: string,
  method: string,
  messageId: number,
  args: MethodArguments = [],
  selectors?: Selectors,
): string {
  const action = `${resourceUriOf(className)}/${method}`;
  const selector = packageSelector(selectors);
  const hasEpr = args.some(([, value]) => typeof value === 'object' && !Array.isArray(value));
  if (hasEpr || selector === 'unsupported') {
    const body = element(
      `h:${method}_INPUT`,
      { 'xmlns:h': resourceUriOf(className) },
      args.map(([name, value]) => argumentXml(name, value)).join(''),
    );
    return buildEnvelope({ action, className, messageId, selectors, body });
  }
  const creator = creatorFor(className, messageId);
  const data = args.map(([name, value]) => ({
    [name]: Array.isArray(value) ? value.map((v: string) => escapeXml(v)) : escapeXml(value as string),
  }));
  return creator.createXml(
    creator.createHeader(action, className as PackageClass, selector),
    creator.createBody(`${method}_INPUT`, className, data),
  );
}

// ---- fallback builder: same layout as the package's, every interpolated value escaped ----

function element(name: string, attributes: Readonly<Record<string, string>>, inner: string): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return `<${name}${attrs}>${inner}</${name}>`;
}

function selectorSetXml(
  selectors: Selectors,
  prefix: string,
  attributes: Readonly<Record<string, string>> = {},
): string {
  const items = Object.entries(selectors)
    .map(([name, value]) => element(`${prefix}Selector`, { Name: name }, escapeXml(value)))
    .join('');
  return element(`${prefix}SelectorSet`, attributes, items);
}

function argumentXml(name: string, value: MethodArgument): string {
  if (typeof value === 'string') return element(`h:${name}`, {}, escapeXml(value));
  if (Array.isArray(value)) return value.map((v: string) => element(`h:${name}`, {}, escapeXml(v))).join('');
  const epr = value as EprArgument;
  const inner =
    element('Address', { xmlns: NS_ADDRESSING }, escapeXml(ADDRESS_EPR)) +
    element(
      'ReferenceParameters',
      { xmlns: NS_ADDRESSING },
      element('ResourceURI', { xmlns: NS_WSMAN }, escapeXml(resourceUriOf(epr.className))) +
        selectorSetXml(epr.selectors, '', { xmlns: NS_WSMAN }),
    );
  return element(`h:${name}`, {}, inner);
}

interface EnvelopeParts {
  readonly action: string;
  readonly className: string;
  readonly messageId: number;
  readonly selectors?: Selectors | undefined;
  readonly body: string;
}

const ENVELOPE_OPEN =
  `<?xml version="1.0" encoding="utf-8"?><Envelope xmlns:xsi="${NS_XSI}" xmlns:xsd="${NS_XSD}" ` +
  `xmlns:a="${NS_ADDRESSING}" xmlns:w="${NS_WSMAN}" xmlns="${NS_SOAP_ENVELOPE}">`;

/** The generic fallback: header as in §1.3, body given as already-escaped XML. */
export function buildEnvelope(parts: EnvelopeParts): string {
  checkMessageId(parts.messageId);
  const selectors =
    parts.selectors && Object.keys(parts.selectors).length > 0 ? selectorSetXml(parts.selectors, 'w:') : '';
  const header =
    element('a:Action', {}, escapeXml(parts.action)) +
    element('a:To', {}, WSMAN_TO) +
    element('w:ResourceURI', {}, escapeXml(resourceUriOf(parts.className))) +
    element('a:MessageID', {}, String(parts.messageId)) +
    element('a:ReplyTo', {}, element('a:Address', {}, ADDRESS_ANONYMOUS)) +
    element('w:OperationTimeout', {}, OPERATION_TIMEOUT) +
    selectors;
  return `${ENVELOPE_OPEN}<Header>${header}</Header><Body>${parts.body}</Body></Envelope>`;
}
