/**
 * The central system speaks Japan time: 資格確認日 (yyyyMMdd) and ProcessExecutionTime (yyyyMMddHHmmss)
 * are JST. Japan has no daylight saving, so a fixed +9 h offset is exact.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

function jstParts(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString();
}

/** yyyyMMdd in JST. */
export function jstDate(instant: Date): string {
  const iso = jstParts(instant);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** yyyyMMddHHmmss in JST. */
export function jstDateTime(instant: Date): string {
  const iso = jstParts(instant);
  return `${jstDate(instant)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
