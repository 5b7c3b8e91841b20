/** The facility's calendar: JST (UTC+9, no daylight saving), as yyyyMMdd. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Today at the facility. */
export function facilityDateOf(now: Date): string {
  return new Date(now.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The day after `now` at the facility: what an upload of tomorrow's appointments is confirmed for. */
export function facilityTomorrowOf(now: Date): string {
  return facilityDateOf(new Date(now.getTime() + DAY_MS));
}
