// The one-pass XML reader behind parseXml: the same tree as a general-purpose parser on every AMT capture,
// entity handling, namespace stripping, and refusal of what is not well-formed (XML 1.0 §2–4).
import { readdirSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readXmlTree, XmlSyntaxError, type XmlElement } from '../../../../main/amt/xml-tree-reader';
import { dechunk, fixture, FIXTURE_DIR } from './fixture-transport';

const DEPTH = 65;

/** The tree fast-xml-parser builds with the options parseXml used before the one-pass reader: the reference. */
const reference = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Ordered = Record<string, unknown>;

function referenceTree(node: Ordered): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text') return undefined;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {}))
    if (typeof v === 'string') attributes[k] = v;
  const children: XmlElement[] = [];
  let text = '';
  for (const item of (node[name] as Ordered[]) ?? []) {
    if ('#text' in item) text += String(item['#text']);
    else {
      const child = referenceTree(item);
      if (child) children.push(child);
    }
  }
  return { name, attributes, children, text };
}

function syntaxError(xml: string): XmlSyntaxError {
  try {
    readXmlTree(xml, DEPTH);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${xml.slice(0, 40)}`);
}

/** The XML body of a fixture: .xml as is, .http after its head (de-chunked when chunked). */
function fixtureBody(name: string): string {
  const text = fixture(name);
  if (!name.endsWith('.http')) return text;
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const body = text.slice(split + 4);
  return /transfer-encoding:\s*chunked/i.test(head) ? dechunk(body) : body;
}

describe('readXmlTree', () => {
  const captures = readdirSync(FIXTURE_DIR).filter((n) => n.endsWith('.xml') || n.endsWith('.http'));

  it('builds the same tree as fast-xml-parser for every AMT capture', () => {
    expect(captures.length).toBeGreaterThan(20);
    let compared = 0;
    for (const name of captures) {
      const body = fixtureBody(name);
      // HTML error pages (with a DOCTYPE) never reach the reader: parseXml refuses any DTD first.
      if (!body.trimStart().startsWith('<') || /<!\s*DOCTYPE/i.test(body)) continue;
      const expected = (reference.parse(body) as Ordered[]).map(referenceTree).filter((e) => e !== undefined);
      expect(readXmlTree(body, DEPTH), name).toEqual(expected[0]);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('decodes predefined entities and character references, keeps unknown references as written', () => {
    const root = readXmlTree('<r a="&lt;&#x41;">&amp;&#66;&#x43;&quot;&apos;&gt; &nbsp;</r>', DEPTH);
    expect(root.attributes['a']).toBe('<A');
    expect(root.text).toBe('&BC"\'> &nbsp;');
  });

  it('drops namespace declarations and prefixes, keeps comments and PIs out of text, reads CDATA raw', () => {
    const root = readXmlTree(
      '\uFEFF<?xml version="1.0"?><!-- c --><a:X xmlns:a="u" xmlns="d" xsi:nil="true">1<!--x-->2<![CDATA[<&>]]><?p i?><a:Y/></a:X>\n',
      DEPTH,
    );
    expect(root).toEqual({
      name: 'X',
      attributes: { nil: 'true' },
      text: '12<&>',
      children: [{ name: 'Y', attributes: {}, children: [], text: '' }],
    });
  });

  it('refuses what is not well-formed, with a code and an offset', () => {
    expect(syntaxError('<a><b></c></a>')).toMatchObject({ code: 'InvalidTag', offset: 8 });
    expect(syntaxError('<a b="1" b="2"/>').code).toBe('InvalidAttr');
    expect(syntaxError('<a b=1/>').code).toBe('InvalidAttr');
    expect(syntaxError('<a b="1"c="2"/>').code).toBe('InvalidAttr');
    expect(syntaxError('<a>x & y</a>').code).toBe('InvalidChar');
    expect(syntaxError('<a/><b/>').code).toBe('MultipleRoots');
    expect(syntaxError('hello').code).toBe('NoRoot');
    expect(syntaxError('<a>x</a>junk').code).toBe('InvalidChar');
    expect(syntaxError('<!-- only a comment -->').code).toBe('NoRoot');
  });

  it('reports a document cut anywhere as unclosed', () => {
    for (const cut of ['<a><b>x</b>', '<a><!-- c', '<a><![CDATA[x', '<a b="1', '<a b', '<a', '<a></a', '<a/']) {
      expect(syntaxError(cut).code, cut).toBe('UnclosedTag');
    }
  });

  it('stops at the depth bound without recursion, however deep the input', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(syntaxError(deep).code).toBe('TooDeep');
    const ok = '<a>'.repeat(DEPTH) + '</a>'.repeat(DEPTH);
    expect(readXmlTree(ok, DEPTH).name).toBe('a');
  });
});

describe('readXmlTree against fast-xml-parser on mutated captures', () => {
  // Differential check: thousands of seeded mutations of real captures (cut, duplicated, stray markup).
  // Whatever our reader accepts, fast-xml-parser's validator must also accept, with the same tree.
  const MUTATIONS_PER_CAPTURE = 150;
  const STRAYS = ['<', '>', '&', '</', '"', "'", '<a:', '&amp', ']]>', '<!--', '<?x', '=', ' '];

  function seeded(seed: number): () => number {
    let state = seed >>> 0 || 1;
    return () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 0x1_0000_0000;
    };
  }

  function mutate(text: string, random: () => number): string {
    const at = Math.floor(random() * text.length);
    const span = 1 + Math.floor(random() * 12);
    switch (Math.floor(random() * 4)) {
      case 0:
        return text.slice(0, at) + text.slice(at + span);
      case 1:
        return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
      case 2:
        return text.slice(0, at) + STRAYS[Math.floor(random() * STRAYS.length)] + text.slice(at);
      default:
        return text.slice(0, at);
    }
  }

  function ours(xml: string): XmlElement | 'refused' {
    try {
      return readXmlTree(xml, DEPTH);
    } catch (error) {
      if (error instanceof XmlSyntaxError) return 'refused';
      throw error;
    }
  }

  it('never accepts what fast-xml-parser finds malformed, and builds its tree when both accept', async () => {
    const { XMLValidator } = await import('fast-xml-parser');
    const captures = readdirSync(FIXTURE_DIR).filter((n) => n.endsWith('.xml'));
    const random = seeded(20261124);
    let accepted = 0;
    let refused = 0;
    for (const name of captures) {
      const body = fixture(name);
      for (let i = 0; i < MUTATIONS_PER_CAPTURE; i++) {
        const xml = mutate(body, random);
        const result = ours(xml);
        if (result === 'refused') {
          refused++;
          continue;
        }
        accepted++;
        expect(XMLValidator.validate(xml), `${name} mutation ${i} accepted by us only`).toBe(true);
        let parsed: Ordered[];
        try {
          parsed = reference.parse(xml) as Ordered[];
        } catch (error) {
          throw new Error(
            `${name} mutation ${i}: we accepted, fast-xml-parser threw ${String(error)}: ${JSON.stringify(xml.slice(0, 300))}`,
            { cause: error },
          );
        }
        const expected = parsed.map(referenceTree).filter((e) => e !== undefined);
        expect(result, `${name} mutation ${i}`).toEqual(expected[0]);
      }
    }
    // Both kinds must occur, or the mutations test nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });
});
