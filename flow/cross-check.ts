import type { CardConfirmationAnswer } from './ports/central-system';
import type { AlertCode, MessageId } from './contract/view-models';

/** The card face facts the answer is compared with; `signatureValid` is the DF28 check. */
export interface CardFaceFacts {
  readonly birthDate: string;
  readonly sexCode: string;
  readonly signatureValid: boolean;
}

/** What the flow does with an answer of the central system (reader-flow.md §6, §8). */
export type AnswerJudgement =
  /** Show the result; `crossCheck` says whether the card face backed it. */
  | { readonly kind: 'accept'; readonly crossCheck: 'matched' | 'not-cross-checked'; readonly message: MessageId; readonly alerts: readonly AlertCode[] }
  /** Show the patient nothing of the answer; staff take over. */
  | { readonly kind: 'staff'; readonly alert: AlertCode }
  /** The card cannot be used as a 保険証: guidance, then remove the card. */
  | { readonly kind: 'guidance'; readonly message: MessageId };

/**
 * Judges an answer before anything of it is shown or written: the card's certificate refused, 複数該当
 * never resolved automatically, and the signed card face's 生年月日・性別 compared with the record's.
 */
export function judgeAnswer(answer: CardConfirmationAnswer, cardFace: CardFaceFacts | undefined): AnswerJudgement {
  if (answer.processingResultStatus !== '1') {
    const code = answer.processingResultCode ?? '';
    if (code.startsWith('CARD_CERTIFICATE_NOT_LINKED')) return { kind: 'guidance', message: 'guidance-unregistered' };
    if (code.startsWith('CARD_CERTIFICATE_INVALID')) return { kind: 'guidance', message: 'guidance-certificate-invalid' };
    return { kind: 'staff', alert: 'CENTRAL_REFUSED' };
  }
  if (answer.qualificationValidity === '5' || answer.people.length > 1) return { kind: 'staff', alert: 'MULTIPLE_PERSONS' };
  if (answer.qualificationValidity === '4' || answer.people.length === 0) {
    return { kind: 'accept', crossCheck: 'not-cross-checked', message: 'result-no-qualification', alerts: ['NO_QUALIFICATION'] };
  }
  const person = answer.people[0]!;
  const verifiedFace = cardFace?.signatureValid === true ? cardFace : undefined;
  if (verifiedFace !== undefined && (verifiedFace.birthDate !== person.birthDate || verifiedFace.sexCode !== person.sexCode)) {
    return { kind: 'staff', alert: 'IDENTITY_MISMATCH' };
  }
  const crossCheck = verifiedFace === undefined ? 'not-cross-checked' : 'matched';
  const alerts: AlertCode[] = crossCheck === 'not-cross-checked' ? ['NOT_CROSS_CHECKED'] : [];
  if (answer.qualificationValidity === '2' || answer.qualificationValidity === '3') {
    return { kind: 'accept', crossCheck, message: 'result-qualification-invalid', alerts: [...alerts, 'QUALIFICATION_INVALID'] };
  }
  return { kind: 'accept', crossCheck, message: crossCheck === 'matched' ? 'result-confirmed' : 'result-not-cross-checked', alerts };
}
