/**
 * Gregorian date → Japanese era (元号), as printed on the マイナンバーカード and used for the first six
 * digits of 照合番号B (card.md §5). Pure; no clock, no locale data (Intl's japanese calendar varies by
 * ICU version and knows nothing of the 照合番号B form).
 */
export type JapaneseEraName = '明治' | '大正' | '昭和' | '平成' | '令和';

export interface JapaneseEraYear {
  era: JapaneseEraName;
  /** Year within the era; 1 is 元年. */
  year: number;
  /** The year as two digits, the form 照合番号B uses: 元年 → "01". */
  twoDigitYear: string;
}

// First Gregorian day of each era, newest first so the first start on or before a date wins.
// 明治 begins at 1868-01-25, the Gregorian equivalent of 明治元年1月1日 in the old calendar.
// `digit` is the era's number in the 署名用 certificate's birth date (1 明治 … 5 令和, card.md §6).
const ERA_STARTS: ReadonlyArray<{ era: JapaneseEraName; digit: string; firstDay: string }> = [
  { era: '令和', digit: '5', firstDay: '2019-05-01' },
  { era: '平成', digit: '4', firstDay: '1989-01-08' },
  { era: '昭和', digit: '3', firstDay: '1926-12-25' },
  { era: '大正', digit: '2', firstDay: '1912-07-30' },
  { era: '明治', digit: '1', firstDay: '1868-01-25' },
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Throws a RangeError unless `isoDate` is a real calendar date written YYYY-MM-DD. */
function assertIsoDate(isoDate: string): void {
  if (!isIsoDate(isoDate)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(isoDate)}`);
}

export function toJapaneseEra(isoDate: string): JapaneseEraYear {
  assertIsoDate(isoDate);
  // Zero-padded ISO dates compare correctly as strings.
  const start = ERA_STARTS.find((candidate) => candidate.firstDay <= isoDate);
  if (!start) throw new RangeError(`${isoDate} is before 明治 (1868-01-25)`);
  const year = Number(isoDate.slice(0, 4)) - Number(start.firstDay.slice(0, 4)) + 1;
  return { era: start.era, year, twoDigitYear: String(year).padStart(2, '0') };
}

/** The era date as 照合番号B writes a birth date: era year, month and day, YYMMDD. */
export function toEraDateDigits(isoDate: string): string {
  const { twoDigitYear } = toJapaneseEra(isoDate);
  return `${twoDigitYear}${isoDate.slice(5, 7)}${isoDate.slice(8, 10)}`;
}

/**
 * The birth date as the 署名用 certificate writes it in its SAN otherName 1.2.392.200149.8.5.5.4:
 * era digit + `YYYYMMDD` (card.md §6), `1980-02-17` → `319800217`. Undefined before 明治 or for a
 * string that is not a YYYY-MM-DD calendar date.
 */
export function eraPrefixedBirthDate(isoDate: string): string | undefined {
  const start = ERA_STARTS.find((candidate) => candidate.firstDay <= isoDate);
  if (!start || !isIsoDate(isoDate)) return undefined;
  return `${start.digit}${isoDate.replaceAll('-', '')}`;
}
