import { describe, expect, it } from 'vitest';
import { encodeShiftJis, hasShiftJisCode, SUBSTITUTE_CHARACTER } from './shift-jis-encoder';
import { shiftJisTable } from './shift-jis-table';
import { decodeXmlBytes, encodeXmlText } from './xml-text-encoding';
import { codeOf } from '../testing/test-support';

const sjisDecoder = new TextDecoder('shift_jis', { fatal: true });

describe('encodeShiftJis', () => {
  it('round-trips half-width katakana, the full-width space, kanji and ASCII', () => {
    const text = 'ｼｹﾝ ｼﾞﾛｳ　試験次郎 ABC-123 ①髙﨑～';
    const { bytes, substituted } = encodeShiftJis(text);
    expect(substituted).toEqual([]);
    expect(sjisDecoder.decode(bytes)).toBe(text);
  });

  it('writes known codes: ｱ is one byte A1+, the full-width space 81 40, ● 81 9C', () => {
    expect([...encodeShiftJis('ｱ　●').bytes]).toEqual([0xb1, 0x81, 0x40, 0x81, 0x9c]);
  });

  it('substitutes ● for characters without a code and reports each', () => {
    const { bytes, substituted } = encodeShiftJis('𠮷野　家😀');
    expect(sjisDecoder.decode(bytes)).toBe('●野　家●');
    expect(substituted).toEqual(['𠮷', '😀']);
    expect(hasShiftJisCode('𠮷')).toBe(false);
    expect(hasShiftJisCode(SUBSTITUTE_CHARACTER)).toBe(true);
  });

  it('never writes user-defined (外字) private-use codes', () => {
    expect(encodeShiftJis('\uE000').substituted).toEqual(['\uE000']);
  });

  it('prefers the IBM extension codes (FA–FC) over the NEC-selected duplicates (ED–EE)', () => {
    expect([...encodeShiftJis('ⅰ').bytes]).toEqual([0xfa, 0x40]);
  });
});

describe('decodeXmlBytes', () => {
  const sjisDocument = encodeShiftJis('<?xml version="1.0" encoding="Shift_JIS" standalone="no"?><A>ﾐﾎﾝ ﾊﾅｺ　見本</A>').bytes;

  it('decodes by the declared encoding', () => {
    expect(decodeXmlBytes(sjisDocument)).toMatchObject({ encoding: 'Shift_JIS', text: expect.stringContaining('ﾐﾎﾝ ﾊﾅｺ　見本') });
    const utf8 = new TextEncoder().encode('<?xml version="1.0" encoding="utf-8"?><A>見本</A>');
    expect(decodeXmlBytes(utf8).encoding).toBe('UTF-8');
  });

  it('treats an undeclared document as UTF-8 and strips a UTF-8 BOM', () => {
    const withBom = Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<A>見本</A>'));
    expect(decodeXmlBytes(withBom)).toEqual({ text: '<A>見本</A>', encoding: 'UTF-8', hadByteOrderMark: true });
  });

  it('refuses UTF-8 bytes declared as Shift_JIS', () => {
    const lying = new TextEncoder().encode('<?xml version="1.0" encoding="Shift_JIS"?><A>見本　花子</A>');
    expect(codeOf(() => decodeXmlBytes(lying))).toBe('ENCODING_MISMATCH');
  });

  it('accepts genuine Shift_JIS that happens to hold one valid UTF-8 sequence (ﾂ！ = C2 81 49)', () => {
    const document = encodeShiftJis('<?xml version="1.0" encoding="Shift_JIS"?><A>ﾂ！</A>').bytes;
    expect(decodeXmlBytes(document).text).toContain('ﾂ！');
  });

  it('can switch the UTF-8 heuristic off', () => {
    const lying = new TextEncoder().encode('<?xml version="1.0" encoding="Shift_JIS"?><A>見本</A>');
    expect(codeOf(() => decodeXmlBytes(lying))).toBe('ENCODING_MISMATCH');
    expect(decodeXmlBytes(lying, { refuseUtf8DeclaredShiftJis: false }).encoding).toBe('Shift_JIS');
  });

  it('refuses Shift_JIS bytes declared as UTF-8', () => {
    const lying = encodeShiftJis('<?xml version="1.0" encoding="UTF-8"?><A>ﾐﾎﾝ</A>').bytes;
    expect(codeOf(() => decodeXmlBytes(lying))).toBe('ENCODING_MISMATCH');
  });

  it('refuses invalid Shift_JIS sequences', () => {
    const head = new TextEncoder().encode('<?xml version="1.0" encoding="Shift_JIS"?><A>');
    expect(codeOf(() => decodeXmlBytes(Uint8Array.of(...head, 0x81, 0x20)))).toBe('ENCODING_MISMATCH');
  });

  it('refuses a BOM before a Shift_JIS declaration, UTF-16 and unknown encodings', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<?xml version="1.0" encoding="Shift_JIS"?><A/>'));
    expect(codeOf(() => decodeXmlBytes(bom))).toBe('ENCODING_MISMATCH');
    expect(codeOf(() => decodeXmlBytes(Uint8Array.of(0xff, 0xfe, 0x3c, 0)))).toBe('ENCODING_UNSUPPORTED');
    const latin = new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><A/>');
    expect(codeOf(() => decodeXmlBytes(latin))).toBe('ENCODING_UNSUPPORTED');
  });

  it('refuses input over the byte limit before decoding', () => {
    expect(codeOf(() => decodeXmlBytes(new Uint8Array(101), { maxBytes: 100 }))).toBe('XML_TOO_LARGE');
  });
});

describe('encodeXmlText', () => {
  it('encodes UTF-8 without loss and Shift_JIS with reported substitutions', () => {
    expect(encodeXmlText('𠮷', 'UTF-8').substituted).toEqual([]);
    expect(encodeXmlText('𠮷', 'Shift_JIS').substituted).toEqual(['𠮷']);
  });
});

describe('encodeShiftJis agrees with the table, character by character', () => {
  it('writes every code the table has as the table says, and everything else as ●', () => {
    const table = shiftJisTable();
    const samples = [...Array.from({ length: 0x80 }, (_, code) => code), 0xa5, 0x203e, 0x3000, 0x30a2, 0x4e9c, 0x9ad9, 0xff71, 0x20bb7, 0xd800, 0xe000];
    for (const codePoint of samples) {
      const char = String.fromCodePoint(codePoint);
      const { bytes, substituted } = encodeShiftJis(`a${char}b`);
      const expected = table.get(codePoint);
      if (expected === undefined) {
        expect(substituted, codePoint.toString(16)).toEqual([char]);
      } else {
        expect([...bytes], codePoint.toString(16)).toEqual([0x61, ...expected, 0x62]);
        expect(substituted).toEqual([]);
      }
    }
  });
});
