import * as pkijs from 'pkijs';
import { MockCaError } from './errors';

/**
 * Calendar dates of the mock CA. Inputs are Japanese calendar days (YYYY-MM-DD), so a certificate
 * "valid from 2025-10-27 to 2030-02-17" starts at 00:00:00 JST on the first day and ends at 23:59:59
 * JST on the last (RFC 5280 validity is inclusive). Nothing here reads the clock.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function utcMidnight(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new MockCaError('INVALID_INPUT', `not a YYYY-MM-DD calendar date: ${JSON.stringify(isoDate)}`);
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)));
}

/** 00:00:00 JST of the day. */
export function startOfJstDay(isoDate: string): Date {
  return new Date(utcMidnight(isoDate) - JST_OFFSET_MS);
}

/** 23:59:59 JST of the day (certificate times have whole seconds). */
export function endOfJstDay(isoDate: string): Date {
  return new Date(utcMidnight(isoDate) - JST_OFFSET_MS + DAY_MS - 1000);
}

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  const monthDay = isoDate.slice(5);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = monthDay === '02-29' && !isLeap ? '02-28' : monthDay;
  const result = `${String(year).padStart(4, '0')}-${day}`;
  utcMidnight(result);
  return result;
}

/** The day before, for "valid N years" periods that end the second before the anniversary. */
export function previousDay(isoDate: string): string {
  return new Date(utcMidnight(isoDate) - DAY_MS).toISOString().slice(0, 10);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function certificateTime(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}
