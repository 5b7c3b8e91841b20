import { describe, expect, it } from 'vitest';
import { RESULT_ROWS } from './checkup-items';
import { referralLabel, referralMarkOf } from './referral-threshold';

const limitsOf = (name: string) => {
  const row = RESULT_ROWS.find((candidate) => candidate.name === name);
  if (row?.referral === undefined) throw new Error(`${name} has no 受診勧奨判定値`);
  return row.referral;
};

// [test, printed label, value at the limit, just above, just below, mark at / above / below]
const CASES: ReadonlyArray<readonly [string, string, string, string, string, string | undefined, string | undefined, string | undefined]> = [
  ['収縮期血圧', '▲140以上', '140', '141', '139', '▲', '▲', undefined],
  ['拡張期血圧', '▲90以上', '90', '91', '89', '▲', '▲', undefined],
  ['中性脂肪', '▲300以上', '300', '301', '299', '▲', '▲', undefined],
  ['HDL-コレステロール', '▽34以下', '34', '35', '33', '▽', undefined, '▽'],
  ['LDL-コレステロール', '▲140以上', '140', '141', '139', '▲', '▲', undefined],
  ['Non-HDLコレステロール', '▲170以上', '170', '171', '169', '▲', '▲', undefined],
  ['GOT (AST)', '▲51以上', '51', '52', '50', '▲', '▲', undefined],
  ['GPT (ALT)', '▲51以上', '51', '52', '50', '▲', '▲', undefined],
  ['γ-GT (γ-GTP)', '▲101以上', '101', '102', '100', '▲', '▲', undefined],
  ['空腹時血糖', '▲126以上', '126', '127', '125', '▲', '▲', undefined],
  ['HbA1c', '▲6.5以上', '6.5', '6.6', '6.4', '▲', '▲', undefined],
  ['随時血糖', '▲126以上', '126', '127', '125', '▲', '▲', undefined],
  // 未満: the limit itself is not marked.
  ['eGFR', '▽45.0未満', '45.0', '45.1', '44.9', undefined, undefined, '▽'],
];

describe('受診勧奨判定値 marks', () => {
  it.each(CASES)('%s %s: at, just above, just below', (name, label, at, above, below, markAt, markAbove, markBelow) => {
    const limits = limitsOf(name);
    expect(referralLabel(limits)).toBe(label);
    expect(referralMarkOf(limits, at, '1')).toBe(markAt);
    expect(referralMarkOf(limits, above, '1')).toBe(markAbove);
    expect(referralMarkOf(limits, below, '1')).toBe(markBelow);
  });

  it('血色素量: the limit of the patient’s sex, none for an unknown sex', () => {
    const limits = limitsOf('血色素量');
    expect(referralLabel(limits)).toBe('▽男12.0以下 ▽女11.0以下');
    expect(referralMarkOf(limits, '12.0', '1')).toBe('▽');
    expect(referralMarkOf(limits, '12.1', '1')).toBeUndefined();
    expect(referralMarkOf(limits, '11.9', '1')).toBe('▽');
    expect(referralMarkOf(limits, '11.5', '2')).toBeUndefined();
    expect(referralMarkOf(limits, '11.0', '2')).toBe('▽');
    expect(referralMarkOf(limits, '10.9', '2')).toBe('▽');
    expect(referralMarkOf(limits, '10.0', undefined)).toBeUndefined();
  });

  it('a value that is not a plain number earns no mark', () => {
    const limits = limitsOf('収縮期血圧');
    for (const value of ['', '(+)', '150mmHg', '1e3', 'abc']) expect(referralMarkOf(limits, value, '1')).toBeUndefined();
    expect(referralMarkOf(limits, ' 150 ', '1')).toBe('▲');
  });

  it('qualitative urine tests and plain measurements carry no 受診勧奨判定値', () => {
    for (const name of ['尿糖', '尿蛋白', '身長', '体重', 'BMI', '腹囲']) {
      expect(RESULT_ROWS.find((row) => row.name === name)?.referral).toBeUndefined();
    }
  });
});
