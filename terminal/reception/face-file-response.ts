import type { ReceptionCompletion } from '../../flow/ports/reception-store';
import { qualificationResponseOf } from '../../oqs/client';
import type { QualificationResponse } from '../../oqs/messages/qualification-messages';

const PRESCRIPTION_ISSUE_SELECT = { electronic: '1', paper: '2' } as const;

/** The face file's content: the central system's answer, with the patient's 処方箋形式 when asked. */
export function faceFileResponseOf(completion: ReceptionCompletion): QualificationResponse {
  const response = qualificationResponseOf(completion.answer.document);
  if (response === undefined) throw Object.assign(new Error('the answer carries no qualification response'), { code: 'ANSWER_DOCUMENT_MISSING' });
  if (completion.prescriptionForm === undefined) return response;
  return { ...response, MessageBody: { ...response.MessageBody, PrescriptionIssueSelect: PRESCRIPTION_ISSUE_SELECT[completion.prescriptionForm] } };
}
