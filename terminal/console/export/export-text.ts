/** How the exports write dates, months, times and codes, as the マイナポータル printouts do. */

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000; // no daylight saving time since 1951

/** `20210929` → `2021年9月29日`; anything else is returned as it came. */
export function dateText(yyyymmdd: string | undefined): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd ?? '');
  return match === null ? (yyyymmdd ?? '') : `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** `20260702` → `2026/07/02`, the 経年 table's column heads. */
export function slashDateText(yyyymmdd: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  return match === null ? yyyymmdd : `${match[1]}/${match[2]}/${match[3]}`;
}

/** `202109` → `2021年9月`. */
export function monthText(yyyymm: string): string {
  const match = /^(\d{4})(\d{2})$/.exec(yyyymm);
  return match === null ? yyyymm : `${match[1]}年${Number(match[2])}月`;
}

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
