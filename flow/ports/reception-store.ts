// The port through which the reception flow records what happened, durably. Types only; store/
// implements it over SQLite (the terminal adds the face file for the レセコン on completion).
//
// Privacy rule carried by these shapes: no face image or descriptor, no PIN, no 照合番号B, no name.
// A reception is its id, its kiosk, times, the method, codes and the consents given here.

import type { AuthenticationMethod, CardConfirmationAnswer, CardConfirmationFacts, ConsentAnswers, PrescriptionForm } from './central-system';

/** How a reception ended. */
export type ReceptionEnding =
  /** Qualification answered and cross-checked (or marked not cross-checked) and handed to staff. */
  | 'completed'
  /** The central system was down: queued, to be completed once it answers again. */
  | 'queued'
  /** Handed over to staff (lock, mismatch, 複数該当, refusal); `code` says why. */
  | 'handed-to-staff'
  /** The card was pulled, the patient timed out or cancelled: nothing of the patient kept. */
  | 'abandoned';

/** Whether the answer's 生年月日・性別 were compared with the card face's signed ones (reader-flow §8). */
export type CrossCheck = 'matched' | 'not-cross-checked';

export interface ReceptionStart {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly startedAt: Date;
}

export interface ReceptionCompletion {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly endedAt: Date;
  readonly method: AuthenticationMethod;
  readonly consents: ConsentAnswers;
  readonly crossCheck: CrossCheck;
  readonly answer: CardConfirmationAnswer;
  /** 処方箋形式 chosen at an 電子処方箋 facility; the face file carries it as PrescriptionIssueSelect. */
  readonly prescriptionForm?: PrescriptionForm | undefined;
}

export interface ReceptionQueued {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly queuedAt: Date;
  /** Everything needed to send the request again later, without the patient (no PIN, no face). */
  readonly facts: CardConfirmationFacts;
  /** Card face facts for the cross-check when the answer arrives; absent when the face was not read. */
  readonly cardFace?: { readonly birthDate: string; readonly sexCode: string };
}

export interface ReceptionHandover {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly endedAt: Date;
  readonly method: AuthenticationMethod | undefined;
  /** Why staff must take over: a flow code such as PIN_LAST_TRY, IDENTITY_MISMATCH, MULTIPLE_PERSONS. */
  readonly code: string;
}

export interface ReceptionAbandon {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly endedAt: Date;
  /** CARD_REMOVED, TIMEOUT, CANCELLED, … */
  readonly code: string;
}

/**
 * Every write is one transaction that also appends to the hash-chained audit log, so a crash leaves
 * either the whole step or none of it. Rejections carry a code; the flow treats a failed write as a
 * reason to hand over to staff, never as success.
 */
export interface ReceptionStore {
  begin(start: ReceptionStart): Promise<void>;
  complete(completion: ReceptionCompletion): Promise<void>;
  queue(queued: ReceptionQueued): Promise<void>;
  handOver(handover: ReceptionHandover): Promise<void>;
  abandon(abandon: ReceptionAbandon): Promise<void>;
}
