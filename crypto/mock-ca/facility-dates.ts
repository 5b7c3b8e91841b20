import { endOfJstDay, previousDay, startOfJstDay } from './dates';

/**
 * Validity periods of the facility PKI, in the Japanese calendar days of dates.ts: the CA runs 10
 * years from the start date, the TLS certificates 3 years 3 months, each ending the second before
 * the anniversary.
 */
export const FACILITY_CA_VALID_YEARS = 10;
export const FACILITY_LEAF_VALID_MONTHS = 3 * 12 + 3;

const DAY_MS = 24 * 60 * 60 * 1000;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The same day `months` later; a day the target month lacks (31st, 29 February) becomes its last day. */
export function addMonths(isoDate: string, months: number): string {
  const monthIndex = Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1 + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(isoDate.slice(8, 10)), daysInMonth);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function nextDay(isoDate: string): string {
  // startOfJstDay checks the date; shifted by the offset it is UTC midnight of the same calendar day.
  const utcMidnight = startOfJstDay(isoDate).getTime() + JST_OFFSET_MS;
  return new Date(utcMidnight + DAY_MS).toISOString().slice(0, 10);
}

/** The last calendar day of a server or facility certificate that starts on `startDate`. */
export function facilityLeafLastDay(startDate: string): string {
  return previousDay(addMonths(startDate, FACILITY_LEAF_VALID_MONTHS));
}

export function facilityLeafValidity(startDate: string): { notBefore: Date; notAfter: Date } {
  return { notBefore: startOfJstDay(startDate), notAfter: endOfJstDay(facilityLeafLastDay(startDate)) };
}
