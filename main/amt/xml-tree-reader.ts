// One-pass, non-recursive XML reader for WS-Man responses (XML 1.0 §2–4, the subset AMT sends): checks
// well-formedness and builds the element tree in the same scan. DTDs are refused before this runs (xml-parse.ts).

/** One element with its namespace prefix removed. `text` is the concatenated character data, untrimmed. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/** Why and where the document is not well-formed; xml-parse.ts turns it into an AmtError. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly code:
      | 'InvalidTag'
      | 'InvalidAttr'
      | 'InvalidChar'
      | 'InvalidXmlDeclaration'
      | 'UnclosedTag'
      | 'MultipleRoots'
      | 'NoRoot'
      | 'TooDeep',
    readonly offset: number,
  ) {
    super(code);
  }
}

interface OpenElement {
  readonly qname: string;
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

// Sticky patterns: each matches exactly at lastIndex. Names: ASCII as WS-Man uses, plus anything non-ASCII.
const NAME = /[A-Za-z_\u00C0-\uFFFF][\w.:\-\u00B7-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|([A-Za-z_][\w.-]*));/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const MAX_CODE_POINT = 0x10ffff;
const BYTE_ORDER_MARK = '\uFEFF';
/** XML 1.0 §2.8 XMLDecl: version, then optional encoding and standalone, nothing else. */
const XML_DECLARATION =
  /^xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.\d+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][\w.-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*$/;

function localName(qname: string): string {
  const colon = qname.lastIndexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function isNamespaceDeclaration(qname: string): boolean {
  return qname === 'xmlns' || qname.startsWith('xmlns:');
}

/**
 * Decodes the five predefined entities and numeric character references. A reference to any other entity is
 * kept as written (never resolved: no DTD can declare one); a bare `&` is not well-formed.
 */
function decodeText(raw: string, offset: number): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(raw);
    if (!m) throw new XmlSyntaxError('InvalidChar', offset + amp);
    out += raw.slice(from, amp);
    if (m[1] !== undefined) out += PREDEFINED[m[1]];
    else if (m[2] !== undefined || m[3] !== undefined) {
      const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3] as string, 16);
      out += code > 0 && code <= MAX_CODE_POINT ? String.fromCodePoint(code) : m[0];
    } else out += m[0];
    from = amp + m[0].length;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

/** Reads one document into its root element; throws XmlSyntaxError at the first problem. */
export function readXmlTree(xml: string, maxDepth: number): XmlElement {
  const length = xml.length;
  let pos = xml.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;

  /** Skips past `terminator` (for comments, PIs, CDATA); running out of input means the document was cut. */
  const skipTo = (terminator: string, from: number): number => {
    const end = xml.indexOf(terminator, from);
    if (end < 0) throw new XmlSyntaxError('UnclosedTag', length);
    return end;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(xml);
    if (!m) throw new XmlSyntaxError('InvalidTag', pos);
    // Namespaces in XML §3: a QName is NCName or NCName ':' NCName, so at most one colon and never at an end.
    const qname = m[0];
    const colon = qname.indexOf(':');
    if (colon >= 0 && (colon === 0 || colon === qname.length - 1 || qname.indexOf(':', colon + 1) >= 0)) {
      throw new XmlSyntaxError('InvalidTag', pos);
    }
    pos += qname.length;
    return qname;
  };
  const space = (): number => {
    SPACE.lastIndex = pos;
    const skipped = (SPACE.exec(xml) as RegExpExecArray)[0].length;
    pos += skipped;
    return skipped;
  };

  while (pos < length) {
    const open = stack[stack.length - 1];
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt > pos) {
      const end = lt < 0 ? length : lt;
      const raw = xml.slice(pos, end);
      if (open) open.text += decodeText(raw, pos);
      else if (raw.trim() !== '') throw new XmlSyntaxError(root ? 'InvalidChar' : 'NoRoot', pos);
      pos = end;
      continue;
    }
    // pos is at '<'
    if (xml.startsWith('<!--', pos)) {
      pos = skipTo('-->', pos + 4) + 3;
    } else if (xml.startsWith('<?', pos)) {
      // A processing instruction; the one named `xml` is the declaration, allowed only first and in its grammar.
      const start = pos;
      const end = skipTo('?>', pos + 2);
      pos += 2;
      const target = name();
      // XML 1.0 §2.6: the target is followed by white space or by the closing '?>' itself.
      if (pos !== end && space() === 0) throw new XmlSyntaxError('InvalidTag', pos);
      if (target.toLowerCase() === 'xml') {
        const first = start === (xml.startsWith(BYTE_ORDER_MARK) ? 1 : 0);
        if (!first || !XML_DECLARATION.test(xml.slice(start + 2, end)))
          throw new XmlSyntaxError('InvalidXmlDeclaration', start);
      }
      pos = end + 2;
    } else if (xml.startsWith('<![CDATA[', pos)) {
      if (!open) throw new XmlSyntaxError('InvalidChar', pos);
      const end = skipTo(']]>', pos + 9);
      open.text += xml.slice(pos + 9, end);
      pos = end + 3;
    } else if (xml.startsWith('</', pos)) {
      if (!open) throw new XmlSyntaxError('InvalidTag', pos);
      pos += 2;
      const at = pos;
      const qname = name();
      if (qname !== open.qname) throw new XmlSyntaxError('InvalidTag', at);
      space();
      if (xml[pos] !== '>') throw new XmlSyntaxError(pos >= length ? 'UnclosedTag' : 'InvalidTag', pos);
      pos += 1;
      stack.pop();
      const element: XmlElement = {
        name: open.name,
        attributes: open.attributes,
        children: open.children,
        text: open.text,
      };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else root = element;
    } else if (xml[pos + 1] === '!') {
      throw new XmlSyntaxError('InvalidTag', pos); // DOCTYPE is refused earlier; nothing else starts with <!
    } else {
      if (!open && root) throw new XmlSyntaxError('MultipleRoots', pos);
      pos += 1;
      const qname = name();
      const attributes: Record<string, string> = {};
      const seen = new Set<string>();
      let selfClosing = false;
      for (;;) {
        const spaced = space();
        if (pos >= length) throw new XmlSyntaxError('UnclosedTag', pos);
        if (xml[pos] === '>') {
          pos += 1;
          break;
        }
        if (xml[pos] === '/') {
          if (xml[pos + 1] !== '>') throw new XmlSyntaxError(pos + 1 >= length ? 'UnclosedTag' : 'InvalidTag', pos);
          pos += 2;
          selfClosing = true;
          break;
        }
        if (spaced === 0) throw new XmlSyntaxError('InvalidAttr', pos);
        const attrAt = pos;
        const attrName = name();
        space();
        if (xml[pos] !== '=') throw new XmlSyntaxError(pos >= length ? 'UnclosedTag' : 'InvalidAttr', attrAt);
        pos += 1;
        space();
        const quote = xml[pos];
        if (quote !== '"' && quote !== "'")
          throw new XmlSyntaxError(pos >= length ? 'UnclosedTag' : 'InvalidAttr', attrAt);
        const close = xml.indexOf(quote, pos + 1);
        if (close < 0) throw new XmlSyntaxError('UnclosedTag', length);
        if (seen.has(attrName)) throw new XmlSyntaxError('InvalidAttr', attrAt);
        seen.add(attrName);
        // Namespace declarations are dropped and prefixes removed, as for element names.
        if (!isNamespaceDeclaration(attrName))
          attributes[localName(attrName)] = decodeText(xml.slice(pos + 1, close), pos + 1);
        pos = close + 1;
      }
      const element: OpenElement = { qname, name: localName(qname), attributes, children: [], text: '' };
      if (selfClosing) {
        const done: XmlElement = { name: element.name, attributes, children: element.children, text: '' };
        if (open) open.children.push(done);
        else root = done;
      } else {
        if (stack.length >= maxDepth) throw new XmlSyntaxError('TooDeep', pos);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError('UnclosedTag', length);
  if (!root) throw new XmlSyntaxError('NoRoot', length);
  return root;
}
