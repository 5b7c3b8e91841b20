import type { AnsweredPerson, CardConfirmationOutcome, CentralAnswerDocument } from '../../flow/ports/central-system';
import type { QualificationResponse } from '../messages/qualification-messages';
import { failureOfAnsweredHeader } from './answer-header-check';
import { centralFailure } from './failure-mapping';

/** The document a card answer carries: plain data, so it survives a snapshot of the flow. */
export interface QualificationResponseDocument extends CentralAnswerDocument {
  readonly kind: 'qualification-response';
  readonly response: QualificationResponse;
}

/** The parsed answer inside a card answer's `document`, for the terminal (face file, console). */
export function qualificationResponseOf(document: CentralAnswerDocument): QualificationResponse | undefined {
  const candidate = document as Partial<QualificationResponseDocument>;
  return candidate.kind === 'qualification-response' && candidate.response !== undefined ? candidate.response : undefined;
}

/** The card answer the flow decides on: status, validity and the people to compare with the card face. */
export function cardConfirmationAnswerOf(response: QualificationResponse, expected: { medicalInstitutionCode: string; receptionId: string }): CardConfirmationOutcome {
  const headerFailure = failureOfAnsweredHeader(response.MessageHeader, { medicalInstitutionCode: expected.medicalInstitutionCode, arbitraryFileIdentifier: expected.receptionId });
  if (headerFailure !== undefined) return headerFailure;
  const body = response.MessageBody;
  if (body.ProcessingResultStatus === undefined) return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'the answer has no ProcessingResultStatus');
  const people: AnsweredPerson[] = (body.ResultList ?? []).map((result) => ({ birthDate: isoDate(result.Birthdate), sexCode: result.Sex1 }));
  const document: QualificationResponseDocument = { kind: 'qualification-response', response };
  return {
    ok: true,
    receptionId: expected.receptionId,
    processingResultStatus: body.ProcessingResultStatus,
    ...(body.ProcessingResultCode === undefined ? {} : { processingResultCode: body.ProcessingResultCode }),
    ...(body.QualificationValidity === undefined ? {} : { qualificationValidity: body.QualificationValidity }),
    people,
    document,
  };
}

/** yyyyMMdd (the codec checked it) → YYYY-MM-DD. */
function isoDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}
