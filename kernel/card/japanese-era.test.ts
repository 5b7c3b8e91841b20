import { describe, expect, it } from 'vitest';
import { eraPrefixedBirthDate, toEraDateDigits, toJapaneseEra } from './japanese-era';

describe('toJapaneseEra', () => {
  it.each([
    // [date, era, year, two-digit year]: the last day of each era and the first day of the next
    ['1868-01-25', '明治', 1, '01'],
    ['1912-07-29', '明治', 45, '45'],
    ['1912-07-30', '大正', 1, '01'],
    ['1926-12-24', '大正', 15, '15'],
    ['1926-12-25', '昭和', 1, '01'],
    ['1989-01-07', '昭和', 64, '64'],
    ['1989-01-08', '平成', 1, '01'],
    ['2019-04-30', '平成', 31, '31'],
    ['2019-05-01', '令和', 1, '01'],
  ] as const)('%s is %s %i (%s)', (date, era, year, twoDigitYear) => {
    expect(toJapaneseEra(date)).toEqual({ era, year, twoDigitYear });
  });

  it('counts later years from the era start year, not from its first day', () => {
    expect(toJapaneseEra('1927-01-01')).toEqual({ era: '昭和', year: 2, twoDigitYear: '02' });
    expect(toJapaneseEra('2020-01-01')).toEqual({ era: '令和', year: 2, twoDigitYear: '02' });
    expect(toJapaneseEra('1990-07-04')).toEqual({ era: '平成', year: 2, twoDigitYear: '02' });
  });

  it('rejects dates before 明治 and strings that are not calendar dates', () => {
    expect(() => toJapaneseEra('1868-01-24')).toThrow(RangeError);
    expect(() => toJapaneseEra('1980-02-30')).toThrow(RangeError);
    expect(() => toJapaneseEra('19800217')).toThrow(RangeError);
    expect(() => toJapaneseEra('')).toThrow(RangeError);
  });
});

describe('toEraDateDigits', () => {
  it('writes the 照合番号B birth-date part of the emulator default profile (昭和55年2月17日)', () => {
    expect(toEraDateDigits('1980-02-17')).toBe('550217');
  });

  it('writes 元年 as 01', () => {
    expect(toEraDateDigits('2019-05-01')).toBe('010501');
    expect(toEraDateDigits('1989-01-08')).toBe('010108');
  });
});

describe('eraPrefixedBirthDate', () => {
  it.each([
    ['1980-02-17', '319800217'], // 昭和55年, the default profile
    ['1868-01-25', '118680125'], // 明治 starts
    ['1912-07-29', '119120729'],
    ['1912-07-30', '219120730'], // 大正
    ['1926-12-24', '219261224'],
    ['1926-12-25', '319261225'], // 昭和
    ['1989-01-07', '319890107'],
    ['1989-01-08', '419890108'], // 平成
    ['2019-04-30', '420190430'],
    ['2019-05-01', '520190501'], // 令和
  ])('%s → %s', (date, expected) => {
    expect(eraPrefixedBirthDate(date)).toBe(expected);
  });

  it('has no era digit before 明治, nor for text that is not a calendar date', () => {
    expect(eraPrefixedBirthDate('1868-01-24')).toBeUndefined();
    expect(eraPrefixedBirthDate('1980-02-30')).toBeUndefined();
    expect(eraPrefixedBirthDate('19800217')).toBeUndefined();
  });
});
