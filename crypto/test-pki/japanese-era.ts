/**
 * The era digit of a birth date as the 署名用 certificate writes it in its SAN otherName
 * 1.2.392.200149.8.5.5.4: `E` + `YYYYMMDD`, E = 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和 (card.md §6).
 * A local copy on purpose: crypto/ may not import device/, whose japanese-era.ts knows the same starts.
 */
const ERA_STARTS: ReadonlyArray<{ digit: string; firstDay: string }> = [
  { digit: '5', firstDay: '2019-05-01' }, // 令和
  { digit: '4', firstDay: '1989-01-08' }, // 平成
  { digit: '3', firstDay: '1926-12-25' }, // 昭和
  { digit: '2', firstDay: '1912-07-30' }, // 大正
  { digit: '1', firstDay: '1868-01-25' }, // 明治
];

/** `1980-02-17` → `319800217`. Returns undefined before 明治. Expects a valid YYYY-MM-DD date. */
export function eraPrefixedBirthDate(isoDate: string): string | undefined {
  // Zero-padded ISO dates compare correctly as strings.
  const era = ERA_STARTS.find((start) => start.firstDay <= isoDate);
  return era ? `${era.digit}${isoDate.replaceAll('-', '')}` : undefined;
}
