/**
 * 受診勧奨判定値 and the mark they put on a result: ▲ for a value on the high side of a limit, ▽ for
 * one on the low side. Each limit says its own direction and whether the limit itself counts, as the
 * マイナポータル printout words it: `以上` (≥), `以下` (≤), `未満` (<).
 *
 * Values as the seed's 特定健診 / 後期高齢者健診 printouts print them (▲140以上, ▽34以下, ▽45.0未満, …);
 * oqs-interface.md §7 quotes MHLW's 標準的な健診・保健指導プログラム 令和6年度版 別紙5 for the same
 * limits (収縮期 ≥140, 拡張期 ≥90, 空腹時血糖 ≥126, HbA1c ≥6.5, LDL ≥140, 中性脂肪 ≥300, AST/ALT ≥51,
 * γ-GT ≥101, eGFR <45). Where the two differ the printout wins, since it is the layout we follow: HDL
 * has no 受診勧奨判定値 in §7's table but is printed ▽34以下.
 */
import type { ReferralMark } from '../../../flow/contract/medical-views';

export type Comparison = 'at-or-above' | 'at-or-below' | 'below';

export interface ReferralLimit {
  readonly comparison: Comparison;
  /** The limit as printed (`140`, `6.5`, `45.0`): its digits are kept for the label. */
  readonly value: string;
  /** Only for limits that differ by sex (血色素量): 1 男, 2 女. */
  readonly sex?: '1' | '2';
}

const WORD: Record<Comparison, string> = { 'at-or-above': '以上', 'at-or-below': '以下', below: '未満' };
const SEX_WORD = { '1': '男', '2': '女' } as const;

export function markOf(comparison: Comparison): ReferralMark {
  return comparison === 'at-or-above' ? '▲' : '▽';
}

/** `▲140以上`, `▽男12.0以下 ▽女11.0以下`. */
export function referralLabel(limits: readonly ReferralLimit[]): string {
  return limits.map((limit) => `${markOf(limit.comparison)}${limit.sex === undefined ? '' : SEX_WORD[limit.sex]}${limit.value}${WORD[limit.comparison]}`).join(' ');
}

/**
 * The mark a result earns, or undefined. `value` is the DataValue as sent; one that is not a plain
 * decimal number (a qualitative `(+)`, an empty value) earns none. A sex-specific limit applies only
 * to a patient of that sex, so an unknown sex earns no mark from it.
 */
export function referralMarkOf(limits: readonly ReferralLimit[], value: string, sex: string | undefined): ReferralMark | undefined {
  const number = decimal(value);
  if (number === undefined) return undefined;
  for (const limit of limits) {
    if (limit.sex !== undefined && limit.sex !== sex) continue;
    const bound = Number(limit.value);
    const crossed = limit.comparison === 'at-or-above' ? number >= bound : limit.comparison === 'at-or-below' ? number <= bound : number < bound;
    if (crossed) return markOf(limit.comparison);
  }
  return undefined;
}

function decimal(text: string): number | undefined {
  const trimmed = text.trim();
  return /^-?\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}
