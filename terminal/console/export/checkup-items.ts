import type { CheckupFindingName } from '../../../flow/contract/medical-views';
import type { ReferralLimit } from './referral-threshold';

/**
 * The rows of the 特定健診 / 後期高齢者健診 経年 table, in the order and groups of the seed's
 * マイナポータル printouts, each with the ways a TKKsiquc01res item is recognised as it:
 * - `codes`: the first five characters of the 17-character 項目コード (the JLAC10 analyte part,
 *   oqs-interface.md §7); the rest names the method and differs between laboratories;
 * - `names`: ItemName spellings, for items sent without ItemCode (the central mock sends the full
 *   code only where §7 gives it, and the 医師記載 items have none).
 * An item matching no row is kept, under その他の項目, so nothing received is left out.
 */
export interface CheckupRow {
  readonly group: string;
  readonly name: string;
  readonly codes: readonly string[];
  readonly names: readonly string[];
  readonly referral?: readonly ReferralLimit[];
  /** Rows printed only in the 特定健診 table (メタボ判定 and 保健指導 do not apply to 後期高齢者健診). */
  readonly specificOnly?: true;
}

const atOrAbove = (value: string): readonly ReferralLimit[] => [{ comparison: 'at-or-above', value }];

export const JUDGEMENT_ROWS: readonly CheckupRow[] = [
  { group: '判定', name: 'メタボリックシンドローム判定', codes: ['9N501'], names: ['メタボリックシンドローム判定', 'メタボ判定'], specificOnly: true },
  { group: '判定', name: '保健指導レベル', codes: ['9N506'], names: ['保健指導レベル'], specificOnly: true },
];

export const RESULT_ROWS: readonly CheckupRow[] = [
  { group: '基本項目・身体計測', name: '身長', codes: ['9N001'], names: ['身長'] },
  { group: '基本項目・身体計測', name: '体重', codes: ['9N006'], names: ['体重'] },
  { group: '基本項目・身体計測', name: '腹囲', codes: ['9N016'], names: ['腹囲', '腹囲(実測)'] },
  { group: '基本項目・身体計測', name: '内臓脂肪面積', codes: [], names: ['内臓脂肪面積'] },
  { group: '基本項目・身体計測', name: 'BMI', codes: ['9N011'], names: ['BMI'] },
  // 1回目, 2回目, その他: the first the message has is shown.
  { group: '基本項目・血圧', name: '収縮期血圧', codes: ['9A751', '9A752', '9A755'], names: ['収縮期血圧', '収縮期血圧(1回目)', '収縮期血圧(2回目)', '収縮期血圧(その他)'], referral: atOrAbove('140') },
  { group: '基本項目・血圧', name: '拡張期血圧', codes: ['9A761', '9A762', '9A765'], names: ['拡張期血圧', '拡張期血圧(1回目)', '拡張期血圧(2回目)', '拡張期血圧(その他)'], referral: atOrAbove('90') },
  { group: '基本項目・血中脂質', name: '中性脂肪', codes: ['3F015'], names: ['中性脂肪', '中性脂肪（トリグリセリド）'], referral: atOrAbove('300') },
  { group: '基本項目・血中脂質', name: 'HDL-コレステロール', codes: ['3F070'], names: ['HDL-コレステロール', 'HDLコレステロール'], referral: [{ comparison: 'at-or-below', value: '34' }] },
  { group: '基本項目・血中脂質', name: 'LDL-コレステロール', codes: ['3F077'], names: ['LDL-コレステロール', 'LDLコレステロール'], referral: atOrAbove('140') },
  { group: '基本項目・血中脂質', name: 'Non-HDLコレステロール', codes: [], names: ['Non-HDLコレステロール'], referral: atOrAbove('170') },
  { group: '基本項目・肝機能', name: 'GOT (AST)', codes: ['3B035'], names: ['GOT (AST)', 'GOT(AST)', 'AST(GOT)'], referral: atOrAbove('51') },
  { group: '基本項目・肝機能', name: 'GPT (ALT)', codes: ['3B045'], names: ['GPT (ALT)', 'GPT(ALT)', 'ALT(GPT)'], referral: atOrAbove('51') },
  { group: '基本項目・肝機能', name: 'γ-GT (γ-GTP)', codes: ['3B090'], names: ['γ-GT (γ-GTP)', 'γ-GT(γ-GTP)', 'γ-GTP'], referral: atOrAbove('101') },
  { group: '基本項目・血糖', name: '空腹時血糖', codes: ['3D010'], names: ['空腹時血糖'], referral: atOrAbove('126') },
  { group: '基本項目・血糖', name: 'HbA1c', codes: ['3D045'], names: ['HbA1c', 'HbA1c(NGSP)'], referral: atOrAbove('6.5') },
  { group: '基本項目・血糖', name: '随時血糖', codes: [], names: ['随時血糖'], referral: atOrAbove('126') },
  // Qualitative: printed with (-)/(+) but marked by no numeric comparison.
  { group: '基本項目・尿', name: '尿糖', codes: ['1A020'], names: ['尿糖'] },
  { group: '基本項目・尿', name: '尿蛋白', codes: ['1A010'], names: ['尿蛋白'] },
  { group: '詳細項目・貧血', name: '赤血球数', codes: [], names: ['赤血球数'] },
  {
    group: '詳細項目・貧血',
    name: '血色素量',
    codes: [],
    names: ['血色素量', '血色素量(ヘモグロビン値)'],
    referral: [
      { comparison: 'at-or-below', value: '12.0', sex: '1' },
      { comparison: 'at-or-below', value: '11.0', sex: '2' },
    ],
  },
  { group: '詳細項目・貧血', name: 'ヘマトクリット値', codes: [], names: ['ヘマトクリット値'] },
  { group: '詳細項目・血清', name: '血清クレアチニン値', codes: [], names: ['血清クレアチニン値', '血清クレアチニン'] },
  { group: '詳細項目・血清', name: 'eGFR', codes: [], names: ['eGFR'], referral: [{ comparison: 'below', value: '45.0' }] },
  { group: '詳細項目・心電図', name: '所見', codes: [], names: ['所見', '心電図所見'] },
  { group: '詳細項目・眼底', name: 'キースワグナー分類', codes: [], names: ['キースワグナー分類'] },
  { group: '詳細項目・眼底', name: 'シェイエ分類：H', codes: [], names: ['シェイエ分類：H'] },
  { group: '詳細項目・眼底', name: 'シェイエ分類：S', codes: [], names: ['シェイエ分類：S'] },
  { group: '詳細項目・眼底', name: 'SCOTT分類', codes: [], names: ['SCOTT分類'] },
  { group: '詳細項目・眼底', name: 'Wong-Mitchell分類', codes: [], names: ['Wong-Mitchell分類'] },
  { group: '詳細項目・眼底', name: '変型Davis分類', codes: [], names: ['変型Davis分類', '変更Davis分類'] },
  { group: '詳細項目・眼底', name: 'その他の所見', codes: [], names: ['その他の所見'] },
];

/** The 医師記載 items, printed for the latest examination only. */
export const FINDING_NAMES: readonly CheckupFindingName[] = ['既往歴', '自覚症状', '他覚症状', '医師の判断'];

export const OTHER_ITEMS_GROUP = 'その他の項目';
