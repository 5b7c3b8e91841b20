import { describe, expect, it } from 'vitest';
import { readXml } from './xml-reader';
import { escapeText, writeXml } from './xml-writer';
import { leaf, parent } from './xml-element';
import { codeOf } from '../testing/test-support';

describe('readXml', () => {
  it('reads elements and text, keeping leaf text (padding included) exactly', () => {
    const { root, declaredEncoding } = readXml(
      '<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>\r\n<A>\r\n <B>  139999</B><C/><D></D></A>',
    );
    expect(declaredEncoding).toBe('Shift_JIS');
    expect(root).toEqual(parent('A', [leaf('B', '  139999'), leaf('C', ''), leaf('D', '')]));
  });

  it('resolves the five predefined entities and character references, and CDATA', () => {
    const { root } = readXml('<A>&lt;&gt;&amp;&quot;&apos;&#12354;&#x3042;<![CDATA[<x>&amp;]]></A>');
    expect(root.text).toBe('<>&"\'ああ<x>&amp;');
  });

  it('normalises raw line ends but keeps a referenced carriage return', () => {
    expect(readXml('<A>a\r\nb\rc&#13;</A>').root.text).toBe('a\nb\nc\r');
  });

  it('skips comments and a UTF-8 BOM', () => {
    expect(readXml('\uFEFF<!-- x --><A><!--y-->t</A><!-- z -->').root.text).toBe('t');
  });

  it.each([
    ['DOCTYPE', '<!DOCTYPE A [<!ENTITY x "y">]><A>&x;</A>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['an external entity', '<A>&xxe;</A>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['a processing instruction', '<?xml-stylesheet href="a"?><A/>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['a PI inside', '<A><?php x ?></A>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['an attribute', '<A b="1"/>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['a namespace prefix', '<x:A/>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['mismatched tags', '<A><B></A></B>', 'XML_MALFORMED'],
    ['an unclosed tag', '<A><B></B>', 'XML_MALFORMED'],
    ['two roots', '<A/><B/>', 'XML_MALFORMED'],
    ['text after the root', '<A/>x', 'XML_MALFORMED'],
    ['no root', '  ', 'XML_MALFORMED'],
    ['mixed content', '<A>x<B/></A>', 'XML_MALFORMED'],
    ['a bare ampersand', '<A>a & b</A>', 'XML_MALFORMED'],
    ['a reference to NUL', '<A>&#0;</A>', 'XML_MALFORMED'],
    ['a control character', '<A>\u0001</A>', 'XML_MALFORMED'],
    ['a bad declaration', '<?xml version="2.0"?><A/>', 'XML_MALFORMED'],
    ['a late declaration', ' <?xml version="1.0"?><A/>', 'XML_FORBIDDEN_CONSTRUCT'],
    ['"--" in a comment', '<A><!-- a -- b --></A>', 'XML_MALFORMED'],
  ])('refuses %s', (_label, source, code) => {
    expect(codeOf(() => readXml(source))).toBe(code);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = (depth: number): string => '<A>'.repeat(depth) + '</A>'.repeat(depth);
    expect(codeOf(() => readXml(deep(32)))).toBeUndefined();
    expect(codeOf(() => readXml(deep(33)))).toBe('XML_TOO_DEEP');
    expect(codeOf(() => readXml(deep(5), { maxDepth: 4 }))).toBe('XML_TOO_DEEP');
  });

  it('refuses a document over the size limit', () => {
    expect(codeOf(() => readXml('<A>' + 'x'.repeat(100) + '</A>', { maxChars: 50 }))).toBe('XML_TOO_LARGE');
  });

  it('reads a large flat document in linear time', () => {
    const big = '<A>' + '<B>ｼｹﾝ &amp; 見本</B>'.repeat(100_000) + '</A>';
    const started = performance.now();
    expect(readXml(big).root.children).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses billion-laughs input at once, without expanding anything', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`).join('') +
      ']><lolz>&lol9;</lolz>';
    const started = performance.now();
    expect(codeOf(() => readXml(laughs))).toBe('XML_FORBIDDEN_CONSTRUCT');
    expect(codeOf(() => readXml('<lolz>&lol9;</lolz>'))).toBe('XML_FORBIDDEN_CONSTRUCT');
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('writeXml', () => {
  it('escapes markup and carriage returns so the reader gets the text back', () => {
    const text = 'a<b>&c\r\n"\'  ';
    const written = writeXml(parent('A', [leaf('B', text)]), 'UTF-8');
    expect(written.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>')).toBe(true);
    expect(readXml(written).root.children[0]?.text).toBe(text);
  });

  it('writes the Shift_JIS declaration', () => {
    expect(writeXml(leaf('A', ''), 'Shift_JIS')).toBe('<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>\r\n<A></A>\r\n');
  });

  it('refuses characters XML cannot carry and bad names', () => {
    expect(codeOf(() => escapeText('\u0000'))).toBe('INVALID_VALUE');
    expect(codeOf(() => escapeText('\uD800'))).toBe('INVALID_VALUE');
    expect(codeOf(() => writeXml(leaf('a b', ''), 'UTF-8'))).toBe('INVALID_VALUE');
  });
});
