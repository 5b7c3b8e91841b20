import { describe, expect, it } from 'vitest';
import { qualificationRequest, qualificationResponse } from '../messages/qualification-messages';
import { fromJsonForm, parseJsonForm, toJsonForm } from './json-form';
import { codeOf, fixture, insurerNumbersAs } from '../testing/test-support';


describe('JSON form (§8)', () => {
  it('writes every value as a string and ResultList as an array of wrappers', () => {
    const model = qualificationResponse.parse(fixture('siquc01res.utf8.xml'));
    const json = toJsonForm(qualificationResponse, model);
    expect(json.XmlMsg).toMatchObject({
      MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '1' },
      MessageBody: {
        ProcessingResultStatus: '1',
        ResultList: [{ ResultOfQualificationConfirmation: { Name: '見本　花子', Sex1: '2' } }],
      },
    });
    const text = JSON.stringify(json);
    expect(parseJsonForm(qualificationResponse, text)).toEqual(model);
  });

  it('round-trips the request and the face file (older consent names on request)', () => {
    const request = qualificationRequest.parse(fixture('siquc01req.sjis.xml'));
    expect(fromJsonForm(qualificationRequest, toJsonForm(qualificationRequest, request))).toEqual(request);
    const face = qualificationResponse.parse(fixture('face.utf8.xml'));
    const older = toJsonForm(qualificationResponse, face, { consentNaming: 'older' });
    expect(JSON.stringify(older)).toContain('"PharmacistsInfoConsFlg":"1"');
    // The face file's space-padded 国保 number comes back zero-padded, the JSON form's width (§2.3).
    expect(fromJsonForm(qualificationResponse, older)).toEqual(insurerNumbersAs(face, 'json'));
  });

  it.each([
    ['a number value', { XmlMsg: { MessageHeader: { MedicalInstitutionCode: 1399999999 }, MessageBody: {} } }, 'INVALID_VALUE'],
    ['another root', { Msg: {} }, 'UNEXPECTED_ROOT'],
    ['a list that is not an array', { XmlMsg: { MessageHeader: { MedicalInstitutionCode: '1399999999' }, MessageBody: { ResultList: {} } } }, 'JSON_LIST_SHAPE'],
    [
      'a list entry with the wrong wrapper',
      { XmlMsg: { MessageHeader: { MedicalInstitutionCode: '1399999999' }, MessageBody: { ResultList: [{ Result: {} }] } } },
      'JSON_LIST_SHAPE',
    ],
    ['a missing header', { XmlMsg: { MessageBody: {} } }, 'MISSING_ELEMENT'],
    ['null', null, 'INVALID_VALUE'],
  ])('refuses %s', (_label, json, code) => {
    expect(codeOf(() => fromJsonForm(qualificationResponse, json))).toBe(code);
  });

  it('refuses text XML cannot carry, so a JSON request can always be answered in XML', () => {
    const request = qualificationRequest.parse(fixture('siquc01req.sjis.xml'));
    const json = toJsonForm(qualificationRequest, request) as { XmlMsg: { MessageHeader: Record<string, string> } };
    for (const bad of ['\u0000', 'a\u0001b', '\u000B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', 'x\uDC00', '\uDBFFa']) {
      const copy = structuredClone(json);
      copy.XmlMsg.MessageHeader['ArbitraryFileIdentifier'] = bad;
      expect(codeOf(() => fromJsonForm(qualificationRequest, copy)), JSON.stringify(bad)).toBe('INVALID_VALUE');
    }
    // Tab, newline, carriage return and a proper surrogate pair are fine.
    for (const good of ['a\tb', 'a\nb', 'a\rb', '\uD842\uDFB7']) {
      const copy = structuredClone(json);
      copy.XmlMsg.MessageHeader['ArbitraryFileIdentifier'] = good;
      expect(fromJsonForm(qualificationRequest, copy).MessageHeader.ArbitraryFileIdentifier).toBe(good);
    }
  });

  it('refuses malformed JSON text with a code', () => {
    expect(codeOf(() => parseJsonForm(qualificationResponse, '{"XmlMsg":'))).toBe('JSON_MALFORMED');
    expect(codeOf(() => parseJsonForm(qualificationResponse, '{}', { maxChars: 1 }))).toBe('XML_TOO_LARGE');
  });

  it('treats __proto__ and constructor keys as unknown', () => {
    const text = '{"XmlMsg":{"MessageHeader":{"MedicalInstitutionCode":"1399999999","__proto__":{"x":"1"},"constructor":"x"},"MessageBody":{}}}';
    expect(parseJsonForm(qualificationResponse, text).MessageHeader).toEqual({ MedicalInstitutionCode: '1399999999' });
    expect(codeOf(() => parseJsonForm(qualificationResponse, text, { unknownElements: 'reject' }))).toBe('UNEXPECTED_ELEMENT');
  });
});
