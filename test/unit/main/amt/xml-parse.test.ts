import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../../main/amt/xml-parse';
import { parseSoapResponse, requireBody } from '../../../../main/amt/soap-response';
import { fixture } from './fixture-transport';
import { expectAmtErrorSync } from '../../../support/expect-amt-error';

describe('parseXml', () => {
  it('keeps text untrimmed and "0900" a string, and decodes the predefined entities', () => {
    const root = parseXml('<a:X xmlns:a="u"><a:T>  0900 &amp; &lt;x&gt; </a:T><a:E></a:E></a:X>');
    expect(root.name).toBe('X');
    expect(root.children[0]?.text).toBe('  0900 & <x> ');
    expect(root.children[1]?.text).toBe('');
  });

  it('refuses malformed XML with a position', () => {
    const e = expectAmtErrorSync(() => parseXml('<a><b></c></a>'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toMatch(/not well-formed at line 1, column \d+/);
  });

  it('refuses a body that is not XML at all', () => {
    const e = expectAmtErrorSync(() => parseXml('hello world'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toMatch(/no root element/);
  });

  it('refuses an empty body', () => {
    expect(expectAmtErrorSync(() => parseXml('  ')).message).toBe('XML body is empty');
  });

  it('refuses a fixture cut at any of many points, saying it is truncated', () => {
    const whole = fixture('CIM_SoftwareIdentity.Pull.xml');
    const cuts = Array.from({ length: 60 }, (_, i) => Math.floor(((i + 1) * whole.trimEnd().length) / 61));
    cuts.push(whole.trimEnd().length - 1, whole.trimEnd().length - 5);
    for (const cut of cuts) {
      const e = expectAmtErrorSync(() => parseXml(whole.slice(0, cut)));
      expect(e.code, `cut at ${cut}`).toBe('malformed-xml');
      expect(e.message, `cut at ${cut}`).toMatch(/truncated|no root element/);
    }
  });

  it('refuses a billion-laughs entity bomb before expanding anything', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']><lolz>&lol9;</lolz>',
    ].join('\n');
    const e = expectAmtErrorSync(() => parseXml(lol));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toBe('XML with a DOCTYPE or ENTITY declaration is refused (AMT never sends one)');
  });

  it('refuses an external entity and never reads the file', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    const e = expectAmtErrorSync(() => parseXml(xxe));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toMatch(/DOCTYPE or ENTITY/);
    expect(e.message).not.toMatch(/root:/);
  });

  it('leaves an undeclared entity reference unexpanded rather than resolving it', () => {
    const root = parseXml('<r>&x;</r>');
    expect(root.text).not.toMatch(/root:/);
  });

  it('refuses a body over the size limit without parsing it', () => {
    const big = `<r>${'x'.repeat(2000)}</r>`;
    const e = expectAmtErrorSync(() => parseXml(big, { maxBytes: 1000 }));
    expect(e.code).toBe('response-too-large');
    expect(e.message).toBe('XML body is larger than the 1000-byte limit');
  });

  it('counts bytes, not characters, against the limit', () => {
    const multiByte = `<r>${'é'.repeat(400)}</r>`; // 807 bytes, 407 characters
    expect(expectAmtErrorSync(() => parseXml(multiByte, { maxBytes: 500 })).code).toBe('response-too-large');
    expect(parseXml(multiByte, { maxBytes: 1000 }).text).toBe('é'.repeat(400));
  });

  it('refuses absurd nesting', () => {
    const deep = '<a>'.repeat(200) + '</a>'.repeat(200);
    expect(expectAmtErrorSync(() => parseXml(deep)).message).toMatch(/nesting is deeper than/);
  });
});

describe('parseSoapResponse', () => {
  it('refuses a non-SOAP body', () => {
    const e = expectAmtErrorSync(() => parseSoapResponse('<?xml version="1.0"?><html><body>hi</body></html>'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toBe('response is not a SOAP envelope (root element is <html>)');
  });

  it('refuses an envelope without a Body', () => {
    const e = expectAmtErrorSync(() => parseSoapResponse('<s:Envelope xmlns:s="x"><s:Header></s:Header></s:Envelope>'));
    expect(e.message).toBe('SOAP envelope has no Body');
  });

  it('refuses an envelope whose Body lacks the expected element', () => {
    const response = parseSoapResponse(fixture('AMT_GeneralSettings.Get.xml'));
    const e = expectAmtErrorSync(() => requireBody(response, 'CIM_BIOSElement', 'Get CIM_BIOSElement'));
    expect(e.code).toBe('malformed-xml');
    expect(e.message).toBe(
      'Get CIM_BIOSElement: expected <CIM_BIOSElement> in the SOAP Body, found <AMT_GeneralSettings>',
    );
    const empty = parseSoapResponse('<a:Envelope xmlns:a="x"><a:Body></a:Body></a:Envelope>');
    expect(expectAmtErrorSync(() => requireBody(empty, 'PullResponse', 'Pull X')).message).toMatch(
      /found an empty Body/,
    );
  });

  it('refuses the HTML page of a 401 (it has a DOCTYPE)', () => {
    const html = fixture('HTTP.401Unauthorized.http').split('\r\n\r\n')[1] ?? '';
    expect(expectAmtErrorSync(() => parseSoapResponse(html)).code).toBe('malformed-xml');
  });
});
