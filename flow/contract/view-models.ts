// What the screens receive from the flow: serialisable view models, language-neutral. Types only.
//
// Privacy rule carried by these shapes: a kiosk view holds no name, no birth date, no insurance data,
// no photo and no PIN digit — only which screen to show, codes for instructions and messages, tries
// left and a countdown. The staff view adds codes staff act on (method, result codes, alerts), never
// the answer itself nor the card photo: the console fetches those through the terminal API, which
// audits each access.

import type { AuthenticationMethod, ConsentCategory, PrescriptionForm } from '../ports/central-system';
import type { FaceQualityCode, LivenessChallenge } from '../ports/face-verifier';

/** One screen per flow state the patient can be in. */
export type KioskScreen =
  | 'place-card' // カードを置いてください
  | 'reading' // 読み取り中: card, certificate, card face
  | 'method-choice' // 顔認証 / 暗証番号
  | 'waiting-card-front' // 照合番号B from the card front scanner or from staff
  | 'face-capture' // camera, one instruction at a time
  | 'face-checking'
  | 'pin-entry'
  | 'pin-checking'
  | 'fallback-choice' // after 3 face failures: 暗証番号 or 係員
  | 'staff-called' // 係員をお呼びしています
  | 'visual-check' // 係員が確認しています (目視確認)
  | 'consent' // one category per screen, 包括同意 offered on every screen
  | 'prescription-choice' // 処方箋形式 電子 / 紙
  | 'querying' // 資格情報を確認しています
  | 'result' // 受付が完了しました
  | 'outage' // 保発0710第1号 guidance
  | 'remove-card'; // カードをお取りください, with the message that led here

/** Language-neutral message ids; the kiosk's catalogue turns each into words in the chosen language. */
export type MessageId =
  | 'place-card'
  | 'reading'
  | 'choose-method'
  | 'waiting-card-front'
  | 'face-look-at-camera'
  | 'face-checking'
  | 'face-retry'
  | 'pin-enter'
  | 'pin-wrong'
  | 'pin-checking'
  | 'choose-fallback'
  | 'staff-called'
  | 'visual-check'
  | 'consent-question'
  | 'prescription-question'
  | 'querying'
  | 'result-confirmed'
  | 'result-qualification-invalid'
  | 'result-no-qualification'
  | 'result-not-cross-checked'
  | 'outage-guidance'
  | 'guidance-card-unreadable' // 【001:マイナンバーカードの認識不可】
  | 'guidance-not-my-number-card' // 【002:マイナンバーカード以外】
  | 'guidance-certificate-invalid' // 電子証明書の有効期限切れ・失効: 市区町村で更新
  | 'guidance-unregistered' // 利用申込 (健康保険証利用登録)
  | 'guidance-timeout'
  | 'guidance-cancelled'
  | 'guidance-staff-rejected'
  | 'guidance-see-staff'
  | 'remove-card';

/** Why staff were called, or what staff should look at; shown on the console, acknowledged there. */
export type AlertCode =
  | 'PIN_LOCKED'
  | 'PIN_LAST_TRY' // one try left: the terminal never spends it
  | 'COLLATION_LAST_TRY' // 照合番号B has one try left
  | 'FACE_FAILED' // 3 face failures on a card without a usable PIN
  | 'FACE_UNAVAILABLE' // the card photo cannot be used and there is no PIN
  | 'PATIENT_ASKED_STAFF'
  | 'IDENTITY_MISMATCH' // 紐付け: the answer's 生年月日/性別 differ from the card's
  | 'MULTIPLE_PERSONS' // 複数該当
  | 'NOT_CROSS_CHECKED' // the card face was not read: staff confirm identity
  | 'QUALIFICATION_INVALID' // 資格（無効）
  | 'NO_QUALIFICATION' // 資格情報なし / 該当資格なし
  | 'CENTRAL_OUTAGE' // queued, to be completed automatically
  | 'CENTRAL_REFUSED' // the central system refused the request (see detail)
  | 'CENTRAL_NO_ANSWER' // the card request got no answer in time: it may have been processed; staff check
  | 'STORE_FAILED' // the reception could not be recorded
  | 'CARD_ERROR' // the card failed in a way the patient cannot fix
  | 'DEPENDENCY_TIMEOUT' // a card, face, certificate or store operation did not answer in time
  | 'NOT_REMOVED'; // the card was left on the reader

/** Why staff see no card photo in 目視確認; the console says each in words. */
export type CardPhotoMissingCode =
  | 'COLLATION_LAST_TRY' // 照合番号B has one try left (or none): not submitted
  | 'CARD_FRONT_UNREADABLE' // the card front scanner could not read the printed fields
  | 'CARD_FRONT_NOT_GIVEN' // no 照合番号B came (not typed, or given up)
  | 'COLLATION_NUMBER_WRONG' // the card refused 照合番号B (a try was used)
  | 'CARD_FACE_SIGNATURE_INVALID' // the card face's signature did not verify: its photo is not shown
  | 'PHOTO_UNDECODABLE' // the photo could not be decoded
  | 'PHOTO_DROPPED' // the reception moved on before the photo was ready
  | 'CARD_ERROR' // the card could not be read
  | 'TIMEOUT'; // no photo in time

/** The card photo of 目視確認, as codes: staff fetch the photo itself from the terminal, which audits it. */
export type CardPhotoState =
  | { readonly status: 'reading' }
  | { readonly status: 'shown' }
  | { readonly status: 'missing'; readonly reason: CardPhotoMissingCode };

export interface Countdown {
  /** When the screen times out, ISO 8601. */
  readonly deadline: string;
  /** True once the warning before the timeout is due: show the countdown and say it aloud. */
  readonly warning: boolean;
  /**
   * Milliseconds left when the view was made, by the terminal's clock: a screen counts down from the
   * moment it receives the view, whatever its own clock says.
   */
  readonly remainingMs?: number;
}

export interface ConsentScreen {
  readonly category: ConsentCategory;
  /** 1-based position and count of the screens, for 「1/2」. */
  readonly position: number;
  readonly count: number;
}

export interface KioskView {
  readonly kioskId: string;
  readonly screen: KioskScreen;
  readonly message: MessageId;
  /** The methods the patient may choose now (PIN absent for a 顔認証マイナンバーカード or a locked PIN). */
  readonly methods?: readonly ('face' | 'pin')[];
  /** Face: the liveness action asked for, and the one instruction from the last frame check. */
  readonly challenge?: LivenessChallenge;
  readonly instruction?: FaceQualityCode;
  /** PIN: tries left on the card, and whether the next failure hands over to staff. */
  readonly triesLeft?: number;
  readonly lastTryWarning?: boolean;
  readonly consent?: ConsentScreen;
  readonly prescriptionForms?: readonly PrescriptionForm[];
  readonly countdown?: Countdown;
  /**
   * The languages the facility offers at this kiosk (BCP 47 primary tags, Japanese first); the screen
   * offers these in its language switch. Absent: every language the screen has.
   */
  readonly languages?: readonly string[];
  /**
   * Increases with every change, so a screen can drop a view older than the one it shows. A screen
   * event may carry the revision of the view it answers; one from before the present reception began
   * is refused, so a late tap meant for the last patient never reaches the next.
   */
  readonly revision: number;
}

export interface StaffReceptionView {
  readonly kioskId: string;
  /** Absent while the kiosk waits for a card. */
  readonly receptionId?: string;
  readonly screen: KioskScreen;
  readonly startedAt?: string;
  readonly method?: AuthenticationMethod;
  /** The result codes staff act on: ProcessingResultStatus, QualificationValidity, cross-check. */
  readonly result?: {
    readonly processingResultStatus: string;
    readonly qualificationValidity?: string;
    readonly crossCheck?: 'matched' | 'not-cross-checked';
  };
  readonly alerts: readonly AlertCode[];
  /** Whether staff can start 目視確認 now (a card is read and no method has succeeded). */
  readonly visualCheckAvailable: boolean;
  /** Whether this kiosk waits for 照合番号B typed by staff. */
  readonly awaitsCollationNumber: boolean;
  /** In 目視確認 only: whether the terminal holds the card photo for staff to see, or why not. */
  readonly cardPhoto?: CardPhotoState;
  readonly revision: number;
}

/** The codes a view names, for the screens' message catalogues (the screens import the contract only). */
export type { AuthenticationMethod, ConsentCategory, PrescriptionForm, FaceQualityCode, LivenessChallenge };
