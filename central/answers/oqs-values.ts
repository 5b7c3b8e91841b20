/**
 * The value forms of the XML messages (oqs-interface.md §2.3) from the store's forms: the store keeps
 * ISO dates and months, and `Date`s for times; messages carry yyyyMMdd, yyyyMM and local
 * yyyyMMddHHmmss. "Local" is Japan time, whatever the host's zone: the central system is in Japan.
 */

// Japan has had no daylight saving time since 1951, so a fixed offset is exact.
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` → `yyyyMMdd`; an already compact date passes through. */
export function compactDate(isoDate: string): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(isoDate);
  if (match === null) throw new RangeError(`not a date: ${JSON.stringify(isoDate)}`);
  return `${match[1]}${match[2]}${match[3]}`;
}

/** `YYYY-MM` (or `YYYY-MM-DD`) → `yyyyMM`. */
export function compactMonth(isoMonthOrDate: string): string {
  const match = /^(\d{4})-?(\d{2})(?:-?\d{2})?$/.exec(isoMonthOrDate);
  if (match === null) throw new RangeError(`not a month: ${JSON.stringify(isoMonthOrDate)}`);
  return `${match[1]}${match[2]}`;
}

/** A `Date` as `yyyyMMddHHmmss` in Japan time. */
export function japanDateTime(time: Date): string {
  if (Number.isNaN(time.getTime())) throw new RangeError('not a valid Date');
  return new Date(time.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 19).replace(/\D/g, '');
}
