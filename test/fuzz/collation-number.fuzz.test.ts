import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveCollationNumberB, parsePrintedBirthDate, printedBirthDateToIso } from '../../device/card/collation-number';
import { toEraDateDigits, toJapaneseEra } from '../../kernel/card/japanese-era';
import { calendarDate, fuzzParameters, isCardErrorWithCode, outcomeOf, pad, Tally } from './arbitraries';

/**
 * device/card/collation-number.ts reads OCR or staff-typed text: any string gives a result or
 * CardError INVALID_INPUT, never another exception. Printed dates in every accepted spelling
 * (和暦 with 元年, 西暦 with 年月日 or - / ., full-width digits, stray spaces) give the right 照合番号B.
 */

const isInvalidInput = isCardErrorWithCode('INVALID_INPUT');

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const fullWidth = (text: string): string => text.replace(/\d/g, (digit) => FULL_WIDTH_DIGITS[Number(digit)] ?? digit);

/** Characters OCR produces around dates, so random strings often come close to the patterns. */
const dateishText = fc.string({
  unit: fc.constantFrom(...'0123456789０１２３４５６７８９年月日生元-/. 　', '昭和', '平成', '令和', '大正', '明治', 'x', '\u0660'),
  maxLength: 16,
});

/** Era- and Gregorian-shaped text with numbers that may be out of range (平成31年5月1日, 2月30日, 0年…). */
const dateShapedText = fc.oneof(
  fc
    .tuple(fc.constantFrom('明治', '大正', '昭和', '平成', '令和'), fc.oneof(fc.constant('元'), fc.integer({ min: 0, max: 99 }).map(String)), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([era, year, month, day]) => `${era}${year}年${month}月${day}日`),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }).map((year) => pad(year, 4)), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('-', '/', '.'))
    .map(([year, month, day, separator]) => `${year}${separator}${month}${separator}${day}`),
);

/** A date from 明治 on, with the spellings a card or a person writes. */
const printedDate = fc
  .tuple(calendarDate(1868, 2099), fc.constantFrom('era', 'gregorian'), fc.boolean(), fc.boolean(), fc.constantFrom('年', '-', '/', '.'), fc.boolean())
  .filter(([[year, month, day]]) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` >= '1868-01-25')
  .map(([[year, month, day], calendar, wide, spaced, separator, suffix]) => {
    const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    let text: string;
    if (calendar === 'era') {
      const era = toJapaneseEra(iso);
      text = `${era.era}${era.year === 1 ? '元' : String(era.year)}年${month}月${day}日${suffix ? '生' : ''}`;
    } else {
      text = separator === '年' ? `${year}年${month}月${day}日${suffix ? '生' : ''}` : `${year}${separator}${pad(month, 2)}${separator}${pad(day, 2)}`;
    }
    if (wide) text = fullWidth(text);
    if (spaced) text = ` ${text.slice(0, 2)}　${text.slice(2)} `;
    return { iso, text };
  });

describe('照合番号B from printed fields (device/card/collation-number.ts)', () => {
  it('parsePrintedBirthDate / printedBirthDateToIso: any string gives a date or INVALID_INPUT', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), dateishText, dateShapedText), (text) => {
        const parsed = outcomeOf('parsePrintedBirthDate', () => parsePrintedBirthDate(text), isInvalidInput);
        const iso = outcomeOf('printedBirthDateToIso', () => printedBirthDateToIso(text), isInvalidInput);
        if (!parsed.ok) expect(iso.ok).toBe(false);
        if (parsed.ok) tally.add(iso.ok ? 'real-date' : 'parsed-not-a-day');
        if (iso.ok) expect(iso.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      fuzzParameters(0xc0_0001, 10_000),
    );
    expect(tally.get('real-date'), tally.toString()).toBeGreaterThan(500);
    expect(tally.get('parsed-not-a-day'), tally.toString()).toBeGreaterThan(200);
  });

  it('every printed spelling of a real date reads back to that date, and 照合番号B starts with its 和暦 YYMMDD', () => {
    fc.assert(
      fc.property(printedDate, fc.integer({ min: 2016, max: 2099 }), fc.integer({ min: 0, max: 9999 }), ({ iso, text }, expiry, code) => {
        expect(printedBirthDateToIso(text)).toBe(iso);
        const result = outcomeOf(
          'deriveCollationNumberB',
          () => deriveCollationNumberB({ birthDate: text, expiryYear: fullWidth(String(expiry)), securityCode: pad(code, 4) }),
          isInvalidInput,
        );
        // Refused exactly when the card would expire before the holder was born.
        expect(result.ok).toBe(expiry > Number(iso.slice(0, 4)));
        if (result.ok) expect(result.value).toBe(`${toEraDateDigits(iso)}${expiry}${pad(code, 4)}`);
      }),
      fuzzParameters(0xc0_0002, 3000),
    );
  });

  it('deriveCollationNumberB with arbitrary strings and numbers: 14 digits or INVALID_INPUT', () => {
    const tally = new Tally();
    const text = fc.oneof(fc.string({ maxLength: 20 }), dateishText, dateShapedText, printedDate.map(({ text: printed }) => printed));
    fc.assert(
      fc.property(
        text,
        fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), { weight: 3, arbitrary: fc.integer({ min: 2000, max: 2100 }) }, fc.stringMatching(/^\s*[0-9０-９]{4}\s*$/)),
        fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^[0-9０-９ ]{4,5}$/), { weight: 4, arbitrary: fc.integer({ min: 0, max: 9999 }).map((code) => pad(code, 4)) }),
        (birthDate, expiryYear, securityCode) => {
          const result = outcomeOf('deriveCollationNumberB', () => deriveCollationNumberB({ birthDate, expiryYear, securityCode }), isInvalidInput);
          if (result.ok) {
            expect(result.value).toMatch(/^\d{14}$/);
            tally.add('derived');
          }
        },
      ),
      fuzzParameters(0xc0_0003, 8000),
    );
    expect(tally.get('derived'), tally.toString()).toBeGreaterThan(300);
  });

  it('structured birth dates with arbitrary numbers: a date or INVALID_INPUT', () => {
    const number = fc.oneof(fc.integer({ min: -2, max: 100 }), fc.integer(), fc.double());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ calendar: fc.constant('japanese' as const), era: fc.constantFrom('明治' as const, '大正' as const, '昭和' as const, '平成' as const, '令和' as const), year: number, month: number, day: number }),
          fc.record({ calendar: fc.constant('gregorian' as const), year: fc.oneof(number, fc.integer({ min: 1860, max: 2100 })), month: number, day: number }),
        ),
        (date) => {
          const iso = outcomeOf('printedBirthDateToIso', () => printedBirthDateToIso(date), isInvalidInput);
          if (iso.ok) expect(toEraDateDigits(iso.value)).toMatch(/^\d{6}$/);
        },
      ),
      fuzzParameters(0xc0_0004, 1500),
    );
  });
});
