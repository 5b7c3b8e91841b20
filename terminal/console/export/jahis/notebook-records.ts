/**
 * The part of the JAHIS 電子版お薬手帳データフォーマット that the console writes: one patient and the
 * dispensings the 資格確認 薬剤情報 gives, as records of the CSV form.
 *
 * Source: JAHIS 電子版お薬手帳データフォーマット仕様書 Ver.2.6 (JAHIS技術文書; バージョン情報 JAHISTC08,
 * shared with Ver.2.5), §3.2.8 各種レコードレイアウト (表3-9 … 表3-32), §3.2.9(3) データを分割した場合の
 * 出力方法, and its 別表 of codes. The document itself is published by JAHIS; the record numbers, field
 * orders and codes below were taken from public implementations that cite those tables, which agree
 * with each other:
 * - バージョンレコード: `JAHISTC08`, 出力区分 (1 医療機関・薬局 → 患者等, 2 患者等 → 医療機関・薬局).
 * - 1 患者情報: 氏名, 性別 (1 男, 2 女), 生年月日 (西暦 YYYYMMDD), 郵便番号, 住所, 電話番号, 緊急連絡先,
 *   血液型, 体重, 氏名カナ.
 * - 5 調剤等年月日: 調剤等年月日, レコード作成者 (1 医療関係者, 2 患者等, 8 その他, 9 不明); it opens one
 *   調剤 (one visit) and the records up to the next 5 belong to it.
 * - 11 調剤－医療機関等: 名称, 都道府県 (別表2, 2 digits), 点数表 (別表3: 1 医科, 3 歯科, 4 調剤),
 *   医療機関等コード (7 digits), 郵便番号, 住所, 電話番号, レコード作成者.
 * - 15 調剤－医師・薬剤師: 氏名, 連絡先, レコード作成者.
 * - 51 処方－医療機関 (only where a 薬局 dispensed): 名称, 都道府県, 点数表, 医療機関コード, レコード作成者.
 * - 55 処方－医師: 氏名, 診療科名, レコード作成者.
 * - 201 薬品: RP番号, 薬品名称, 用量, 単位名, 薬品コード種別 (1 コードなし, 2 レセプト電算, 3 厚労省, 4 YJ,
 *   6 HOT), 薬品コード, レコード作成者, 一般名, 一般名コード種別, 一般名コード.
 * - 301 用法: RP番号, 用法名称, 調剤数量, 調剤単位, 剤形コード (別表4: 1 内服, 2 内滴, 3 屯服, 4 注射, 5 外用,
 *   6 浸煎, 7 湯, 9 材料, 10 その他), 用法コード種別 (1 コードなし, 2 JAMI), 用法コード, レコード作成者.
 * - 311 用法補足: RP番号, 用法補足情報, レコード作成者.
 * - 911 分割制御: データ固有ID (14 digits), 分割数, データ連番 (1–999); only in split data, last in each part.
 * Characters: Shift_JIS, records end in CR LF, fields are separated by half-width commas (a comma in a
 * value is written full-width), no quoting.
 */
export const JAHIS_VERSION = 'JAHISTC08';
/** 出力区分 1: a facility gives the data to the patient. */
export const OUTPUT_TO_PATIENT = '1';
/** レコード作成者 1: 医療関係者. */
export const CREATED_BY_MEDICAL_STAFF = '1';

export const RECORD = {
  patient: '1',
  dispensingDate: '5',
  dispensingInstitution: '11',
  dispensingStaff: '15',
  prescribingInstitution: '51',
  prescribingDoctor: '55',
  drug: '201',
  usage: '301',
  usageSupplement: '311',
  splitControl: '911',
} as const;

/** 薬品コード種別 */
export const DRUG_CODE_TYPE = { none: '1', receipt: '2', mhlw: '3', yj: '4', hot: '6' } as const;
/** 剤形コード (別表4) */
export const DOSAGE_FORM = { oral: '1', oralDrops: '2', asNeeded: '3', injection: '4', external: '5', infusion: '6', decoction: '7', material: '9', other: '10' } as const;
export type DosageFormCode = (typeof DOSAGE_FORM)[keyof typeof DOSAGE_FORM];
/** 用法コード種別 1: コードなし. */
export const USAGE_CODE_NONE = '1';

export interface NotebookPatient {
  readonly name: string;
  /** 1 男, 2 女; empty where the source has neither. */
  readonly sex: string;
  /** YYYYMMDD */
  readonly birthDate: string;
  readonly kanaName?: string;
}

export interface NotebookInstitution {
  readonly name: string;
  readonly prefecture?: string;
  readonly scoreTable?: string;
  /** The 7-digit code (the 10-digit 医療機関コード less 都道府県 and 点数表). */
  readonly code?: string;
}

export interface NotebookDrug {
  readonly name: string;
  /** 用量 */
  readonly dose?: string;
  readonly unit?: string;
  readonly codeType: string;
  readonly code?: string;
}

export interface NotebookUsage {
  readonly name?: string;
  /** 調剤数量 */
  readonly quantity?: string;
  /** 調剤単位 (日分, 回分, 調剤) */
  readonly unit?: string;
  readonly dosageForm?: string;
  readonly codeType: string;
  /** 用法補足 records, in order. */
  readonly supplements: readonly string[];
}

export interface NotebookRp {
  readonly rpNumber: number;
  readonly drugs: readonly NotebookDrug[];
  readonly usage: NotebookUsage;
}

export interface NotebookDispensing {
  /** YYYYMMDD */
  readonly date: string;
  readonly institution: NotebookInstitution;
  /** 処方－医療機関, where a 薬局 dispensed on another's prescription. */
  readonly prescriber?: NotebookInstitution;
  readonly rps: readonly NotebookRp[];
}

/** One CSV document: the patient and the dispensings it carries (the console writes one per document). */
export interface Notebook {
  readonly patient: NotebookPatient;
  readonly dispensings: readonly NotebookDispensing[];
}
