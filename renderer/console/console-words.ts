import type { FileInterfaceAlertCode } from '../../flow/contract/console-views';
import type { AlertCode, CardPhotoMissingCode, KioskScreen } from '../../flow/contract/view-models';

/** Words staff read on the console: Japanese first, English beside it. */
export interface Words {
  readonly ja: string;
  readonly en: string;
}

/** Each alert, and what it asks staff to do. */
export const ALERT_WORDS: Readonly<Record<AlertCode | FileInterfaceAlertCode, Words & { readonly action: string }>> = {
  PIN_LOCKED: { ja: '暗証番号ロック', en: 'PIN locked', action: '顔認証か目視確認で受付。ロック解除は市区町村の窓口' },
  PIN_LAST_TRY: { ja: '暗証番号 残り1回', en: 'PIN: one try left', action: '目視確認で受付（残り1回は使わない）' },
  COLLATION_LAST_TRY: { ja: '照合番号B 残り1回', en: '照合番号B: one try left', action: '目視確認で受付' },
  FACE_FAILED: { ja: '顔認証できず', en: 'Face not confirmed', action: '目視確認で受付' },
  FACE_UNAVAILABLE: { ja: 'カード写真が使えない', en: 'Card photo unusable', action: '目視確認で受付' },
  PATIENT_ASKED_STAFF: { ja: '患者さんが係員を呼んでいます', en: 'Patient asks for staff', action: '受付機へ' },
  IDENTITY_MISMATCH: { ja: '紐付け不一致（生年月日・性別）', en: 'Identity mismatch', action: '資格を使わず、本人と保険者に確認。患者さんには何も表示していません' },
  MULTIPLE_PERSONS: { ja: '複数該当', en: 'Several persons match', action: '職員が本人を選ぶ（自動選択しない）' },
  NOT_CROSS_CHECKED: { ja: '券面と照合していない', en: 'Not cross-checked with the card face', action: '本人確認をしてから資格を使う' },
  QUALIFICATION_INVALID: { ja: '資格（無効）', en: 'Qualification invalid', action: '資格確認書・資格情報のお知らせの提示を求める' },
  NO_QUALIFICATION: { ja: '資格情報なし', en: 'No qualification found', action: '保険者の登録前の可能性。資格確認書で確認' },
  CENTRAL_OUTAGE: { ja: 'システム障害（後で自動完了）', en: 'Central outage (completes later)', action: 'マイナポータル画面・資格情報のお知らせ等で確認' },
  CENTRAL_REFUSED: { ja: '中央システムが拒否', en: 'Central system refused', action: '受付をやり直すか、資格確認書で確認' },
  CENTRAL_NO_ANSWER: { ja: '中央システムの応答なし', en: 'No answer from the central system', action: '処理済みかもしれない：個別照会で確認' },
  STORE_FAILED: { ja: '記録に失敗', en: 'Could not be recorded', action: '管理者に連絡' },
  CARD_ERROR: { ja: 'カードの不具合', en: 'Card error', action: 'カードを確認し、目視確認で受付' },
  DEPENDENCY_TIMEOUT: { ja: '端末の応答なし', en: 'Terminal part timed out', action: 'もう一度カードを置いてもらう' },
  NOT_REMOVED: { ja: 'カードの取り忘れ', en: 'Card left on the reader', action: 'カードを患者さんに返す' },
  RECEIPT_FOLDER_MISSING: { ja: 'レセコン連携フォルダがない', en: 'レセコン folder missing', action: '共有フォルダ（req/res）の接続を確認。要求ファイルは保持し、戻りしだい回答します' },
  RECEIPT_FOLDER_FULL: { ja: 'レセコン連携フォルダの容量不足', en: 'レセコン folder: disk full', action: 'ディスクの空きを作る。要求ファイルは保持し、空きができしだい回答します' },
  RECEIPT_FOLDER_UNWRITABLE: { ja: 'レセコン連携フォルダに書き込めない', en: 'レセコン folder not writable', action: 'フォルダの権限を確認（管理者）' },
  RECEIPT_FOLDER_IO: { ja: 'レセコン連携フォルダの読み書き異常', en: 'レセコン folder I/O error', action: 'ディスク・ネットワーク共有を確認（管理者）' },
  RECEIPT_CENTRAL_WAITING: { ja: 'レセコンの照会を保留中（システム障害）', en: 'レセコン requests kept (central outage)', action: '復旧後に自動で回答します。急ぎは資格確認書等で確認' },
  RECEIPT_CHARACTERS_SUBSTITUTED: { ja: 'Shift_JIS にない文字を●で出力', en: 'Characters written as ● (not in Shift_JIS)', action: 'レセコン側で氏名等の外字を確認（UTF-8 出力なら元の文字のまま）' },
};

export const SCREEN_WORDS: Readonly<Record<KioskScreen, string>> = {
  'place-card': '待機中',
  reading: '読み取り中',
  'method-choice': '方法の選択',
  'waiting-card-front': '照合番号B 待ち',
  'face-capture': '顔認証中',
  'face-checking': '顔を確認中',
  'pin-entry': '暗証番号入力',
  'pin-checking': '暗証番号確認中',
  'fallback-choice': '方法の選び直し',
  'staff-called': '係員呼出し',
  'visual-check': '目視確認中',
  consent: '同意画面',
  'prescription-choice': '処方箋形式の選択',
  querying: '照会中',
  result: '受付完了',
  outage: 'システム障害の案内',
  'remove-card': 'カード取出し待ち',
};

export const METHOD_WORDS: Readonly<Record<string, string>> = { face: '顔', pin: '暗証番号', visual: '目視' };

export const VALIDITY_WORDS: Readonly<Record<string, string>> = {
  '1': '有効',
  '2': '無効',
  '3': '無効（新しい資格あり）',
  '4': '該当資格なし',
  '5': '複数該当',
  '6': '有効（未登録）',
};

export const CONSENT_WORDS: Readonly<Record<string, string>> = {
  pharmaceutical: '薬剤',
  specificHealthCheckups: '特定健診',
  diagnosis: '診療',
  operation: '手術',
};

export const STATE_WORDS: Readonly<Record<string, string>> = {
  open: '受付中',
  completed: '完了',
  queued: '障害のため保留（自動完了待ち）',
  'handed-to-staff': '職員対応',
  abandoned: '中止',
};

export const ROLE_WORDS: Readonly<Record<'reception' | 'clinician' | 'admin', string>> = {
  reception: '受付',
  clinician: '医療情報閲覧',
  admin: '管理者',
};

/** Why a reception ended without a result, where the code is not an alert's. */
export const ENDING_WORDS: Readonly<Record<string, string>> = {
  CARD_REMOVED: 'カードが取り外された',
  CANCELLED: '患者さんが中止',
  STAFF_CANCELLED: '職員が中止',
  TIMEOUT: '時間切れ',
  CARD_REFUSED: 'カードが使えない',
  CERTIFICATE_INVALID: '電子証明書の期限切れ・失効',
  CERTIFICATE_CHECK_FAILED: '電子証明書を確認できない',
  REVOCATION_UNAVAILABLE: '失効確認ができない',
  TERMINAL_RESTARTED: '端末の再起動',
  LAST_TRY_RESERVED: '残り1回のため職員対応',
};

/** The card photo beside the 目視確認 decision. */
export const CARD_PHOTO_WORDS = {
  label: { ja: 'カードの顔写真', en: 'Card photo' },
  compare: { ja: '写真とご本人を見比べてください', en: 'Compare the person with the photo' },
  reading: { ja: 'カードの顔写真を読み取っています', en: 'Reading the card photo' },
  missing: { ja: '写真なし：カード券面の写真とご本人を見比べて判断してください', en: 'No photo: decide with the photo printed on the card' },
  retry: { ja: 'もう一度表示', en: 'Try again' },
} as const satisfies Record<string, Words>;

/** Why there is no card photo, from the flow's code. */
export const CARD_PHOTO_MISSING_WORDS: Readonly<Record<CardPhotoMissingCode, Words>> = {
  COLLATION_LAST_TRY: { ja: '照合番号Bの残りが1回のため、カードを読んでいません', en: '照合番号B has one try left: the card was not read' },
  CARD_FRONT_UNREADABLE: { ja: 'カード券面（照合番号B）を読み取れませんでした', en: 'The card front (照合番号B) could not be read' },
  CARD_FRONT_NOT_GIVEN: { ja: '照合番号Bが入力されませんでした', en: 'No 照合番号B was given' },
  COLLATION_NUMBER_WRONG: { ja: '照合番号Bが違うとカードが答えました（1回分使用）', en: 'The card refused 照合番号B (one try used)' },
  CARD_FACE_SIGNATURE_INVALID: { ja: '券面データの署名を確認できないため、写真は表示しません', en: 'The card face signature did not verify: the photo is not shown' },
  PHOTO_UNDECODABLE: { ja: '写真を表示できる形にできませんでした', en: 'The photo could not be decoded' },
  PHOTO_DROPPED: { ja: '受付が進んだため写真は破棄しました', en: 'The reception moved on: the photo was dropped' },
  CARD_ERROR: { ja: 'カードを読み取れませんでした', en: 'The card could not be read' },
  TIMEOUT: { ja: '時間内に写真を読み取れませんでした', en: 'The photo was not read in time' },
};

/** Why the page could not show a photo the terminal holds, from the route's refusal code. */
export const CARD_PHOTO_REFUSAL_WORDS: Readonly<Record<string, Words>> = {
  AUDIT_UNAVAILABLE: { ja: '閲覧を監査ログに記録できないため、表示しません', en: 'The viewing could not be audited, so the photo is not shown' },
  NETWORK: { ja: '端末に接続できません', en: 'Cannot reach the terminal' },
};
