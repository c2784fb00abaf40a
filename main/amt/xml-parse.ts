// Safe XML parsing for WS-Management responses (amt-protocols.md §1.3; fixtures README "What real AMT
// WS-Man XML looks like"): bounded size, no DTDs at all, well-formedness checked first, text kept untrimmed.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AmtError } from '../../shared/domain';

/** One element with its namespace prefix removed. `text` is the concatenated character data, untrimmed. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/** Largest body parsed by default; a PullResponse of 999 items stays far below it. */
export const DEFAULT_MAX_XML_BYTES = 4 * 1024 * 1024;

/** Nesting deeper than this is not WS-Man (real responses stay under ten levels). */
const MAX_DEPTH = 64;

export interface ParseXmlOptions {
  readonly maxBytes?: number;
}

// AMT never sends a DTD. Refusing any DOCTYPE or ENTITY declaration outright kills entity-expansion bombs
// and external entities (file:// reads) before any parser sees them, whatever its own defaults are.
const DTD_PATTERN = /<!\s*(DOCTYPE|ENTITY)/i;

const ROOT_TAG = /<([A-Za-z_][\w.:-]*)/;

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // "0900" must stay "0900" and " x " must stay " x ": WS-Man values are strings and AMT pads some.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

/** Parses one XML document into an element tree; every failure is an AmtError with a specific message. */
export function parseXml(xml: string, options: ParseXmlOptions = {}): XmlElement {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // Length in UTF-16 units is a cheap lower bound; only compute the exact byte count near the limit.
  if (xml.length > maxBytes || (xml.length * 3 > maxBytes && Buffer.byteLength(xml, 'utf8') > maxBytes)) {
    throw new AmtError('response-too-large', `XML body is larger than the ${maxBytes}-byte limit`);
  }
  if (xml.trim() === '') throw new AmtError('malformed-xml', 'XML body is empty');
  if (DTD_PATTERN.test(xml)) {
    throw new AmtError('malformed-xml', 'XML with a DOCTYPE or ENTITY declaration is refused (AMT never sends one)');
  }
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw notWellFormed(xml, verdict.err);

  let nodes: unknown;
  try {
    nodes = parser.parse(xml);
  } catch (cause) {
    // fast-xml-parser enforces its own nesting bound before ours is reached.
    if (cause instanceof Error && /nested/i.test(cause.message)) throw tooDeep();
    throw new AmtError('malformed-xml', 'XML body could not be parsed', {}, { cause });
  }
  const elements = Array.isArray(nodes) ? nodes.map((n) => toElement(n as OrderedNode, 0)).filter(isElement) : [];
  const root = elements[0];
  if (!root || elements.length !== 1) throw new AmtError('malformed-xml', 'XML body must hold exactly one root element');
  return root;
}

function notWellFormed(xml: string, err: { code: string; msg: string; line: number; col?: number }): AmtError {
  const root = ROOT_TAG.exec(xml.replace(/^\s*<\?[^>]*\?>/, ''));
  if (!root) return new AmtError('malformed-xml', 'XML body holds no root element (not XML, or cut off before it)');
  const rootName = root[1] ?? '';
  if (!xml.trimEnd().endsWith(`</${rootName}>`) && !/\/>\s*$/.test(xml)) {
    return new AmtError('malformed-xml', `XML body ends before <${rootName}> is closed (truncated response)`);
  }
  const where = err.col === undefined ? `line ${err.line}` : `line ${err.line}, column ${err.col}`;
  return new AmtError('malformed-xml', `XML body is not well-formed at ${where}: ${err.code}`);
}

function tooDeep(): AmtError {
  return new AmtError('malformed-xml', `XML nesting is deeper than ${MAX_DEPTH} levels`);
}

function isElement(value: XmlElement | undefined): value is XmlElement {
  return value !== undefined;
}

function toElement(node: OrderedNode, depth: number): XmlElement | undefined {
  if (depth > MAX_DEPTH) throw tooDeep();
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text') return undefined;
  const content = node[name];
  const attributes: Record<string, string> = {};
  const rawAttributes = node[':@'];
  if (rawAttributes && typeof rawAttributes === 'object') {
    for (const [key, value] of Object.entries(rawAttributes as Record<string, unknown>)) {
      if (typeof value === 'string') attributes[key] = value;
    }
  }
  const children: XmlElement[] = [];
  let text = '';
  if (Array.isArray(content)) {
    for (const item of content as OrderedNode[]) {
      if (Object.prototype.hasOwnProperty.call(item, '#text')) {
        text += String(item['#text']);
      } else {
        const child = toElement(item, depth + 1);
        if (child) children.push(child);
      }
    }
  }
  return { name, attributes, children, text };
}

/** First direct child with this local name. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
