import type { AuditChainVerdictView } from '../../../flow/contract/audit-views';
import { ALERT_WORDS, type Words } from '../console-words';

/** The audit log's event codes, in words. An unknown code is shown as the code alone. */
export const EVENT_WORDS: Readonly<Record<string, Words>> = {
  RECEPTION_BEGUN: { ja: '受付開始', en: 'Reception begun' },
  RECEPTION_COMPLETED: { ja: '受付完了', en: 'Reception completed' },
  RECEPTION_QUEUED: { ja: '障害のため保留', en: 'Reception queued (outage)' },
  RECEPTION_HANDED_TO_STAFF: { ja: '職員対応へ', en: 'Handed to staff' },
  RECEPTION_ABANDONED: { ja: '受付中止', en: 'Reception abandoned' },
  QUEUE_CLAIMED: { ja: '保留分の送信開始', en: 'Queued reception sent' },
  QUEUE_RELEASED: { ja: '保留分の送信失敗（再試行待ち）', en: 'Queued reception to retry' },
  QUEUE_LISTED: { ja: '保留一覧の表示', en: 'Queue listed' },
  QUEUED_RECEPTION_COMPLETED: { ja: '保留分の受付完了', en: 'Queued reception completed' },
  QUEUED_RECEPTION_HANDED_TO_STAFF: { ja: '保留分を職員対応へ', en: 'Queued reception handed to staff' },
  RESULT_VIEWED: { ja: '資格確認結果の表示', en: 'Result viewed' },
  ANSWER_DROPPED: { ja: '回答の破棄', en: 'Answer dropped' },
  FACE_FILE_WRITTEN: { ja: '連携ファイルの出力', en: 'Hand-off file written' },
  FACE_FILE_WRITTEN_WITH_SUBSTITUTIONS: { ja: '連携ファイルの出力（文字の置換あり）', en: 'Hand-off file written (characters substituted)' },
  STAFF_VISUAL_CHECK_STARTED: { ja: '目視確認の開始', en: 'Visual check started' },
  STAFF_VISUAL_CHECK_APPROVED: { ja: '目視確認で承認', en: 'Visual check approved' },
  STAFF_VISUAL_CHECK_REJECTED: { ja: '目視確認で受付しない', en: 'Visual check rejected' },
  STAFF_RECEPTION_CANCELLED: { ja: '職員が受付を中止', en: 'Reception cancelled by staff' },
  VISUAL_CHECK_APPROVED: { ja: '目視確認で本人確認', en: 'Identity confirmed by sight' },
  VISUAL_CHECK_REJECTED: { ja: '目視確認で受付しない', en: 'Not confirmed by sight' },
  COLLATION_NUMBER_ENTERED: { ja: '照合番号Bの入力（職員）', en: '照合番号B typed by staff' },
  CARD_PHOTO_VIEWED: { ja: 'カードの顔写真の表示（目視確認）', en: 'Card photo viewed (visual check)' },
  ALERT_RAISED: { ja: 'アラート発生', en: 'Alert raised' },
  ALERT_ACKNOWLEDGED: { ja: 'アラート確認', en: 'Alert acknowledged' },
  ACCOUNT_CREATED: { ja: 'アカウント作成', en: 'Account created' },
  ACCOUNT_CHANGED: { ja: 'アカウント変更', en: 'Account changed' },
  ACCOUNT_LOCKED: { ja: 'アカウントのロック', en: 'Account locked' },
  ACCOUNT_UNLOCKED: { ja: 'ロック解除', en: 'Account unlocked' },
  LOGIN_SUCCEEDED: { ja: 'ログイン', en: 'Signed in' },
  LOGIN_FAILED: { ja: 'ログイン失敗', en: 'Sign-in failed' },
  LOGIN_REFUSED: { ja: 'ログイン拒否', en: 'Sign-in refused' },
  ACCESS_REFUSED: { ja: '権限のない操作を拒否', en: 'Refused: not allowed for the role' },
  SETTINGS_CHANGED: { ja: '施設の設定を変更', en: 'Facility settings changed' },
  LOGOUT: { ja: 'ログアウト', en: 'Signed out' },
  SESSION_EXPIRED: { ja: 'セッション終了（時間切れ）', en: 'Session expired' },
  PASSWORD_CHANGED: { ja: 'パスワード変更', en: 'Password changed' },
  PASSWORD_RESET: { ja: 'パスワード再発行', en: 'Password reset' },
  TOTP_ENROLMENT_STARTED: { ja: '二要素認証の設定開始', en: 'TOTP enrolment started' },
  TOTP_ENROLLED: { ja: '二要素認証の設定', en: 'TOTP enrolled' },
  TOTP_RESET: { ja: '二要素認証のリセット', en: 'TOTP reset' },
  INQUIRY_INDIVIDUAL: { ja: '個別照会', en: 'Individual inquiry' },
  INQUIRY_BULK_SUBMITTED: { ja: '一括照会の登録', en: 'Bulk inquiry submitted' },
  INQUIRY_BULK_ROW_SENT: { ja: '一括照会（1人分の照会）', en: 'Bulk inquiry: one person sent' },
  INQUIRY_BULK_VIEWED: { ja: '一括照会結果の表示', en: 'Bulk inquiry results viewed' },
  INQUIRY_BULK_EXPORTED: { ja: '一括照会結果の出力', en: 'Bulk inquiry results exported' },
  AUDIT_VIEWED: { ja: '監査ログの閲覧', en: 'Audit log viewed' },
};

/** The event in words where known: STAFF_CALLED_<alert> names the alert. */
export function eventWords(event: string): Words | undefined {
  const known = EVENT_WORDS[event];
  if (known !== undefined) return known;
  if (event.startsWith('STAFF_CALLED_')) {
    const alert = (ALERT_WORDS as Readonly<Record<string, Words>>)[event.slice('STAFF_CALLED_'.length)];
    return { ja: `係員呼出し${alert === undefined ? '' : `（${alert.ja}）`}`, en: `Staff called${alert === undefined ? '' : ` (${alert.en})`}` };
  }
  return undefined;
}

export const ACTOR_KIND_WORDS: Readonly<Record<string, Words>> = {
  staff: { ja: '職員', en: 'staff' },
  kiosk: { ja: '受付機', en: 'kiosk' },
  terminal: { ja: '端末', en: 'terminal' },
};

type Fault = Extract<AuditChainVerdictView, { ok: false }>['reason'];

/** Why the chain no longer holds, as an auditor should read it. */
export const FAULT_WORDS: Readonly<Record<Fault, Words>> = {
  HASH_MISMATCH: { ja: 'この記録の内容が、記録されたときから書き換えられています。', en: 'This row was edited after it was written.' },
  BROKEN_LINK: { ja: 'この記録が、ひとつ前の記録につながっていません（差し替えの疑い）。', en: 'This row does not link to the one before it (replaced?).' },
  ID_GAP: { ja: 'この番号の記録が欠けているか、移動されています（削除の疑い）。', en: 'The row with this number is missing or was moved (deleted?).' },
  HEAD_MISMATCH: { ja: '最後の記録が、記録された末尾と一致しません（末尾の削除の疑い）。', en: 'The log ends before its recorded last row (rows cut off?).' },
};

/** What a refusal of the audit route says. */
export const REFUSAL_WORDS: Readonly<Record<string, Words>> = {
  INVALID_FILTER: { ja: '絞り込みの条件が正しくありません。', en: 'A filter is not valid.' },
  ROLE_FORBIDDEN: { ja: '監査ログは管理者だけが閲覧できます。', en: 'Only administrators may view the audit log.' },
  AUDIT_UNAVAILABLE: { ja: '閲覧の記録を書けないため、表示できません。管理者に連絡してください。', en: 'The viewing could not be recorded, so nothing is shown.' },
  NETWORK: { ja: '端末に接続できません。', en: 'The terminal cannot be reached.' },
};
