import type { SettingsSection, SettingsTimeouts } from '../../../flow/contract/console-settings';
import type { Words } from '../console-words';

/** Every time limit, grouped as the administrator thinks of them: what the patient waits on, then the parts of the terminal. */
export const TIMEOUT_WORDS: Readonly<Record<keyof SettingsTimeouts, Words & { readonly group: 'screen' | 'part' }>> = {
  methodChoiceMs: { ja: '認証方法の選択', en: 'Choosing a method', group: 'screen' },
  cardFrontMs: { ja: '照合番号Bの読み取り・入力', en: '照合番号B read or typed', group: 'screen' },
  faceCaptureMs: { ja: '顔の撮影', en: 'Face capture', group: 'screen' },
  pinEntryMs: { ja: '暗証番号の入力', en: 'PIN entry', group: 'screen' },
  fallbackChoiceMs: { ja: '方法の選び直し', en: 'Choosing again', group: 'screen' },
  consentMs: { ja: '同意画面（1画面ごと）', en: 'Each consent screen', group: 'screen' },
  prescriptionMs: { ja: '処方箋形式の選択', en: 'Prescription form', group: 'screen' },
  staffWaitMs: { ja: '係員を待つ', en: 'Waiting for staff', group: 'screen' },
  visualCheckMs: { ja: '目視確認', en: 'Visual check', group: 'screen' },
  resultDisplayMs: { ja: '結果の表示', en: 'Result shown', group: 'screen' },
  removeCardReminderMs: { ja: 'カード取り忘れの案内まで', en: 'Until the card-left reminder', group: 'screen' },
  warningBeforeMs: { ja: '時間切れの予告（残り時間）', en: 'Countdown shown before a timeout', group: 'screen' },
  cardOperationMs: { ja: 'カードの読み書き', en: 'Card operation', group: 'part' },
  certificateMs: { ja: '電子証明書の検証', en: 'Certificate check', group: 'part' },
  faceOperationMs: { ja: '顔照合の処理', en: 'Face check', group: 'part' },
  centralMs: { ja: '中央システムの応答', en: 'Central system answer', group: 'part' },
  storeMs: { ja: '記録の書き込み', en: 'Store write', group: 'part' },
};

export const LANGUAGE_WORDS: Readonly<Record<'ja' | 'en' | 'zh' | 'ko' | 'vi', Words>> = {
  ja: { ja: '日本語（常に表示）', en: 'Japanese (always)' },
  en: { ja: '英語', en: 'English' },
  zh: { ja: '中国語', en: 'Chinese' },
  ko: { ja: '韓国語', en: 'Korean' },
  vi: { ja: 'ベトナム語', en: 'Vietnamese' },
};

export const CONSENT_SCREEN_WORDS: Readonly<Record<'pharmaceutical' | 'specificHealthCheckups' | 'diagnosis' | 'operation', Words>> = {
  pharmaceutical: { ja: '薬剤情報', en: 'Medication' },
  specificHealthCheckups: { ja: '特定健診情報', en: 'Health checkups' },
  diagnosis: { ja: '診療情報', en: 'Treatment' },
  operation: { ja: '手術情報', en: 'Operations' },
};

export const CARD_FRONT_WORDS: Readonly<Record<'printed-fields' | 'staff-entry', string>> = {
  'printed-fields': '券面を読み取る / reader scans the card front',
  'staff-entry': '職員が入力 / staff type 照合番号B',
};

export const SECTION_WORDS: Readonly<Record<SettingsSection, string>> = {
  facilityCode: '医療機関コード / facility code',
  facilityName: '施設名 / facility name',
  consentScreens: '同意画面 / consent screens',
  prescriptionQuestion: '処方箋形式の質問 / prescription question',
  kiosks: '受付機 / kiosks',
  timeouts: '時間 / timeouts',
  languages: '言語 / languages',
  faceFileEncoding: '顔ファイルの文字コード / face-file encoding',
};

export const REFUSAL_WORDS: Readonly<Record<string, string>> = {
  SETTINGS_INVALID: '正しくない項目があります。下の一覧を確認してください / some fields are not valid: see the list below',
  SETTINGS_CONFLICT: '他の管理者が先に保存しました。読み込み直してから変更してください / another administrator saved first: reload, then change again',
  SETTINGS_UNCHANGED: '変更がありません / nothing was changed',
  ROLE_FORBIDDEN: '設定は管理者だけが変更できます / only administrators can change the settings',
  CSRF_INVALID: '画面が古くなりました。読み込み直してください / the page is stale: reload it',
  NETWORK: '端末に接続できません / cannot reach the terminal',
};
