import { describe, expect, it } from 'vitest';
import { errorResponse } from '../messages/error-response';
import { qualificationResponse } from '../messages/qualification-messages';
import { fixture } from '../testing/test-support';
import { buildErrorEnvelope, buildResponseDocument, responseEncodingOf } from './response-document';

describe('response documents for Res', () => {
  it('follows the request\'s encoding, or the configured one, with a fallback for an unreadable request', () => {
    expect(responseEncodingOf('as-request', 'UTF-8', 'Shift_JIS')).toBe('UTF-8');
    expect(responseEncodingOf('as-request', 'Shift_JIS', 'UTF-8')).toBe('Shift_JIS');
    expect(responseEncodingOf('as-request', undefined, 'Shift_JIS')).toBe('Shift_JIS');
    expect(responseEncodingOf('UTF-8', 'Shift_JIS', 'Shift_JIS')).toBe('UTF-8');
  });

  it('sets CharacterCodeIdentifier to the encoding written, whatever the model said', () => {
    const model = qualificationResponse.parse(fixture('siquc01res.sjis.xml'));
    const utf8 = buildResponseDocument(qualificationResponse, { ...model, MessageHeader: { ...model.MessageHeader, CharacterCodeIdentifier: '1' } }, 'UTF-8');
    expect(utf8.text).toContain('encoding="UTF-8"');
    expect(qualificationResponse.parse(utf8.bytes).MessageHeader.CharacterCodeIdentifier).toBe('0');
    const sjis = buildResponseDocument(qualificationResponse, model, 'Shift_JIS');
    expect(qualificationResponse.parse(sjis.bytes).MessageHeader.CharacterCodeIdentifier).toBe('1');
  });

  it('writes a character outside Shift_JIS as ● and names it; UTF-8 keeps it', () => {
    const model = qualificationResponse.parse(fixture('siquc01res.utf8.xml'));
    const result = model.MessageBody.ResultList![0]!;
    const named = { ...model, MessageBody: { ...model.MessageBody, ResultList: [{ ...result, Name: '𠮷田　髙志' }] } };
    const sjis = buildResponseDocument(qualificationResponse, named, 'Shift_JIS');
    expect(sjis.substituted).toEqual(['𠮷']);
    expect(qualificationResponse.parse(sjis.bytes).MessageBody.ResultList![0]!.Name).toBe('●田　髙志');
    const utf8 = buildResponseDocument(qualificationResponse, named, 'UTF-8');
    expect(utf8.substituted).toEqual([]);
    expect(qualificationResponse.parse(utf8.bytes).MessageBody.ResultList![0]!.Name).toBe('𠮷田　髙志');
  });

  it('builds the §3 error envelope: SegmentOfResult 9, the code and message, the echo', () => {
    const built = buildErrorEnvelope({
      medicalInstitutionCode: '1399999999',
      error: { code: 'REQUEST_MALFORMED', message: '要求ファイルの形式が不正です' },
      processExecutionTime: '20261121100000',
      arbitraryFileIdentifier: 'Q-1',
      encoding: 'Shift_JIS',
    });
    expect(errorResponse.parse(built.bytes).MessageHeader).toEqual({
      ProcessExecutionTime: '20261121100000',
      MedicalInstitutionCode: '1399999999',
      ArbitraryFileIdentifier: 'Q-1',
      SegmentOfResult: '9',
      ErrorCode: 'REQUEST_MALFORMED',
      ErrorMessage: '要求ファイルの形式が不正です',
      CharacterCodeIdentifier: '1',
    });
  });
});
