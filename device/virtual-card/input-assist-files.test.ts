import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../kernel/bytes';
import { encodeBasicFourInfoFile, encodeIndividualNumberFile } from './input-assist-files';
import { isVirtualCardError } from './virtual-card-error';

const TARO = { name: '試験　太郎', address: '東京都千代田区霞が関１－２－３', birthDate: '19800217', sex: '1' };
const utf8 = (text: string): string => toHex(new TextEncoder().encode(text));

/** Reads the DF21 offsets of an EF 0002 and the tag found at each. */
function tagsAtOffsets(file: Uint8Array, offsetsStart: number, count: number): Array<{ offset: number; tag: string }> {
  return Array.from({ length: count }, (_, index) => {
    const offset = ((file[offsetsStart + 2 * index] ?? 0) << 8) | (file[offsetsStart + 2 * index + 1] ?? 0);
    return { offset, tag: toHex(file.subarray(offset, offset + 2)) };
  });
}

describe('EF 0001 of 入力補助AP (個人番号)', () => {
  it('is FF 10 0C, the 12 ASCII digits and FF FF filler: 17 bytes', () => {
    expect(toHex(encodeIndividualNumberFile('123456789018'))).toBe('FF100C313233343536373839303138FFFF');
  });

  it('refuses anything but 12 digits', () => {
    expect(() => encodeIndividualNumberFile('12345678901')).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID', field: 'individualNumber' }));
  });
});

describe('EF 0002 of 入力補助AP (基本4情報)', () => {
  it('encodes the card.md §4 example for 試験　太郎 byte for byte', () => {
    const expected = [
      'FF205C',
      'DF2108000E00200050005B',
      `DF220F${utf8('試験　太郎')}`,
      `DF232D${utf8('東京都千代田区霞が関１－２－３')}`,
      'DF24083139383030323137',
      'DF250131',
    ].join('');
    const file = encodeBasicFourInfoFile(TARO);
    expect(toHex(file)).toBe(expected);
    expect(file.length).toBe(95);
  });

  it('switches the outer length to 81 xx when the content reaches 128 bytes, moving every offset by one', () => {
    // 30 kanji = 90 UTF-8 bytes: content = 11 + 18 + 93 + 11 + 4 = 137 (0x89).
    const file = encodeBasicFourInfoFile({ ...TARO, address: '東'.repeat(30) });
    expect(toHex(file.subarray(0, 4))).toBe('FF208189');
    expect(toHex(file.subarray(4, 15))).toBe('DF2108000F0021007E0089');
    expect(tagsAtOffsets(file, 7, 4).map((entry) => entry.tag)).toEqual(['DF22', 'DF23', 'DF24', 'DF25']);
    expect(file.length).toBe(4 + 0x89);
  });

  it('gives a field of 128+ bytes its own 81 xx length and keeps offsets pointing at the tags', () => {
    const address = '東京都'.repeat(20); // 180 bytes
    const file = encodeBasicFourInfoFile({ ...TARO, address });
    const [outerLengthByte] = file.subarray(2, 3);
    expect(outerLengthByte).toBe(0x81);
    const entries = tagsAtOffsets(file, 7, 4);
    expect(entries.map((entry) => entry.tag)).toEqual(['DF22', 'DF23', 'DF24', 'DF25']);
    const addressAt = entries[1]?.offset ?? 0;
    expect(toHex(file.subarray(addressAt, addressAt + 4))).toBe('DF2381B4');
    expect(new TextDecoder().decode(file.subarray(addressAt + 4, addressAt + 4 + 180))).toBe(address);
  });

  it('uses the 82 xx xx form past 255 content bytes', () => {
    const file = encodeBasicFourInfoFile({ ...TARO, address: '東'.repeat(100) });
    expect(toHex(file.subarray(0, 3))).toBe('FF2082');
    expect(tagsAtOffsets(file, 8, 4).map((entry) => entry.tag)).toEqual(['DF22', 'DF23', 'DF24', 'DF25']);
  });

  it.each([
    ['birthDate', { birthDate: '1980-02-17' }],
    ['sex', { sex: 'M' }],
    ['name', { name: '' }],
    ['address', { address: '' }],
  ])('refuses a bad %s with ENCODING_INVALID naming it', (field, change) => {
    let caught: unknown;
    try {
      encodeBasicFourInfoFile({ ...TARO, ...change });
    } catch (error) {
      caught = error;
    }
    expect(isVirtualCardError(caught, 'ENCODING_INVALID')).toBe(true);
    expect((caught as { field?: string }).field).toBe(field);
  });

  it('fromHex reads the spaced form the spec tables use', () => {
    expect(toHex(fromHex('DF 21 08 00 0E'))).toBe('DF2108000E');
  });
});
