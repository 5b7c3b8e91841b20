import type { CodeTable } from './code-table';

// 業務コード仕様 (別紙5-1) as reconstructed in oqs-interface.md §4 and §3.2.

/** OQSCD001 LimitApplicationCertificateRelatedConsFlg. */
export const LIMIT_APPLICATION_CONSENT = { '0': '未同意', '1': '同意' } as const satisfies CodeTable;
/** OQSCD002 ReferenceClassification. */
export const REFERENCE_CLASSIFICATION = { '1': 'マイナンバーカード', '2': '被保険者証情報' } as const satisfies CodeTable;
/** OQSCD003 SegmentOfResult. */
export const SEGMENT_OF_RESULT = { '1': '正常終了', '2': '処理中', '9': '異常終了' } as const satisfies CodeTable;
/** OQSCD004 ProcessingResultStatus. */
export const PROCESSING_RESULT_STATUS = { '1': '正常終了', '2': 'エラー' } as const satisfies CodeTable;
/** OQSCD005 CharacterCodeIdentifier. */
export const CHARACTER_CODE_IDENTIFIER = { '0': 'UTF-8', '1': 'Shift_JIS' } as const satisfies CodeTable;
/** OQSCD006 QualificationValidity. */
export const QUALIFICATION_VALIDITY = {
  '1': '有効',
  '2': '無効',
  '3': '無効（新しい資格あり）',
  '4': '該当資格なし',
  '5': '複数該当',
  '6': '有効（未登録）',
} as const satisfies CodeTable;
/** What the terminal does for each QualificationValidity (§3.2; inferred there, so wording is ours). */
export const QUALIFICATION_VALIDITY_BEHAVIOUR = {
  '1': '資格情報を使用する',
  '2': '資格喪失日・喪失事由を表示し、現在の資格確認書の提示を求める',
  '3': '照会キーが古い。再照会するか患者に確認する',
  '4': '入力内容を確認する（保険者の登録前の可能性あり）',
  '5': '職員が選択する（自動選択しない）',
  '6': '医療扶助の資格あり（未登録）として扱う',
} as const satisfies CodeTable<keyof typeof QUALIFICATION_VALIDITY>;
/** OQSCD007 Sex1, Sex2. */
export const SEX = { '1': '男', '2': '女', '3': '未設定' } as const satisfies CodeTable;
/** OQSCD009 PersonalFamilyClassification. */
export const PERSONAL_FAMILY_CLASSIFICATION = { '1': '本人', '2': '家族' } as const satisfies CodeTable;
/** OQSCD010 InsuredCardClassification (A1 医療扶助 from OQSDrug2). */
export const INSURED_CARD_CLASSIFICATION = {
  '01': '被保険者証（一般）',
  '02': '被保険者証（退職）',
  '03': '短期被保険者証（一般）',
  '04': '短期被保険者証（退職）',
  '05': '被保険者資格証明書',
  '06': '特例退職被保険者証',
  '07': '自衛官診療証',
  A1: '医療扶助',
} as const satisfies CodeTable;
/** OQSCD011 LimitApplicationCertificateClassification. */
export const LIMIT_APPLICATION_CERTIFICATE_CLASSIFICATION = {
  '01': '限度額適用区分認定証',
  '02': '限度額適用・標準負担額減額認定証',
  '03': '標準負担額減額認定証',
} as const satisfies CodeTable;
/** OQSCD012 LimitApplicationCertificateClassificationFlag (適用区分). */
export const LIMIT_APPLICATION_CLASSIFICATION_FLAG = {
  A01: 'ア',
  A02: 'イ',
  A03: 'ウ',
  A04: 'エ',
  A05: 'オ',
  A06: 'オ（境）',
  B01: '現役並みⅢ',
  B02: '現役並みⅡ',
  B03: '現役並みⅠ',
  B04: '一般',
  B05: '低所得Ⅱ',
  B06: '低所得Ⅰ',
  B07: '低所得Ⅰ（老福）',
  B08: '低所得Ⅰ（境）',
  B09: '一般Ⅱ',
  B10: '一般Ⅰ',
} as const satisfies CodeTable;
/** OQSCD013 SpecificDiseasesDiseaseCategory. */
export const SPECIFIC_DISEASES_CATEGORY = {
  '1': '人工透析を必要とする慢性腎不全',
  '2': '先天性血液凝固因子障害（第VIII・第IX因子）',
  '3': '血液凝固因子製剤に起因するHIV感染症',
} as const satisfies CodeTable;
/** OQSCD017 PrescriptionIssueSelect, IssueType. */
export const PRESCRIPTION_ISSUE_SELECT = { '1': '電子処方箋', '2': '紙の処方箋' } as const satisfies CodeTable;
/** SpecificDiseasesCertificateRelatedConsFlg. */
export const SPECIFIC_DISEASES_CONSENT = { '0': '同意なし', '1': '同意あり', '2': '同意有効期限切れ' } as const satisfies CodeTable;
/** ReasonOfLoss 資格喪失事由. */
export const REASON_OF_LOSS = {
  '01': '死亡',
  '02': '生活保護受給開始',
  '03': '医療保険等の資格取得',
  '99': 'その他',
} as const satisfies CodeTable;
/** PreschoolClassification 未就学区分. */
export const PRESCHOOL_CLASSIFICATION = { '1': '未就学' } as const satisfies CodeTable;
/** `*InfoConsFlg` 閲覧同意 (values inferred in the spec). */
export const INFO_CONSENT = { '0': '不同意', '1': '同意' } as const satisfies CodeTable;
/** `…ContributionRatio` 一部負担金割合, 3-digit percent. */
export const CONTRIBUTION_RATIO = { '010': '1割', '020': '2割', '030': '3割' } as const satisfies CodeTable;
/** MedicalTreatmentFlag (values verified, meanings inferred). */
export const MEDICAL_TREATMENT_FLAG = { '1': '通常', '2': '訪問診療', '3': 'オンライン診療' } as const satisfies CodeTable;
/** YZK/TKK FileCategory. */
export const FILE_CATEGORY = {
  '1': 'PDF',
  '2': 'XML',
  '3': 'PDF（薬剤＋診療）',
  '4': 'XML（薬剤＋診療）',
} as const satisfies CodeTable;

/** How the patient was authenticated at the reader (the mock's card request; not from the spec). */
export const AUTHENTICATION_METHOD = { '1': '顔認証', '2': '暗証番号', '3': '目視確認' } as const satisfies CodeTable;

export type ReferenceClassification = keyof typeof REFERENCE_CLASSIFICATION;
export type SegmentOfResult = keyof typeof SEGMENT_OF_RESULT;
export type ProcessingResultStatus = keyof typeof PROCESSING_RESULT_STATUS;
export type CharacterCodeIdentifier = keyof typeof CHARACTER_CODE_IDENTIFIER;
export type QualificationValidity = keyof typeof QUALIFICATION_VALIDITY;
export type Sex = keyof typeof SEX;
export type InsuredCardClassification = keyof typeof INSURED_CARD_CLASSIFICATION;
