// How dates and months of the central system's messages (yyyyMMdd, yyyyMM) are written for people, as
// the マイナポータル printouts write them: the terminal's PDFs and the console's pages use the same words.

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
