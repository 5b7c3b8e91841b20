import { describe, expect, it } from 'vitest';
import { shiftJisTable } from './shift-jis-table';

describe('shiftJisTable', () => {
  it('is an exact inverse of the platform decoder for every entry', () => {
    const decoder = new TextDecoder('shift_jis', { fatal: true });
    const table = shiftJisTable();
    expect(table.size).toBeGreaterThan(7000);
    for (const [codePoint, bytes] of table) {
      expect(decoder.decode(bytes)).toBe(String.fromCodePoint(codePoint));
    }
  });

  it('is built once and then reused', () => {
    expect(shiftJisTable()).toBe(shiftJisTable());
  });

  it('covers every half-width katakana as one byte and the full-width space as 81 40', () => {
    const table = shiftJisTable();
    for (let codePoint = 0xff61; codePoint <= 0xff9f; codePoint += 1) {
      expect(table.get(codePoint)).toEqual(Uint8Array.of(codePoint - 0xff61 + 0xa1));
    }
    expect(table.get(0x3000)).toEqual(Uint8Array.of(0x81, 0x40));
  });
});
