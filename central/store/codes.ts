/**
 * The closed value sets of the central store. The SQL CHECK constraints are generated from these
 * lists, so TypeScript and the schema cannot drift apart.
 */

/** 閲覧同意 categories: the four of the reader's consent screens, then the 2025 additions (oqs-interface.md §5.1). */
export const consentCategories = [
  'pharmaceutical', // 薬剤情報 (Pharmacists…/PharmaceuticalInfo…)
  'specific-health-checkup', // 特定健診情報 (SpecificHealthCheckupsInfo…)
  'diagnosis', // 診療情報 (DiagnosisInfo…)
  'operation', // 手術情報 (OperationInfo…)
  'diagnosis-name', // 傷病名 (DiagnosisName…)
  'infectious', // 感染症 (InfectiousInfo…)
  'allergy', // アレルギー (AllergyInfo…)
  'contraindication', // 薬剤禁忌 (ContraindicationInfo…)
  'test', // 検査 (TestInfo…)
  'prescription', // 処方 (PrescriptionInfo…)
] as const;
export type ConsentCategory = (typeof consentCategories)[number];

/** How the consent reached the central system. */
export const consentSources = [
  'reader-face', // 顔認証付きカードリーダー, face authentication
  'reader-pin', // … with the 利用者証明用 PIN
  'reader-visual', // … 目視確認 by staff
  'home-web', // マイナ在宅受付Web
  'qualification-app', // マイナ資格確認アプリ
] as const;
export type ConsentSource = (typeof consentSources)[number];

/** What a facility asked the central system for. */
export const centralOperations = [
  'qualification-by-card', // 資格確認, ReferenceClassification 1
  'qualification-by-insurance-keys', // 個別照会 by 記号番号, ReferenceClassification 2
  'qualification-bulk', // 一括照会
  'medication-information', // YZK 薬剤情報・診療情報
  'health-checkup-information', // TKK 特定健診情報
] as const;
export type CentralOperation = (typeof centralOperations)[number];

/** What a refused request was trying to do: the operations, plus the steps around them. */
export const refusalOperations = [
  ...centralOperations,
  'reference-number-registration', // 照会番号登録 (OQSsiimm01req)
  'authentication', // mutual TLS and the token endpoint
  'consent-registration', // 閲覧同意 sent with a card reading
  'provision-history', // the person reading their やりとり履歴
  'administration', // the mock's admin API
  'unrouted', // no such endpoint, or a body no operation could be read from
] as const;
export type RefusalOperation = (typeof refusalOperations)[number];

/** Which kinds of data a provision carried (やりとり履歴 shows these to the person). */
export const providedDataCategories = [
  'qualification', // 資格情報
  'limit-application', // 限度額適用認定証情報
  'specific-disease', // 特定疾病療養受療証情報
  'medical-aid', // 医療券・調剤券
  ...consentCategories,
] as const;
export type ProvidedDataCategory = (typeof providedDataCategories)[number];

export const checkupKinds = ['specific', 'late-elderly'] as const; // 特定健診, 後期高齢者健診
export type CheckupKind = (typeof checkupKinds)[number];

/** One consent opens viewing for 24 hours (oqs-interface.md §5.1, reader-flow.md §4). */
export const CONSENT_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** `'a', 'b'` for a CHECK (… IN (…)) clause; the values are our own constants, never input. */
export function sqlList(values: ReadonlyArray<string>): string {
  return values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
}
