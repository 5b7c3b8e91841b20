import type { ReferralMark } from '../../../flow/contract/medical-views';
import type { Words } from '../console-words';

/** What a refusal of the medical views says; the code is shown beside the words. */
export const REFUSAL_WORDS: Readonly<Record<string, Words>> = {
  CONSENT_REQUIRED: { ja: '患者さんがこの情報の閲覧に同意していません。', en: 'The patient did not agree to this view at this facility.' },
  CONSENT_EXPIRED: { ja: '同意の有効期間（24時間）が過ぎました。', en: 'The 24 hours of the patient’s consent are over.' },
  ANSWER_NOT_KEPT: { ja: 'この受付の情報はもう端末にありません。', en: 'The terminal no longer keeps this reception’s answer.' },
  ROLE_FORBIDDEN: { ja: '薬剤情報・健診情報は、医療情報閲覧の職員だけが閲覧できます。', en: 'Only clinicians may view medical data.' },
  RECEPTION_NOT_FOUND: { ja: 'この受付は見つかりません。', en: 'No such reception.' },
  NO_RECEPTION: { ja: '受付が指定されていません。受付一覧から開いてください。', en: 'No reception was named: open this page from the receptions.' },
  INVALID_PERIOD: { ja: '表示期間を確認してください（2021年9月以降、今月まで、3年以内）。', en: 'Check the period (from 2021-09, up to this month, at most three years).' },
  AUDIT_UNAVAILABLE: { ja: '閲覧の記録を書けないため、表示できません。管理者に連絡してください。', en: 'The viewing could not be recorded, so nothing is shown.' },
  CENTRAL_REFUSED: { ja: 'オンライン資格確認等システムが回答しませんでした。', en: 'The central system refused the request.' },
  CENTRAL_UNAVAILABLE: { ja: 'オンライン資格確認等システムにつながりません。', en: 'The central system cannot be reached.' },
  CENTRAL_TIMEOUT: { ja: 'オンライン資格確認等システムから時間内に回答がありません。', en: 'No answer from the central system in time.' },
  CENTRAL_MALFORMED_ANSWER: { ja: 'オンライン資格確認等システムの回答を読めません。', en: 'The central system’s answer could not be read.' },
  CENTRAL_AUTH_FAILED: { ja: '医療機関の証明書が受け付けられませんでした。管理者に連絡してください。', en: 'The facility’s credentials were refused.' },
  NETWORK: { ja: '端末に接続できません。', en: 'The terminal cannot be reached.' },
};

export const UNKNOWN_REFUSAL: Words = { ja: '表示できませんでした。', en: 'This could not be shown.' };

/** Said to a screen reader in place of the mark a result earns. */
export const MARK_WORDS: Readonly<Record<ReferralMark, Words>> = {
  '▲': { ja: '高値（受診勧奨判定値以上）', en: 'high: at or above the referral value' },
  '▽': { ja: '低値（受診勧奨判定値以下・未満）', en: 'low: at or below the referral value' },
};

/** The mark as a data value, for styles and tests. */
export const MARK_NAMES: Readonly<Record<ReferralMark, 'high' | 'low'>> = { '▲': 'high', '▽': 'low' };

/** The note under the drug list on what the message cannot fill, as the PDF's. */
export const DRUG_NOTES: readonly string[] = [
  '※ オンライン資格確認等システムから受け取った薬剤情報（電子請求された診療・調剤情報から抽出されたもの）です。請求がない場合などは表示されません。',
];

export const CHECKUP_LEGEND = '▲ 受診勧奨判定値以上　▽ 受診勧奨判定値以下（eGFR は未満）。判定値は厚生労働省「標準的な健診・保健指導プログラム」によります。';
