import { describe, expect, it } from 'vitest';
import { individualNumberCheckDigit, isValidIndividualNumber } from './individual-number';

describe('個人番号 check digit', () => {
  it('accepts the emulator default 123456789018 (card.md §4)', () => {
    expect(individualNumberCheckDigit('12345678901')).toBe(8);
    expect(isValidIndividualNumber('123456789018')).toBe(true);
  });

  it('maps remainders 0 and 1 to digit 0', () => {
    // All zeros: remainder 0. P1 = 6 (weight 2): 12 mod 11 = 1. A 1 in P1 and in P7 (both weight 2):
    // 4, so 11 − 4 = 7.
    expect(individualNumberCheckDigit('00000000000')).toBe(0);
    expect(individualNumberCheckDigit('00000000006')).toBe(0);
    expect(individualNumberCheckDigit('00001000001')).toBe(7);
  });

  it('rejects a wrong check digit and malformed numbers', () => {
    expect(isValidIndividualNumber('123456789012')).toBe(false);
    expect(isValidIndividualNumber('12345678901')).toBe(false);
    expect(isValidIndividualNumber('12345678901a')).toBe(false);
    expect(() => individualNumberCheckDigit('1234')).toThrow(RangeError);
  });
});
