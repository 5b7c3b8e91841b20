import type { CardFaceFacts } from './cross-check';
import type { AlertCode, CardPhotoState, MessageId } from './contract/view-models';
import type { FaceAttempts } from './face-attempts';
import type { AuthenticationMethod, CardConfirmationAnswer, ConsentAnswers, PrescriptionForm } from './ports/central-system';
import type { FaceQualityCode, LiveFrame, LivenessChallenge } from './ports/face-verifier';
import type { ReceptionEnding } from './ports/reception-store';
import type { ReceptionSettings } from './reception-settings';

/** How the reception ended, for the record written when the card leaves the reader. */
export interface Ending {
  readonly kind: ReceptionEnding;
  readonly code: string;
}

/**
 * Everything the flow knows about the patient at this kiosk. All of it but `settings` is wiped when the
 * card leaves the reader; nothing here is ever a PIN, a face descriptor, a photo or 照合番号B.
 */
export interface ReceptionContext {
  readonly settings: ReceptionSettings;
  readonly receptionId?: string | undefined;
  readonly startedAt?: string | undefined;
  readonly certificateDer?: Uint8Array | undefined;
  readonly pinTriesLeft?: number | undefined;
  readonly cardFace?: CardFaceFacts | undefined;
  /** 目視確認: whether the card photo is held for staff, or why not (codes; the photo is never here). */
  readonly cardPhoto?: CardPhotoState | undefined;
  readonly faceSessionId?: string | undefined;
  readonly challenge?: LivenessChallenge | undefined;
  readonly instruction?: FaceQualityCode | undefined;
  readonly faceAttempts: FaceAttempts;
  readonly frames: readonly LiveFrame[];
  readonly method?: AuthenticationMethod | undefined;
  readonly consents: ConsentAnswers;
  readonly consentIndex: number;
  readonly prescriptionForm?: PrescriptionForm | undefined;
  readonly answer?: CardConfirmationAnswer | undefined;
  readonly crossCheck?: 'matched' | 'not-cross-checked' | undefined;
  /** The answer's codes, kept for the staff view after the answer itself is dropped. */
  readonly resultCodes?: { readonly processingResultStatus: string; readonly qualificationValidity?: string } | undefined;
  /** The message of the result, guidance or remove-card screen. */
  readonly message: MessageId;
  readonly alerts: readonly AlertCode[];
  readonly ending?: Ending | undefined;
  /** The present screen's deadline (ISO) and whether its warning is due. */
  readonly deadline?: string | undefined;
  readonly warning: boolean;
}

/**
 * The context of a kiosk with no patient. Every patient field is named with `undefined`, because an
 * assign merges: a field left out would survive from the last patient.
 */
export function initialContext(settings: ReceptionSettings): ReceptionContext {
  return {
    settings,
    receptionId: undefined,
    startedAt: undefined,
    certificateDer: undefined,
    pinTriesLeft: undefined,
    cardFace: undefined,
    cardPhoto: undefined,
    faceSessionId: undefined,
    challenge: undefined,
    instruction: undefined,
    method: undefined,
    prescriptionForm: undefined,
    answer: undefined,
    crossCheck: undefined,
    resultCodes: undefined,
    ending: undefined,
    deadline: undefined,
    faceAttempts: { attempts: 0, consecutiveFailures: 0 },
    frames: [],
    consents: {},
    consentIndex: 0,
    message: 'place-card',
    alerts: [],
    warning: false,
  };
}

/** What the flow tells the terminal, which writes it to the store and the console. */
export type ReceptionEmitted =
  | { readonly type: 'reception.started'; readonly receptionId: string; readonly at: string }
  | { readonly type: 'reception.staffCalled'; readonly receptionId: string; readonly alert: AlertCode; readonly method: AuthenticationMethod | undefined; readonly at: string }
  | { readonly type: 'reception.ended'; readonly receptionId: string; readonly ending: Ending; readonly method: AuthenticationMethod | undefined; readonly at: string }
  | { readonly type: 'visualCheck.decided'; readonly receptionId: string; readonly staffId: string; readonly approved: boolean; readonly at: string };

/** A PIN is usable when the terminal may spend a try on it: never the last one (reader-flow.md §3). */
export function pinUsable(context: Pick<ReceptionContext, 'pinTriesLeft'>): boolean {
  return (context.pinTriesLeft ?? 0) >= 2;
}
