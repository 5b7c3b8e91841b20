// What 医療情報閲覧 receives from the terminal for one reception: the 薬剤情報一覧 and the 特定健診 /
// 後期高齢者健診 経年 table (GET /api/console/receptions/:id/drug-information and /checkups). Types
// only. The same models are drawn twice: as the console's HTML tables and as the `.pdf` exports.
// These hold a patient's medical data: the terminal gives them only inside the patient's consent
// window, audited; a page keeps them in memory only.

export interface PatientOfView {
  readonly name?: string;
  readonly kanaName?: string;
  /** yyyyMMdd */
  readonly birthDate?: string;
  /** 1 男, 2 女 (AdmGendCode / AdministrativeGenderCode). */
  readonly sex?: string;
}

/** An amount in 円, or the fact that the message does not carry it. */
export type YenFigure = { readonly state: 'given'; readonly yen: number } | { readonly state: 'not-in-message' };

/**
 * The 薬剤情報一覧, laid out after the マイナポータル 薬剤情報一覧 of the seed: per dispensing the date,
 * 薬局 and 処方発行医療機関, then each drug with its 用法 and 数量, 自己負担額 and ジェネリック削減可能額;
 * totals; 表示期間. Where the layout has a column the message has no element for, `notInMessage`
 * says so instead of a value being invented.
 */
export interface DrugInfoView {
  readonly patient: PatientOfView;
  /** 表示期間: the months asked for (yyyyMM, inclusive); the response does not repeat them. */
  readonly period: { readonly from: string; readonly to: string };
  /** Newest first; a dispensing is one date × 薬局 × 処方機関. */
  readonly dispensings: readonly DispensingOfView[];
  readonly totals: {
    readonly dispensings: number;
    readonly drugs: number;
    readonly selfPay: YenFigure;
    readonly genericSavings: YenFigure;
  };
  /** The layout's columns for which the message has no element. */
  readonly notInMessage: readonly DrugInfoMissingColumn[];
}

export type DrugInfoMissingColumn = '自己負担額' | 'ジェネリック削減可能額' | '使用区分' | '日分・回分';

export interface InstitutionOfView {
  readonly name?: string;
  /** The 10-digit 医療機関コード (都道府県 2 + 点数表 1 + 7 digits) where the message gives it. */
  readonly code?: string;
}

export interface DispensingOfView {
  /** yyyyMMdd */
  readonly date: string;
  /** 調剤した薬局 (MeTrDiHNm/MeTrDiHCd). */
  readonly pharmacy: InstitutionOfView;
  /** 処方発行医療機関 (PrlsHNm/PrlsHCd). */
  readonly prescriber: InstitutionOfView;
  /** 処方年月日 (PrDate), where given. */
  readonly prescribedOn?: string;
  readonly drugs: readonly DrugOfView[];
}

export interface DrugOfView {
  /** 1-based, across the dispensing, as the layout numbers them. */
  readonly number: number;
  readonly name: string;
  /** 9-digit レセプト電算処理システム用 医薬品コード (DrugC), where given. */
  readonly code?: string;
  /** 成分名 (IngreN). */
  readonly ingredient?: string;
  /** 用法 (UsageN), and 特別指示 (SpInst) where given. */
  readonly usage?: string;
  readonly specialInstruction?: string;
  /** Qua1 and Unit: the amount (a day's amount for 内服, the whole for 外用・頓服 as a レセプト counts). */
  readonly amount?: string;
  readonly unit?: string;
  /** Times: 日数 for 内服, 回数 otherwise; the message does not say which. */
  readonly times?: string;
  /** 診療識別 (MeTrIdCl) as sent, meaning unverified, kept for the record only. */
  readonly treatmentClass?: string;
  readonly selfPay: YenFigure;
  readonly genericSavings: YenFigure;
}

/** 特定健診, or 後期高齢者健診 (for patients of a 後期高齢者医療 insurer). */
export type CheckupKind = 'specific' | 'late-elderly';

/** ▲ a result on the high side of its 受診勧奨判定値, ▽ one on the low side. */
export type ReferralMark = '▲' | '▽';

/** The 医師記載 items, shown for the latest examination only. */
export type CheckupFindingName = '既往歴' | '自覚症状' | '他覚症状' | '医師の判断';

export type CheckupMissingColumn = '健診機関名称' | '複数結果の印(※)';

/**
 * The 経年 table of 特定健診 or 後期高齢者健診, after the seed's マイナポータル printouts: up to five
 * examinations side by side, newest first, the 受診勧奨判定値 column and ▲/▽ on the results that
 * cross it, メタボリックシンドローム判定 and 保健指導レベル first (特定健診 only), and the 医師記載
 * findings of the latest examination.
 */
export interface CheckupHistoryView {
  readonly kind: CheckupKind;
  readonly title: string;
  readonly patient: PatientOfView;
  /** yyyyMMdd, newest first; at most as many as the table has columns (five). */
  readonly visits: readonly string[];
  /** The examinations received but left out for lack of columns (older than the shown ones). */
  readonly visitsNotShown: number;
  /** 医師記載 of the latest shown examination, where sent. */
  readonly findings?: { readonly date: string; readonly items: readonly { readonly name: CheckupFindingName; readonly text: string }[] };
  readonly sections: readonly CheckupSectionView[];
  readonly notInMessage: readonly CheckupMissingColumn[];
}

export interface CheckupSectionView {
  /** `判定`, `基本項目・血圧`, …, `その他の項目`. */
  readonly group: string;
  readonly rows: readonly CheckupRowView[];
}

export interface CheckupRowView {
  readonly name: string;
  readonly unit?: string;
  /** `▲140以上`, absent where the test has no 受診勧奨判定値. */
  readonly referral?: string;
  /** One per visit, in the order of `visits`; null where that examination did not measure it. */
  readonly cells: readonly (CheckupCellView | null)[];
}

export interface CheckupCellView {
  readonly text: string;
  readonly mark?: ReferralMark;
}
