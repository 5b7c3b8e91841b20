/**
 * The 表示期間 of a 薬剤情報 request (StartDate/EndDate, yyyyMM, both months included), as the
 * マイナポータル lets the reader choose the months shown:
 *
 * - by default the last three years, from the same month three years ago to this month;
 * - or the months asked for, which must be real months, in order, not after this month, not before
 *   2021年9月 (薬剤情報 is kept from the dispensings of September 2021 on, as the seed says) and not
 *   longer than the default's three years.
 *
 * "This month" is the month in Japan at `now`, by the terminal's clock.
 */
export interface MonthPeriod {
  /** yyyyMM */
  readonly from: string;
  /** yyyyMM */
  readonly to: string;
}

export type DrugPeriodAnswer = { readonly ok: true; readonly period: MonthPeriod } | { readonly ok: false; readonly message: string };

/** 薬剤情報 begins with the dispensings of this month. */
export const FIRST_DRUG_MONTH = '202109';
/** The longest period, in months after its first: three years, as the default. */
const LONGEST_SPAN_MONTHS = 36;
const JAPAN_OFFSET_MS = 9 * 3600_000;

/** A month as a count of months since year 0, or undefined for anything but a real yyyyMM. */
function monthIndex(yyyymm: string): number | undefined {
  const match = /^(\d{4})(\d{2})$/.exec(yyyymm);
  if (match === null) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? Number(match[1]) * 12 + month - 1 : undefined;
}

function monthText(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthInJapan(now: Date): number {
  const japan = new Date(now.getTime() + JAPAN_OFFSET_MS);
  return japan.getUTCFullYear() * 12 + japan.getUTCMonth();
}

const FIRST = monthIndex(FIRST_DRUG_MONTH) as number;

/** The last three years up to this month (never before the first month of 薬剤情報). */
export function defaultDrugPeriod(now: Date): MonthPeriod {
  const to = monthInJapan(now);
  return { from: monthText(Math.min(to, Math.max(FIRST, to - LONGEST_SPAN_MONTHS))), to: monthText(to) };
}

/** The period a request's `from` and `to` ask for: both or neither; refused with a reason otherwise. */
export function drugPeriodOf(now: Date, query: { readonly from?: unknown; readonly to?: unknown }): DrugPeriodAnswer {
  if (query.from === undefined && query.to === undefined) return { ok: true, period: defaultDrugPeriod(now) };
  if (typeof query.from !== 'string' || typeof query.to !== 'string') return { ok: false, message: 'give both from and to (yyyyMM), or neither' };
  const from = monthIndex(query.from);
  const to = monthIndex(query.to);
  if (from === undefined || to === undefined) return { ok: false, message: 'from and to are months as yyyyMM' };
  if (from > to) return { ok: false, message: 'from is after to' };
  if (to > monthInJapan(now)) return { ok: false, message: 'to is after this month' };
  if (from < FIRST) return { ok: false, message: `薬剤情報 begins with ${FIRST_DRUG_MONTH}` };
  if (to - from > LONGEST_SPAN_MONTHS) return { ok: false, message: 'the period is longer than three years' };
  return { ok: true, period: { from: query.from, to: query.to } };
}
