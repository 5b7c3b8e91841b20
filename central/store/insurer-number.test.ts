import { describe, expect, it } from 'vitest';
import { normaliseBirthDate, normaliseInsurerNumber } from './insurer-number';

describe('normaliseInsurerNumber', () => {
  it.each([
    ['139999', '139999'],
    ['  139999', '139999'],
    ['00139999', '139999'],
    ['\t139999 ', '139999'],
    ['06139992', '06139992'],
    ['39999999', '39999999'],
  ])('%j → %j', (raw, expected) => expect(normaliseInsurerNumber(raw)).toBe(expected));

  it.each([[''], ['12345'], ['1234567'], ['123456789'], ['13 9999'], ['０６１３９９９２']])('refuses %j', (raw) => {
    expect(() => normaliseInsurerNumber(raw)).toThrow(expect.objectContaining({ code: 'INVALID_INSURER_NUMBER' }));
  });
});

describe('normaliseBirthDate', () => {
  it('accepts yyyyMMdd and YYYY-MM-DD', () => {
    expect(normaliseBirthDate('19580707')).toBe('1958-07-07');
    expect(normaliseBirthDate('1958-07-07')).toBe('1958-07-07');
  });

  it.each([['1958/07/07'], ['19581307'], ['58-07-07'], ['']])('refuses %j', (raw) => {
    expect(() => normaliseBirthDate(raw)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
  });
});
