import { describe, expect, it } from 'vitest';
import { drbg } from './drbg';
import { isMockCaError } from './errors';
import { opaqueSubjectId } from './opaque-id';
import { randomSerialNumber, serialNumberFromHex, serialNumberToHex } from './serial-numbers';

describe('opaqueSubjectId', () => {
  it('is 14 + 6 + 3 upper-case alphanumerics with the municipality code in the middle, like 997794E9AGCIEG13221003A', () => {
    const id = opaqueSubjectId(drbg('seed', 'user-auth-subject/shiken-taro'), '131016');
    expect(id).toMatch(/^[0-9A-Z]{14}131016[0-9A-Z]{3}$/);
    expect(opaqueSubjectId(drbg('seed', 'user-auth-subject/shiken-taro'), '131016')).toBe(id);
    expect(opaqueSubjectId(drbg('seed', 'user-auth-subject/other'), '131016')).not.toBe(id);
  });

  it('refuses a municipality code that is not 6 digits', () => {
    expect(() => opaqueSubjectId(drbg('seed', 'x'), '13101')).toThrow(RangeError);
  });
});

describe('serial numbers', () => {
  it('draws 8 octets that encode a positive INTEGER without a leading 00', () => {
    for (let index = 0; index < 50; index += 1) {
      const serial = randomSerialNumber(drbg('seed', `serial/${index}`));
      expect(serial).toHaveLength(8);
      expect(serial[0]).toBeGreaterThanOrEqual(0x01);
      expect(serial[0]).toBeLessThan(0x80);
      expect(serialNumberFromHex(serialNumberToHex(serial))).toEqual(serial);
    }
  });

  it('accepts the real CA serial shapes and refuses negative, zero or padded ones', () => {
    expect(serialNumberToHex(serialNumberFromHex('0133c349'))).toBe('0133C349');
    expect(serialNumberToHex(serialNumberFromHex('00FF'))).toBe('00FF');
    for (const bad of ['', '1', '80', '00', '0001', 'zz', '01'.repeat(21)]) {
      let thrown: unknown;
      try {
        serialNumberFromHex(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isMockCaError(thrown, 'INVALID_INPUT'), bad).toBe(true);
    }
  });
});
