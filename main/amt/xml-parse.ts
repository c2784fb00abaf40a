// Safe XML parsing for WS-Management responses (amt-protocols.md §1.3; fixtures README "What real AMT
// WS-Man XML looks like"): bounded size, no DTDs at all, well-formedness checked while reading, text kept untrimmed.

import { AmtError } from '../../shared/domain';
import { readXmlTree, XmlSyntaxError, type XmlElement } from './xml-tree-reader';

export type { XmlElement } from './xml-tree-reader';

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
  try {
    return readXmlTree(xml, MAX_DEPTH + 1);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    if (error.code === 'TooDeep') throw tooDeep();
    if (error.code === 'MultipleRoots')
      throw new AmtError('malformed-xml', 'XML body must hold exactly one root element');
    throw notWellFormed(xml, { code: error.code, ...lineAndColumn(xml, error.offset) });
  }
}

/** 1-based line and column of a UTF-16 offset, for the error message. */
function lineAndColumn(xml: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i >= 0 && i < offset; i = xml.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function notWellFormed(xml: string, err: { code: string; line: number; col?: number }): AmtError {
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

/** First direct child with this local name. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
