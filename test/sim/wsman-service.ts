// Answers one parsed WS-Man request for one device (§1.4–1.6): dispatch on ResourceURI + Action to Get, Put,
// Enumerate/Pull/Release and methods; unknown resources and actions get the firmware's addressing faults.
import { CLASS_BY_URI, type ClassDefinition, type DeviceState, type Instance } from './class-catalog';
import {
  ACTION_ENUMERATE,
  ACTION_FAULT_ADDRESSING,
  ACTION_FAULT_ENUMERATION,
  ACTION_FAULT_WSMAN,
  ACTION_GET,
  ACTION_PULL,
  ACTION_PUT,
  ACTION_RELEASE,
  NS_CIM_COMMON,
  NS_ENUMERATION,
  RESPONSE_SUFFIX,
} from './constants';
import {
  MessageIdCounter,
  writeFaultEnvelope,
  writeInstance,
  writeProperties,
  writeResponseEnvelope,
  type FaultEnvelope,
} from './envelope-writer';
import { textOf, type WsmanRequest } from './request-parser';

export interface WsmanReply {
  readonly status: 200 | 400;
  readonly envelope: string;
  /** Faults close the connection, as the AlreadyExists capture notes. */
  readonly close: boolean;
}

export interface WsmanServiceOptions {
  /** Items per Pull for every class, overriding the per-class default (CIM_BootSourceSetting: 1). */
  readonly maxItemsPerPull?: number;
  /** Whether power calls answer busy (fault switch), read at each call. */
  readonly busy: () => boolean;
  /** First MessageID counter value; real devices are found at arbitrary counts (0x1 … 0x23EEF in captures). */
  readonly firstMessageId?: number;
}

interface EnumerationContext {
  readonly definition: ClassDefinition;
  readonly items: Instance[];
  position: number;
}

/** Open enumerations per device; older ones are dropped like a firmware with a small context table. */
const MAX_OPEN_ENUMERATIONS = 32;

const FAULTS = {
  destinationUnreachable: {
    action: ACTION_FAULT_ADDRESSING,
    subcode: 'b:DestinationUnreachable',
    reason: 'No route can be determined to reach the destination role defined by the WSAddressing To.',
  },
  actionNotSupported: {
    action: ACTION_FAULT_ADDRESSING,
    subcode: 'b:ActionNotSupported',
    reason: 'The action is not supported by the service.',
  },
  invalidSelectors: {
    action: ACTION_FAULT_WSMAN,
    subcode: 'e:InvalidSelectors',
    reason: 'The Selectors for the resource were not valid.',
  },
  invalidEnumerationContext: {
    action: ACTION_FAULT_ENUMERATION,
    subcode: 'c:InvalidEnumerationContext',
    reason: 'The supplied enumeration context is invalid.',
  },
  // [unconfirmed] which subcode real firmware uses when a Put carries read-only properties.
  invalidRepresentation: {
    action: ACTION_FAULT_WSMAN,
    subcode: 'e:InvalidRepresentation',
    reason: 'The XML content was invalid.',
    detail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidValues',
  },
} as const;

export type SimFaultKind = keyof typeof FAULTS;

function selectorMatches(instance: Instance, selectors: ReadonlyMap<string, string>): boolean {
  for (const [name, value] of selectors) {
    const prop = instance.properties.find(([n]) => n === name);
    // Selectors that are not properties of the instance (CreationClassName, SystemName on services) are tolerated.
    if (prop && typeof prop[1] !== 'object' && String(prop[1]) !== value) return false;
  }
  return true;
}

export class WsmanService {
  private readonly messageIds: MessageIdCounter;
  private readonly enumerations = new Map<string, EnumerationContext>();
  private enumerationCounter = 0;

  constructor(
    private readonly state: DeviceState,
    private readonly options: WsmanServiceOptions,
  ) {
    this.messageIds = new MessageIdCounter(options.firstMessageId ?? 1);
  }

  handle(request: WsmanRequest): WsmanReply {
    const definition = CLASS_BY_URI.get(request.resourceUri);
    if (!definition || definition.available?.(this.state) === false)
      return this.fault(request, 'destinationUnreachable');
    switch (request.action) {
      case ACTION_GET:
        return this.get(request, definition);
      case ACTION_PUT:
        return this.put(request, definition);
      case ACTION_ENUMERATE:
        return this.enumerate(request, definition);
      case ACTION_PULL:
        return this.pull(request, definition);
      case ACTION_RELEASE:
        return this.release(request, definition);
      default:
        return this.invoke(request, definition);
    }
  }

  private fault(request: WsmanRequest, kind: SimFaultKind): WsmanReply {
    const f = FAULTS[kind] as Omit<FaultEnvelope, 'relatesTo' | 'messageId' | 'code'>;
    const envelope = writeFaultEnvelope({
      ...f,
      code: 'Sender',
      relatesTo: request.messageId,
      messageId: this.messageIds.next(),
    });
    return { status: 400, envelope, close: true };
  }

  private ok(request: WsmanRequest, action: string, bodyNamespaces: string[], body: string): WsmanReply {
    const envelope = writeResponseEnvelope({
      relatesTo: request.messageId,
      action,
      messageId: this.messageIds.next(),
      resourceUri: request.resourceUri,
      bodyNamespaces,
      body,
    });
    return { status: 200, envelope, close: false };
  }

  private writeSingle(
    request: WsmanRequest,
    definition: ClassDefinition,
    action: string,
    select: (items: Instance[]) => Instance | undefined,
  ): WsmanReply {
    const items = definition.instances(this.state, 'h');
    const instance = select(items);
    if (!instance) return this.fault(request, 'invalidSelectors');
    const namespaces = definition.declaresCommon
      ? [definition.itemNamespace, NS_CIM_COMMON]
      : [definition.itemNamespace];
    return this.ok(request, action, namespaces, writeInstance('g', instance.className, instance.properties));
  }

  private get(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    // Without selectors a multi-instance class answers with its first instance [unconfirmed for real firmware].
    return this.writeSingle(request, definition, ACTION_GET + RESPONSE_SUFFIX, (items) =>
      items.find((i) => selectorMatches(i, request.selectors)),
    );
  }

  private put(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    if (!definition.put) return this.fault(request, 'actionNotSupported');
    if (request.bodyName !== definition.className) return this.fault(request, 'invalidRepresentation');
    const fields = new Map<string, string>();
    for (const [name, value] of Object.entries(request.bodyContent)) {
      if (name.startsWith('@_')) continue;
      fields.set(name, textOf(value));
    }
    const result = definition.put(this.state, fields);
    if (!result.ok) return this.fault(request, 'invalidRepresentation');
    return this.writeSingle(request, definition, ACTION_PUT + RESPONSE_SUFFIX, (items) => items[0]);
  }

  private enumerate(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    this.enumerationCounter = (this.enumerationCounter + 1) >>> 0;
    // Context ids look like the firmware's: a little-endian counter in the first group, zeros elsewhere.
    const le = Buffer.alloc(4);
    le.writeUInt32LE(this.enumerationCounter);
    const id = `${le.toString('hex').toUpperCase()}-0000-0000-0000-000000000000`;
    this.enumerations.set(id, { definition, items: definition.instances(this.state, 'i'), position: 0 });
    if (this.enumerations.size > MAX_OPEN_ENUMERATIONS) {
      const oldest = this.enumerations.keys().next().value;
      if (oldest !== undefined) this.enumerations.delete(oldest);
    }
    const body = `<g:EnumerateResponse><g:EnumerationContext>${id}</g:EnumerationContext></g:EnumerateResponse>`;
    return this.ok(request, ACTION_ENUMERATE + RESPONSE_SUFFIX, [NS_ENUMERATION], body);
  }

  private pull(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    const id = textOf(request.bodyContent['EnumerationContext']);
    const context = this.enumerations.get(id);
    if (!context || context.definition !== definition) return this.fault(request, 'invalidEnumerationContext');
    const maxText = textOf(request.bodyContent['MaxElements']);
    const requested = /^\d+$/.test(maxText) && Number(maxText) > 0 ? Number(maxText) : Number.POSITIVE_INFINITY;
    const limit = Math.min(
      requested,
      this.options.maxItemsPerPull ?? definition.pullPageLimit ?? Number.POSITIVE_INFINITY,
    );
    const page = context.items.slice(context.position, context.position + limit);
    context.position += page.length;
    const done = context.position >= context.items.length;
    if (done) this.enumerations.delete(id);
    const items = page.map((i) => writeInstance('h', i.className, i.properties)).join('');
    const body =
      '<g:PullResponse>' +
      (done ? '' : `<g:EnumerationContext>${id}</g:EnumerationContext>`) +
      `<g:Items>${items}</g:Items>` +
      (done ? '<g:EndOfSequence></g:EndOfSequence>' : '') +
      '</g:PullResponse>';
    const namespaces = definition.declaresCommon
      ? [NS_ENUMERATION, definition.itemNamespace, NS_CIM_COMMON]
      : [NS_ENUMERATION, definition.itemNamespace];
    return this.ok(request, ACTION_PULL + RESPONSE_SUFFIX, namespaces, body);
  }

  private release(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    const id = textOf(request.bodyContent['EnumerationContext']);
    if (!this.enumerations.delete(id) || !definition) return this.fault(request, 'invalidEnumerationContext');
    return this.ok(request, ACTION_RELEASE + RESPONSE_SUFFIX, [NS_ENUMERATION], '');
  }

  private invoke(request: WsmanRequest, definition: ClassDefinition): WsmanReply {
    const prefix = `${definition.resourceUri}/`;
    const method = request.action.startsWith(prefix) ? request.action.slice(prefix.length) : '';
    const handler = definition.methods?.[method];
    if (!handler) return this.fault(request, 'actionNotSupported');
    const result = handler(this.state, request.bodyName === `${method}_INPUT` ? request.bodyContent : {}, {
      busyFault: this.options.busy(),
    });
    const { returnValue, output } = typeof result === 'number' ? { returnValue: result, output: [] } : result;
    const body = `<g:${method}_OUTPUT>${writeProperties('g', output)}<g:ReturnValue>${returnValue}</g:ReturnValue></g:${method}_OUTPUT>`;
    return this.ok(request, request.action + RESPONSE_SUFFIX, [definition.itemNamespace], body);
  }
}
