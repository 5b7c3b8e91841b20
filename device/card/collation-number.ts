import { CardError } from './card-error';
import { collationNumberBParts, joinCollationNumberB } from '../../kernel/card/collation-number-b';
import { toJapaneseEra } from '../../kernel/card/japanese-era';
import type { JapaneseEraName } from '../../kernel/card/japanese-era';

/**
 * 照合番号B from what is printed on the card front (card.md §5): 生年月日 as 和暦 YYMMDD, the expiry
 * year in 西暦, the 4-digit セキュリティコード. Input comes from OCR or a staff form, so every part is
 * checked and errors are INVALID_INPUT naming the field — never echoing the digits.
 */
export type PrintedBirthDate =
  | { readonly calendar: 'japanese'; readonly era: JapaneseEraName; readonly year: number; readonly month: number; readonly day: number }
  | { readonly calendar: 'gregorian'; readonly year: number; readonly month: number; readonly day: number };

export interface PrintedCardFields {
  /** As printed: a structured date, or text such as `昭和55年2月17日生`, `平成元年1月8日`, `1980年2月17日`. */
  readonly birthDate: PrintedBirthDate | string;
  /** 有効期限 year (西暦), e.g. 2035 or "2035". */
  readonly expiryYear: number | string;
  /** The 4 digits under the photo. */
  readonly securityCode: string;
}

const ERA_NAMES: readonly JapaneseEraName[] = ['明治', '大正', '昭和', '平成', '令和'];
/** Cards exist since 2016; a later year than this is an OCR error, not a card. */
const EXPIRY_YEAR_RANGE = { first: 2016, last: 2099 } as const;

function invalid(field: string, rule: string): CardError {
  return new CardError('INVALID_INPUT', `照合番号B: ${field} ${rule}`);
}

/** Full-width digits and spaces from OCR become ASCII (NFKC), whitespace goes. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

const JAPANESE_DATE = new RegExp(`^(${ERA_NAMES.join('|')})(元|\\d{1,2})年(\\d{1,2})月(\\d{1,2})日生?$`);
const GREGORIAN_DATE = /^(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?生?$/;

/** Printed birth-date text → structured date; INVALID_INPUT when it is neither form. */
export function parsePrintedBirthDate(text: string): PrintedBirthDate {
  const compact = normalise(text);
  const japanese = JAPANESE_DATE.exec(compact);
  if (japanese) {
    return {
      calendar: 'japanese',
      era: japanese[1] as JapaneseEraName,
      year: japanese[2] === '元' ? 1 : Number(japanese[2]),
      month: Number(japanese[3]),
      day: Number(japanese[4]),
    };
  }
  const gregorian = GREGORIAN_DATE.exec(compact);
  if (gregorian) {
    return { calendar: 'gregorian', year: Number(gregorian[1]), month: Number(gregorian[2]), day: Number(gregorian[3]) };
  }
  throw invalid('birth date', 'is neither an era date (昭和55年2月17日) nor a Gregorian one (1980年2月17日)');
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (![year, month, day].every(Number.isInteger)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || year > 9999 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Gregorian ISO date of an era date, or undefined when the era had no such day (平成31年5月1日). */
function gregorianOfEraDate(date: Extract<PrintedBirthDate, { calendar: 'japanese' }>): string | undefined {
  if (!ERA_NAMES.includes(date.era) || !Number.isInteger(date.year) || date.year < 1 || date.year > 99) return undefined;
  // The era's first Gregorian year is the year its 元年 falls in; find it from the shared era table.
  for (let gregorianYear = 1868; gregorianYear <= 2099; gregorianYear += 1) {
    const iso = isoDate(gregorianYear, date.month, date.day);
    if (!iso) continue;
    const era = safeEra(iso);
    if (era?.era === date.era && era.year === date.year) return iso;
  }
  return undefined;
}

function safeEra(iso: string): ReturnType<typeof toJapaneseEra> | undefined {
  try {
    return toJapaneseEra(iso);
  } catch {
    return undefined;
  }
}

/** The birth date as a Gregorian ISO date, checked against the calendar and the era boundaries. */
export function printedBirthDateToIso(birthDate: PrintedBirthDate | string): string {
  const date = typeof birthDate === 'string' ? parsePrintedBirthDate(birthDate) : birthDate;
  const iso = date.calendar === 'japanese' ? gregorianOfEraDate(date) : isoDate(date.year, date.month, date.day);
  if (!iso) throw invalid('birth date', 'is not a day of that calendar or era');
  if (!safeEra(iso)) throw invalid('birth date', 'is before 明治');
  return iso;
}

/**
 * The 14 digits. A Gregorian birth date (as foreign residents' cards print it) is turned into
 * 和暦 YYMMDD like any other: card.md does not say what those cards use (open question).
 */
export function deriveCollationNumberB(fields: PrintedCardFields): string {
  const birthIso = printedBirthDateToIso(fields.birthDate);
  const expiryText = normalise(String(fields.expiryYear));
  if (!/^\d{4}$/.test(expiryText)) throw invalid('expiry year', 'must be 4 digits');
  const expiryYear = Number(expiryText);
  if (expiryYear < EXPIRY_YEAR_RANGE.first || expiryYear > EXPIRY_YEAR_RANGE.last) {
    throw invalid('expiry year', `must be ${EXPIRY_YEAR_RANGE.first}–${EXPIRY_YEAR_RANGE.last}`);
  }
  if (expiryYear <= Number(birthIso.slice(0, 4))) throw invalid('expiry year', 'must come after the birth year');
  const securityCode = normalise(fields.securityCode);
  if (!/^\d{4}$/.test(securityCode)) throw invalid('security code', 'must be 4 digits');
  return joinCollationNumberB(collationNumberBParts(birthIso, `${expiryText}-01-01`, securityCode));
}
