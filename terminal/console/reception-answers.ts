import type { CardConfirmationAnswer } from '../../flow/ports/central-system';
import type { Clock } from '../../flow/ports/clock';
import type { MedicalDataKeys } from '../../oqs/client/oqs-central-system';
import { qualificationResponseOf } from '../../oqs/client/card-answer';

/** How long an answer is kept: the consent window, after which no medical view may use it anyway. */
export const ANSWER_KEPT_MS = 24 * 3600_000;

interface Kept {
  readonly answer: CardConfirmationAnswer;
  readonly until: number;
}

/**
 * The answers of today's completed receptions, in the terminal's memory only: the store keeps codes
 * (no name, no insurance keys), but the console's 資格 view and the medical views need the answer.
 * Each is kept for the consent window and dropped after it; a restart forgets them all (staff then
 * use 個別照会).
 */
export class ReceptionAnswers {
  private readonly answers = new Map<string, Kept>();

  constructor(private readonly clock: Clock) {}

  keep(answer: CardConfirmationAnswer): void {
    this.sweep();
    this.answers.set(answer.receptionId, { answer, until: this.clock.now().getTime() + ANSWER_KEPT_MS });
  }

  answerOf(receptionId: string): CardConfirmationAnswer | undefined {
    this.sweep();
    return this.answers.get(receptionId)?.answer;
  }

  /** The 被保険者 keys the 薬剤情報 and 特定健診 requests ask by: those of the one person answered. */
  medicalKeysOf(receptionId: string): MedicalDataKeys | undefined {
    const answer = this.answerOf(receptionId);
    const results = answer === undefined ? undefined : qualificationResponseOf(answer.document)?.MessageBody.ResultList;
    // Several people answered (複数該当) is for staff to settle, never for the terminal to pick.
    if (results === undefined || results.length !== 1) return undefined;
    const person = results[0]!;
    if (person.InsurerNumber === undefined || person.InsuredIdentificationNumber === undefined) return undefined;
    return {
      InsurerNumber: person.InsurerNumber,
      InsuredPersonIdentificationNumber: person.InsuredIdentificationNumber,
      ...(person.InsuredCardSymbol === undefined ? {} : { InsuranceCardSymbol: person.InsuredCardSymbol }),
      ...(person.InsuredBranchNumber === undefined ? {} : { BranchNumber: person.InsuredBranchNumber }),
    };
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, kept] of this.answers) if (kept.until <= now) this.answers.delete(id);
  }
}
