import { describe, expect, it } from 'vitest';
import { judgeQualificationResponse, judgeQualificationResponseBytes, type ExpectedIdentity } from './judge-response';
import { qualificationResponse, type QualificationResponse } from './qualification-messages';
import type { QualificationResult } from './qualification-result';

const expected: ExpectedIdentity = { medicalInstitutionCode: '1399999999', arbitraryFileIdentifier: 'Q0112-07' };
const person: QualificationResult = { InsuredCardClassification: '01', Name: '見本　花子', Sex1: '2', Birthdate: '19850715' };

function response(header: Partial<QualificationResponse['MessageHeader']>, body: QualificationResponse['MessageBody']): QualificationResponse {
  return {
    MessageHeader: { MedicalInstitutionCode: '1399999999', ArbitraryFileIdentifier: 'Q0112-07', SegmentOfResult: '1', ...header },
    MessageBody: body,
  };
}

const ok = { ProcessingResultStatus: '1', QualificationValidity: '1', ResultList: [person] } as const;

describe('judgeQualificationResponse (§3.2)', () => {
  it('accepts a valid single result', () => {
    expect(judgeQualificationResponse(response({}, ok), expected)).toEqual({
      kind: 'qualification',
      validity: '1',
      label: '有効',
      behaviour: '資格情報を使用する',
      results: [person],
      needsStaff: false,
    });
  });

  it('refuses another facility and another request', () => {
    expect(judgeQualificationResponse(response({ MedicalInstitutionCode: '1399999998' }, ok), expected)).toMatchObject({
      kind: 'not-ours',
      field: 'MedicalInstitutionCode',
    });
    expect(judgeQualificationResponse(response({ ArbitraryFileIdentifier: 'Q0112-08' }, ok), expected)).toMatchObject({
      kind: 'not-ours',
      field: 'ArbitraryFileIdentifier',
      actual: 'Q0112-08',
    });
    expect(judgeQualificationResponse(response({ ArbitraryFileIdentifier: undefined }, ok), expected)).toMatchObject({ kind: 'not-ours' });
  });

  it('skips the token check when none was sent (face files)', () => {
    const face = response({ ArbitraryFileIdentifier: 'opaque' }, ok);
    expect(judgeQualificationResponse(face, { medicalInstitutionCode: '1399999999' }).kind).toBe('qualification');
  });

  it('polls again on SegmentOfResult 2', () => {
    expect(judgeQualificationResponse(response({ SegmentOfResult: '2' }, {}), expected)).toEqual({ kind: 'pending' });
  });

  it.each(['9', '3', undefined])('fails on SegmentOfResult %s with the header error', (segment) => {
    const judged = judgeQualificationResponse(response({ SegmentOfResult: segment, ErrorCode: 'E01', ErrorMessage: '異常' }, {}), expected);
    expect(judged).toEqual({ kind: 'failed', segmentOfResult: segment, errorCode: 'E01', errorMessage: '異常' });
  });

  it('reports ProcessingResultStatus 2 with its code and message', () => {
    const body = { ProcessingResultStatus: '2', ProcessingResultCode: '1234', ProcessingResultMessage: '該当なし' };
    expect(judgeQualificationResponse(response({}, body), expected)).toEqual({ kind: 'processing-error', code: '1234', message: '該当なし' });
  });

  it('calls a response without status or validity incomplete', () => {
    expect(judgeQualificationResponse(response({}, {}), expected).kind).toBe('incomplete');
    expect(judgeQualificationResponse(response({}, { ProcessingResultStatus: '1' }), expected).kind).toBe('incomplete');
  });

  it.each([
    ['2', [person], true],
    ['3', [person], true],
    ['4', [], true],
    ['5', [person, { ...person, Birthdate: '19850716' }], true],
    ['6', [person], false],
    ['1', [person, person], true],
    ['1', [], true],
  ] as const)('validity %s with %#: needsStaff %s', (validity, results, needsStaff) => {
    const judged = judgeQualificationResponse(
      response({}, { ProcessingResultStatus: '1', QualificationValidity: validity, ResultList: [...results] }),
      expected,
    );
    expect(judged).toMatchObject({ kind: 'qualification', validity, needsStaff });
  });

  it('turns unreadable bytes into a judgement', () => {
    const judged = judgeQualificationResponseBytes(new TextEncoder().encode('<XmlMsg>'), expected);
    expect(judged.kind).toBe('unreadable');
    const good = qualificationResponse.build(response({}, ok), { encoding: 'UTF-8' }).bytes;
    expect(judgeQualificationResponseBytes(good, expected).kind).toBe('qualification');
  });
});
