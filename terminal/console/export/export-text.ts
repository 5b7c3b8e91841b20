/** How the exports write dates, months, times and codes, as the マイナポータル printouts do. */
export { dateText, monthText, slashDateText } from '../../../kernel/japanese-dates';

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000; // no daylight saving time since 1951

/** A moment in Japan time, whatever the host's zone: `2026年1月12日 10:11`. */
export function japanTimeText(time: Date): string {
  const japan = new Date(time.getTime() + JAPAN_OFFSET_MS);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${japan.getUTCFullYear()}年${japan.getUTCMonth() + 1}月${japan.getUTCDate()}日 ${pad(japan.getUTCHours())}:${pad(japan.getUTCMinutes())}`;
}

export function sexText(code: string | undefined): string {
  return code === '1' ? '男' : code === '2' ? '女' : '';
}

/** Full years of age on `on` (yyyyMMdd), or undefined where either date is unreadable. */
export function ageOn(birthDate: string | undefined, on: string): number | undefined {
  if (birthDate === undefined || !/^\d{8}$/.test(birthDate) || !/^\d{8}$/.test(on)) return undefined;
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(4) < birthDate.slice(4) ? years - 1 : years;
}

/** `yyyyMMdd` of a moment in Japan time. */
export function japanDate(time: Date): string {
  return new Date(time.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
