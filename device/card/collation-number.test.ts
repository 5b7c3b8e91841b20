import { describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { deriveCollationNumberB, parsePrintedBirthDate, printedBirthDateToIso } from './collation-number';
import type { PrintedCardFields } from './collation-number';

function failureOf(action: () => unknown): CardError {
  try {
    action();
  } catch (error) {
    if (error instanceof CardError) return error;
    throw error;
  }
  throw new Error('expected a CardError');
}

describe('deriveCollationNumberB', () => {
  it('writes the card.md §5 example: 昭和55年2月17日, 2035, 2285 → 55021720352285', () => {
    expect(deriveCollationNumberB({ birthDate: '昭和55年2月17日生', expiryYear: 2035, securityCode: '2285' })).toBe('55021720352285');
    expect(
      deriveCollationNumberB({ birthDate: { calendar: 'japanese', era: '昭和', year: 55, month: 2, day: 17 }, expiryYear: '2035', securityCode: '2285' }),
    ).toBe('55021720352285');
  });

  it('accepts OCR text with full-width digits and spaces', () => {
    expect(deriveCollationNumberB({ birthDate: '昭和５５年　２月１７日生', expiryYear: '２０３５', securityCode: '２２８５' })).toBe('55021720352285');
  });

  it.each<[string, string]>([
    // 平成 starts 1989-01-08; the day before is 昭和64年.
    ['昭和64年1月7日', '640107'],
    ['平成元年1月8日', '010108'],
    ['平成1年1月8日', '010108'],
    ['平成2年1月1日', '020101'],
    // 令和 starts 2019-05-01; the day before is 平成31年.
    ['平成31年4月30日', '310430'],
    ['令和元年5月1日', '010501'],
    ['令和2年1月1日', '020101'],
    ['大正15年12月24日', '151224'],
    ['昭和元年12月25日', '011225'],
  ])('%s → %s (era boundaries; 元年 is 01)', (printed, digits) => {
    expect(deriveCollationNumberB({ birthDate: printed, expiryYear: 2030, securityCode: '0000' })).toBe(`${digits}20300000`);
  });

  it.each(['昭和64年1月8日', '平成元年1月7日', '平成31年5月1日', '令和元年4月30日', '昭和55年2月30日', '平成0年5月1日', '令和99年1月1日'])(
    'refuses %s, a day that era never had, with INVALID_INPUT',
    (printed) => {
      expect(failureOf(() => deriveCollationNumberB({ birthDate: printed, expiryYear: 2030, securityCode: '0000' })).code).toBe('INVALID_INPUT');
    },
  );

  it.each<[PrintedCardFields['birthDate'], string]>([
    // Gregorian dates (foreign residents' cards) are written as 和暦 YYMMDD like any other.
    ['1980年2月17日', '550217'],
    ['1989-01-08', '010108'],
    ['2019/05/01', '010501'],
    [{ calendar: 'gregorian', year: 2019, month: 4, day: 30 }, '310430'],
  ])('Gregorian %j → %s', (birthDate, digits) => {
    expect(deriveCollationNumberB({ birthDate, expiryYear: 2035, securityCode: '1234' })).toBe(`${digits}20351234`);
  });

  it.each<[string, PrintedCardFields]>([
    ['a 3-digit security code', { birthDate: '昭和55年2月17日', expiryYear: 2035, securityCode: '228' }],
    ['a security code with letters', { birthDate: '昭和55年2月17日', expiryYear: 2035, securityCode: '22B5' }],
    ['a 2-digit expiry year', { birthDate: '昭和55年2月17日', expiryYear: '35', securityCode: '2285' }],
    ['an expiry year before cards existed', { birthDate: '昭和55年2月17日', expiryYear: 2015, securityCode: '2285' }],
    ['an expiry year not after the birth year', { birthDate: '令和2年1月1日', expiryYear: 2020, securityCode: '2285' }],
    ['unreadable birth-date text', { birthDate: 'S55.2.17', expiryYear: 2035, securityCode: '2285' }],
    ['a date before 明治', { birthDate: '1850年1月1日', expiryYear: 2035, securityCode: '2285' }],
  ])('refuses %s with INVALID_INPUT that does not echo the digits', (_name, fields) => {
    const failure = failureOf(() => deriveCollationNumberB(fields));
    expect(failure.code).toBe('INVALID_INPUT');
    expect(failure.message).not.toMatch(/2285|228|22B5/);
  });
});

describe('parsePrintedBirthDate and printedBirthDateToIso', () => {
  it('reads era and Gregorian text', () => {
    expect(parsePrintedBirthDate('令和元年5月1日')).toEqual({ calendar: 'japanese', era: '令和', year: 1, month: 5, day: 1 });
    expect(parsePrintedBirthDate('1980年 2月17日生')).toEqual({ calendar: 'gregorian', year: 1980, month: 2, day: 17 });
    expect(printedBirthDateToIso('平成元年1月8日')).toBe('1989-01-08');
    expect(printedBirthDateToIso('明治45年7月29日')).toBe('1912-07-29');
    expect(printedBirthDateToIso('昭和64年1月7日')).toBe('1989-01-07');
  });
});
