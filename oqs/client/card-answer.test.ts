import { describe, expect, it } from 'vitest';
import type { QualificationResponse } from '../messages/qualification-messages';
import { cardConfirmationAnswerOf, qualificationResponseOf } from './card-answer';

const expected = { medicalInstitutionCode: '1399999999', receptionId: 'R-1' };
const person = (Birthdate: string, Sex1: string) => ({ InsuredCardClassification: '01', Name: '薬師　太郎', Sex1, Birthdate });
const response = (header: Partial<QualificationResponse['MessageHeader']>, body: QualificationResponse['MessageBody']): QualificationResponse => ({
  MessageHeader: { MedicalInstitutionCode: '1399999999', ArbitraryFileIdentifier: 'R-1', SegmentOfResult: '1', ...header },
  MessageBody: body,
});

describe('cardConfirmationAnswerOf', () => {
  it('maps status, validity and every person, and keeps the whole answer in the document', () => {
    const parsed = response({}, { ProcessingResultStatus: '1', QualificationValidity: '5', ResultList: [person('19800217', '1'), person('19811103', '2')] });
    const answer = cardConfirmationAnswerOf(parsed, expected);
    expect(answer).toMatchObject({
      ok: true,
      receptionId: 'R-1',
      processingResultStatus: '1',
      qualificationValidity: '5',
      people: [
        { birthDate: '1980-02-17', sexCode: '1' },
        { birthDate: '1981-11-03', sexCode: '2' },
      ],
    });
    if (!answer.ok) throw new Error('expected an answer');
    expect(qualificationResponseOf(answer.document)).toBe(parsed);
    // The document is plain data: it survives a snapshot of the flow.
    expect(qualificationResponseOf(JSON.parse(JSON.stringify(answer.document)))).toEqual(parsed);
    expect(qualificationResponseOf({ kind: 'qualification-response' })).toBeUndefined();
  });

  it('keeps a refused card (status 2) as an answer with its code', () => {
    const answer = cardConfirmationAnswerOf(response({}, { ProcessingResultStatus: '2', ProcessingResultCode: 'CARD_CERTIFICATE_INVALID' }), expected);
    expect(answer).toMatchObject({ ok: true, processingResultStatus: '2', processingResultCode: 'CARD_CERTIFICATE_INVALID', people: [] });
    expect(answer).not.toHaveProperty('qualificationValidity');
  });

  it('refuses an answer that is not ours, an error segment and a missing status', () => {
    expect(cardConfirmationAnswerOf(response({ MedicalInstitutionCode: '1390000017' }, { ProcessingResultStatus: '1' }), expected)).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER' });
    expect(cardConfirmationAnswerOf(response({ ArbitraryFileIdentifier: 'R-2' }, { ProcessingResultStatus: '1' }), expected)).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER' });
    expect(cardConfirmationAnswerOf(response({ SegmentOfResult: '9', ErrorCode: 'X' }, {}), expected)).toMatchObject({ code: 'CENTRAL_REFUSED', centralCode: 'X' });
    expect(cardConfirmationAnswerOf(response({ SegmentOfResult: '2' }, {}), expected)).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER' });
    expect(cardConfirmationAnswerOf(response({}, {}), expected)).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER' });
  });
});
